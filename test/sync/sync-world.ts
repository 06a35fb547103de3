// Registries for the sync tests: a source seeded with many repositories × tags that share a
// base layer (pushed byte for byte by the test's own HTTP client, not ours), and a way to read
// a registry's tags and digests with plain HTTP so the check does not trust the code it checks.
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryOptions, type RunningRegistry } from '../support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec, type WrittenImage } from '../support/synthetic-image.js';

export interface SeededSource {
  registry: RunningRegistry;
  images: WrittenImage[];
  stop(): Promise<void>;
}

/** `repos` repositories under `prefix`, `tags` tags each; every image shares one base layer. */
export function manyImages(prefix: string, repos: number, tags: number): SyntheticImageSpec[] {
  const out: SyntheticImageSpec[] = [];
  for (let r = 0; r < repos; r++)
    for (let t = 0; t < tags; t++)
      out.push({
        name: `${prefix}/app-${String(r).padStart(2, '0')}`,
        tag: `v1.${t}.0`,
        baseLayers: [{ seed: 'shared-base', size: 64 * 1024 }],
        layers: [{ seed: `app-${r}-${t}`, size: 2 * 1024 }],
        mediaTypes: 'docker',
      });
  return out;
}

export async function startSeededSource(specs: SyntheticImageSpec[], opts: RegistryOptions = {}): Promise<SeededSource> {
  const registry = await startRegistry(opts);
  const work = await mkdtemp(join(tmpdir(), 'airgap-sync-seed-'));
  const images = await writeSyntheticImages(join(work, 'layout'), specs);
  // one at a time: docker-registry's filesystem driver can garble one blob uploaded twice at once
  for (const img of images) await pushRaw(registry.host, img);
  return {
    registry,
    images,
    stop: async () => {
      await registry.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** GET/HEAD with optional Basic auth; resolves status, headers and body text. */
export function plainHttp(
  host: string,
  method: string,
  path: string,
  auth?: { user: string; password: string },
  accept?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const [hostname, port] = host.split(':');
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  if (accept) headers.accept = accept;
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The digest a registry serves for repo:tag (Docker-Content-Digest), or undefined when absent. */
export async function servedDigest(host: string, repo: string, tag: string, auth?: { user: string; password: string }): Promise<string | undefined> {
  const r = await plainHttp(host, 'HEAD', `/v2/${repo}/manifests/${tag}`, auth, ACCEPT);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`HEAD ${repo}:${tag}: ${r.status}`);
  return String(r.headers['docker-content-digest']);
}

export async function catalogOf(host: string, auth?: { user: string; password: string }): Promise<string[]> {
  const r = await plainHttp(host, 'GET', '/v2/_catalog?n=1000', auth);
  return (JSON.parse(r.body) as { repositories: string[] }).repositories;
}
