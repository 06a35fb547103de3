// Builds a small Go operator with Debian's Go toolchain (CGO off, so the binary runs in an empty
// image) and packs it into an OCI image pushed to a test registry. The binary is cached under
// .tmp by a hash of its sources and the toolchain's version, so the suite builds it once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { requireTool } from './tools.js';
import { makeTgz, type TarEntry } from './tar-builder.js';
import { putBlob, putManifest } from './raw-push.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds `files` (go.mod, *.go, embedded files) as one program; returns the binary's bytes. */
export async function buildGoOperator(files: Record<string, string>, ldflags = '', arch: 'amd64' | 'arm64' = 'amd64'): Promise<Buffer> {
  const go = await requireTool('go', 'golang-go');
  const { stdout: version } = await run(go, ['version']);
  const key = createHash('sha256').update(JSON.stringify({ files, ldflags, version, arch })).digest('hex').slice(0, 24);
  const dir = join(ROOT, '.tmp', 'go-operators', key);
  const bin = join(dir, 'manager');
  if (existsSync(bin)) return readFile(bin);
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(src, name), text);
  const env = {
    ...process.env,
    CGO_ENABLED: '0',
    GOOS: 'linux',
    GOARCH: arch,
    GOFLAGS: '-mod=mod',
    GOCACHE: join(ROOT, '.tmp', 'go-cache'),
    GOPATH: join(ROOT, '.tmp', 'go-path'),
    GOTOOLCHAIN: 'local',
  };
  await run(go, ['build', '-o', `${bin}.part`, ...(ldflags ? ['-ldflags', ldflags] : []), '.'], { cwd: src, env, maxBuffer: 16 * 1024 * 1024 });
  await rename(`${bin}.part`, bin);
  return readFile(bin);
}

const OCI = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

/** Pushes an image of these layers (each a list of tar entries, bottom first) with this container config. */
export async function pushImage(
  host: string,
  repo: string,
  tag: string,
  layers: TarEntry[][],
  config: Record<string, unknown> = {},
  architecture = 'amd64',
): Promise<string> {
  const blobs = [];
  for (const entries of layers) blobs.push(await putBlob(host, repo, makeTgz(entries)));
  const cfg = Buffer.from(JSON.stringify({ architecture, os: 'linux', config, rootfs: { type: 'layers', diff_ids: blobs.map((b) => b.digest) } }));
  const c = await putBlob(host, repo, cfg);
  const m = await putManifest(host, repo, tag, OCI.manifest, {
    schemaVersion: 2,
    mediaType: OCI.manifest,
    config: { mediaType: OCI.config, ...c },
    layers: blobs.map((b) => ({ mediaType: OCI.layer, ...b })),
  });
  return m.digest;
}
