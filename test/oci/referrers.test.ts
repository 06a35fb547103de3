// --with-referrers: signatures and SBOMs travel with the image, through the referrers tag
// schema (docker-registry 2.8 has no referrers API) and cosign's sha256-<hex>.sig tags.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImages } from '../../src/app/copy/copy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';

let reg: RunningRegistry;
let work: string;
let img: WrittenImage;
let sbom: { digest: string; size: number };
let sig: { digest: string; size: number };

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Independent raw pushes (fetch), so the fixture does not depend on our registry client. */
async function pushBlob(repo: string, b: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha(b);
  const post = await fetch(`${reg.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const loc = new URL(post.headers.get('location')!, reg.url);
  loc.searchParams.set('digest', digest);
  const put = await fetch(loc, { method: 'PUT', body: b, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob push ${put.status}`);
  return { digest, size: b.length };
}

async function pushManifest(repo: string, ref: string, mediaType: string, v: unknown): Promise<{ digest: string; size: number }> {
  const b = Buffer.from(JSON.stringify(v));
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: b, headers: { 'content-type': mediaType } });
  if (res.status !== 201) throw new Error(`manifest push ${res.status}: ${await res.text()}`);
  return { digest: sha(b), size: b.length };
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

beforeAll(async () => {
  reg = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-referrers-'));
  [img] = await writeSyntheticImages(join(work, 'seed'), [
    { name: 'signed/app', tag: '1', platforms: ['linux/amd64', 'linux/arm64'], layers: [{ seed: 's', size: 2000 }] },
  ]);
  await seedRegistry(reg.host, [img]);
  const repo = 'signed/app';
  const empty = await pushBlob(repo, Buffer.from('{}'));
  const sbomLayer = await pushBlob(repo, Buffer.from('{"spdxVersion":"SPDX-2.3"}'));
  const subject = { mediaType: img.mediaType, digest: img.digest, size: img.size };
  const sbomManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: 'application/spdx+json',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
    layers: [{ mediaType: 'application/spdx+json', ...sbomLayer }],
    subject,
  };
  sbom = await pushManifest(repo, sha(Buffer.from(JSON.stringify(sbomManifest))), OCI_MANIFEST, sbomManifest);
  // Referrers tag schema: an index tagged sha256-<hex> listing the referrers.
  await pushManifest(repo, img.digest.replace(':', '-'), 'application/vnd.oci.image.index.v1+json', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: OCI_MANIFEST, ...sbom, artifactType: 'application/spdx+json' }],
  });
  // cosign's legacy signature tag.
  const sigLayer = await pushBlob(repo, Buffer.from('{"critical":{"image":{"docker-manifest-digest":"' + img.digest + '"}}}'));
  const cfg = await pushBlob(repo, Buffer.from('{"architecture":"","os":"","rootfs":{"type":"layers","diff_ids":[]}}'));
  sig = await pushManifest(repo, `${img.digest.replace(':', '-')}.sig`, OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...cfg },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...sigLayer, annotations: { 'dev.cosignproject.cosign/signature': 'MEUC' } }],
  });
});

afterAll(async () => {
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('--with-referrers (issue 2: signatures and SBOMs copied)', () => {
  it('into a layout: the SBOM referrer and the cosign .sig tag come along', async () => {
    const dir = join(work, 'layout');
    const r = await copyImages({ items: [{ src: `docker://${reg.host}/signed/app:1` }], destination: `oci:${dir}`, withReferrers: true });
    expect(r.items[0].referrers).toBe(1);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    const names = index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['org.opencontainers.image.ref.name']);
    expect(names).toContain(`${reg.host}/signed/app:${img.digest.replace(':', '-')}.sig`);
    await expect(readFile(join(dir, 'blobs', 'sha256', sbom.digest.slice(7)))).resolves.toBeDefined();
    await expect(readFile(join(dir, 'blobs', 'sha256', sig.digest.slice(7)))).resolves.toBeDefined();
  });

  it('registry to registry: the .sig tag resolves at the destination with the same digest', async () => {
    await copyImages({ items: [{ src: `docker://${reg.host}/signed/app:1` }], destination: `docker://${reg.host}/copy/app:1`, withReferrers: true });
    const res = await fetch(`${reg.url}/v2/copy/app/manifests/${img.digest.replace(':', '-')}.sig`, { method: 'HEAD', headers: { accept: OCI_MANIFEST } });
    expect(res.headers.get('docker-content-digest')).toBe(sig.digest);
    const sb = await fetch(`${reg.url}/v2/copy/app/manifests/${sbom.digest}`, { method: 'HEAD', headers: { accept: OCI_MANIFEST } });
    expect(sb.status).toBe(200);
  });

  it('without the flag nothing but the image is copied', async () => {
    const dir = join(work, 'plain');
    const r = await copyImages({ items: [{ src: `docker://${reg.host}/signed/app:1` }], destination: `oci:${dir}` });
    expect(r.items[0].referrers).toBe(0);
    await expect(readFile(join(dir, 'blobs', 'sha256', sig.digest.slice(7)))).rejects.toThrow();
  });
});
