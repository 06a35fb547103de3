// Multi-arch images with shared layers through every copy path, checked by skopeo and umoci.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImages } from '../../src/app/copy/copy.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';
import { requireTool } from '../support/tools.js';

const run = promisify(execFile);
let reg: RunningRegistry;
let work: string;
let images: WrittenImage[];
const base = [{ seed: 'base-os', size: 300_000 }];

async function skopeo(...args: string[]): Promise<string> {
  const bin = await requireTool('skopeo', 'skopeo');
  return (await run(bin, args, { maxBuffer: 64 << 20 })).stdout;
}

async function digestAt(ref: string): Promise<string> {
  const res = await fetch(`${reg.url}/v2/${ref.split(':')[0]}/manifests/${ref.split(':')[1]}`, {
    method: 'HEAD',
    headers: {
      accept:
        'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  return res.headers.get('docker-content-digest') ?? `HTTP ${res.status}`;
}

beforeAll(async () => {
  reg = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-copy-'));
  images = await writeSyntheticImages(join(work, 'seed'), [
    { name: 'library/app', tag: '1.0', platforms: ['linux/amd64', 'linux/arm64/v8'], baseLayers: base, layers: [{ seed: 'app', size: 50_000 }] },
    { name: 'team/tool', tag: 'v2', platforms: ['linux/amd64', 'linux/arm64/v8'], baseLayers: base, layers: [{ seed: 'tool', size: 40_000 }] },
    {
      name: 'legacy/dockerish',
      tag: '3',
      platforms: ['linux/amd64', 'linux/arm/v7'],
      baseLayers: base,
      layers: [{ seed: 'd', size: 20_000 }],
      mediaTypes: 'docker',
    },
    { name: 'single/one', tag: 'x', baseLayers: base, layers: [{ seed: 'one', size: 10_000 }] },
  ]);
  await seedRegistry(reg.host, images);
});

afterAll(async () => {
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('copy paths (issue 2: every path keeps digests)', () => {
  it('registry → oci layout: full ref names, skopeo and umoci read it', async () => {
    const dir = join(work, 'layout1');
    const r = await copyImages({
      items: [{ src: `docker://${reg.host}/library/app:1.0` }, { src: `docker://${reg.host}/single/one:x` }],
      destination: `oci:${dir}`,
    });
    expect(r.items.map((i) => i.digest)).toEqual([images[0].digest, images[3].digest]);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    const names = index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['org.opencontainers.image.ref.name']).sort();
    expect(names).toEqual([`${reg.host}/library/app:1.0`, `${reg.host}/single/one:x`]);
    const raw = JSON.parse(await skopeo('inspect', '--raw', `oci:${dir}:${reg.host}/library/app:1.0`));
    expect(raw.manifests).toHaveLength(2);
    const umoci = await requireTool('umoci', 'umoci');
    const stat = await run(umoci, ['stat', '--image', `${dir}:${reg.host}/single/one:x`]);
    expect(stat.stdout).toContain('LAYER');
    await run(umoci, ['unpack', '--rootless', '--image', `${dir}:${reg.host}/single/one:x`, join(work, 'bundle1')]);
    expect((await readdir(join(work, 'bundle1', 'rootfs', 'data'))).length).toBe(2);
  });

  it('registry → archive → registry keeps digests, Docker media types included', async () => {
    const file = join(work, 'all.tar');
    await copyImages({ items: images.map((i) => ({ src: `docker://${reg.host}/${i.name}:${i.tag}` })), destination: `oci-archive:${file}` });
    const a = await ArchiveReader.open(file);
    expect(a.index.manifests).toHaveLength(4);
    const baseBlobs = a.entries().filter((e) => e.name.startsWith('blobs/sha256/'));
    expect(new Set(baseBlobs.map((e) => e.name)).size).toBe(baseBlobs.length);
    for (const i of images) {
      const r = await copyImages({
        items: [{ src: `oci-archive:${file}:${reg.host}/${i.name}:${i.tag}` }],
        destination: `docker://${reg.host}/back/${i.name}:${i.tag}`,
      });
      expect(r.items[0].digest).toBe(i.digest);
      expect(await digestAt(`back/${i.name}:${i.tag}`)).toBe(i.digest);
    }
  });

  it('skopeo copies our archive and layout back into a registry (interop)', async () => {
    const file = join(work, 'app.tar');
    await copyImages({ items: [{ src: `docker://${reg.host}/library/app:1.0` }], destination: `oci-archive:${file}:app:1.0` });
    await skopeo('copy', '--all', '--preserve-digests', '--dest-tls-verify=false', `oci-archive:${file}:app:1.0`, `docker://${reg.host}/fromskopeo/app:1.0`);
    expect(await digestAt('fromskopeo/app:1.0')).toBe(images[0].digest);
    const dir = join(work, 'layout2');
    await copyImages({ items: [{ src: `docker://${reg.host}/team/tool:v2` }], destination: `oci:${dir}:tool:v2` });
    await skopeo('copy', '--all', '--preserve-digests', '--dest-tls-verify=false', `oci:${dir}:tool:v2`, `docker://${reg.host}/fromskopeo/tool:v2`);
    expect(await digestAt('fromskopeo/tool:v2')).toBe(images[1].digest);
  });

  it('registry → registry keeps digests, many refs from a list in parallel, same-registry blobs mounted not moved', async () => {
    const list = join(work, 'list.txt');
    await writeFile(list, images.map((i) => `${reg.host}/${i.name}:${i.tag}`).join('\n') + '\n');
    const r = await copyImages({
      items: images.map((i, n) => ({ src: `${reg.host}/${i.name}:${i.tag}`, where: `${list}:${n + 1}` })),
      destination: `docker://${reg.host}/mirror`,
      naming: 'drop-host',
    });
    expect(r.failures).toEqual([]);
    expect(r.blobsMounted).toBeGreaterThan(0);
    expect(r.bytesCopied).toBe(0);
    for (const i of images) expect(await digestAt(`mirror/${i.name}:${i.tag}`)).toBe(i.digest);
    const again = await copyImages({ items: [{ src: `docker://${reg.host}/library/app:1.0` }], destination: `docker://${reg.host}/mirror/library/app:1.0` });
    expect(again.blobsCopied).toBe(0);
  });

  it('--platform keeps the index bytes (pinned digest works) with only the chosen platform (sparse index)', async () => {
    const dir = join(work, 'sparse');
    const r = await copyImages({
      items: [{ src: `docker://${reg.host}/library/app:1.0` }],
      destination: `oci:${dir}`,
      platforms: [{ os: 'linux', architecture: 'arm64' }],
    });
    expect(r.items[0].digest).toBe(images[0].digest);
    expect(r.items[0].platforms).toEqual(['linux/arm64/v8']);
    const blobs = await readdir(join(dir, 'blobs', 'sha256'));
    expect(blobs).toContain(images[0].manifests[1].digest.slice(7));
    expect(blobs).not.toContain(images[0].manifests[0].digest.slice(7));
    const raw = await skopeo('inspect', '--raw', `oci:${dir}:${reg.host}/library/app:1.0`);
    expect(raw).toContain(images[0].manifests[0].digest);
  });

  it('--platform to a registry that refuses a sparse index says so and what to do (docker-registry 2.8 validates index children)', async () => {
    const r = copyImages({
      items: [{ src: `docker://${reg.host}/library/app:1.0` }],
      destination: `docker://${reg.host}/sparse/app:1.0`,
      platforms: [{ os: 'linux', architecture: 'amd64' }],
    });
    await expect(r).rejects.toThrow(/refuses an index whose other platforms are missing/);
  });

  it('--mirror fetches a real name from the mirror and keeps the name in the layout', async () => {
    await copyImages({ items: [{ src: `docker://${reg.host}/team/tool:v2` }], destination: `docker://${reg.host}/quay.io/jetstack/tool:v2` });
    const dir = join(work, 'mirrored');
    const r = await copyImages({
      items: [{ src: 'docker://quay.io/jetstack/tool:v2' }],
      destination: `oci:${dir}`,
      registry: { mirrors: { 'quay.io': `${reg.host}/quay.io` } },
    });
    expect(r.items[0].digest).toBe(images[1].digest);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.manifests[0].annotations).toEqual({
      'io.containerd.image.name': 'quay.io/jetstack/tool:v2',
      'org.opencontainers.image.ref.name': 'quay.io/jetstack/tool:v2',
    });
  });

  it('oci layout → registry keeps digests (Docker media types in a layout too, which skopeo 1.9 cannot read)', async () => {
    const dir = join(work, 'layout-docker');
    await copyImages({ items: [{ src: `docker://${reg.host}/legacy/dockerish:3` }], destination: `oci:${dir}` });
    const r = await copyImages({ items: [{ src: `oci:${dir}:${reg.host}/legacy/dockerish:3` }], destination: `docker://${reg.host}/fromlayout/dockerish:3` });
    expect(r.items[0].mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(await digestAt('fromlayout/dockerish:3')).toBe(images[2].digest);
  });
});
