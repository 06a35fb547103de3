import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Of } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { LayoutStore } from './layout-store.js';

let dir: string;
const bytes = Buffer.from('x'.repeat(10_000));
const d = { mediaType: MediaType.ociLayerGzip, digest: sha256Of(bytes), size: bytes.length };
const hex = d.digest.slice(7);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'layout-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LayoutStore', () => {
  it('creates oci-layout, index.json and blobs/sha256 (image-spec: layout structure)', async () => {
    await LayoutStore.open(dir, { create: true });
    expect(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')).manifests).toEqual([]);
    expect(await readdir(join(dir, 'blobs', 'sha256'))).toEqual([]);
  });

  it('refuses to open a directory without index.json unless asked to create (layout: clear error)', async () => {
    await expect(LayoutStore.open(dir)).rejects.toThrow(/cannot read index.json/);
  });

  it('stores verified bytes and treats present content as success (layout: idempotent push)', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    await s.push(d, Readable.from([bytes]));
    await s.push(d, Readable.from([Buffer.from('ignored: already present')]));
    expect(await readFile(join(dir, 'blobs', 'sha256', hex))).toEqual(bytes);
  });

  it('refuses wrong bytes and keeps nothing (layout: verify before rename)', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    await expect(s.push(d, Readable.from([Buffer.from('y'.repeat(10_000))]))).rejects.toThrow(/digest mismatch/);
    expect(await s.exists(d)).toBe(false);
    expect(await s.partialSize(d)).toBe(0);
  });

  it('verifies a stored blob in place: intact passes, changed bytes or size fail, a missing one is not found', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    await s.push(d, Readable.from([bytes]));
    await s.verify(d);
    await writeFile(join(dir, 'blobs', 'sha256', hex), Buffer.from('y'.repeat(10_000)));
    await expect(s.verify(d)).rejects.toThrow(/digest mismatch/);
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes.subarray(1));
    await expect(s.verify(d)).rejects.toThrow(/size/i);
    await expect(s.verify({ ...d, digest: sha256Of(Buffer.from('other')) })).rejects.toThrow(/not found/);
  });

  it('continues a partial download from its offset (layout: resume)', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    await mkdir(join(dir, '.airgap-partial'), { recursive: true });
    await writeFile(join(dir, '.airgap-partial', `sha256-${hex}`), bytes.subarray(0, 4000));
    expect(await s.partialSize(d)).toBe(4000);
    await s.pushFrom(d, Readable.from([bytes.subarray(4000)]), 4000);
    expect(await readFile(join(dir, 'blobs', 'sha256', hex))).toEqual(bytes);
  });

  it('names images in index.json, replacing a name, sorted (layout: ref.name = full reference)', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    await s.push(d, Readable.from([bytes]));
    await s.tag(d, 'quay.io/b:1');
    await s.tag({ ...d, annotations: { 'io.containerd.image.name': 'docker.io/library/a:1' } }, 'docker.io/library/a:1');
    await s.tag(d, 'quay.io/b:1');
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['org.opencontainers.image.ref.name'])).toEqual([
      'docker.io/library/a:1',
      'quay.io/b:1',
    ]);
    const again = await LayoutStore.open(dir);
    expect((await again.resolve('a:1')).digest).toBe(d.digest);
    await expect(again.resolve('c:1')).rejects.toThrow(/no image named "c:1".*/);
  });

  it('two concurrent pushes of the same blob store it once, intact (layout: one writer per digest)', async () => {
    const s = await LayoutStore.open(dir, { create: true });
    const slow = (b: Buffer) =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < b.length; i += 1000) {
            await new Promise((r) => setImmediate(r));
            yield b.subarray(i, i + 1000);
          }
        })(),
      );
    await Promise.all([s.push(d, slow(bytes)), s.push(d, slow(bytes)), s.push(d, slow(bytes))]);
    expect(await readFile(join(dir, 'blobs', 'sha256', hex))).toEqual(bytes);
  });
});
