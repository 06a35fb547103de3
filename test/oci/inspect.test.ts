// inspect over layouts and archives: names, platforms, sizes, shared blobs counted once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectLayout } from '../../src/app/inspect/inspect.js';
import { writeArchive } from '../../src/layout/archive-writer.js';
import { writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';

let work: string;
let images: WrittenImage[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-inspect-'));
  const base = [{ seed: 'inspect-base', size: 100_000 }];
  images = await writeSyntheticImages(join(work, 'layout'), [
    { name: 'x/a', tag: '1', platforms: ['linux/amd64', 'linux/arm64'], baseLayers: base, layers: [{ seed: 'a', size: 1000 }] },
    { name: 'x/b', tag: '2', baseLayers: base, layers: [{ seed: 'b', size: 2000 }] },
  ]);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('inspectLayout', () => {
  it('lists names, digests and platforms of a layout; totals count shared blobs once', async () => {
    const r = await inspectLayout(join(work, 'layout'));
    expect(r.kind).toBe('layout');
    expect(r.images.map((i) => [i.name, i.digest])).toEqual(images.map((i) => [i.refName, i.digest]));
    expect(r.images[0].platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.totals.blobs).toBeLessThan(r.images[0].blobs + r.images[1].blobs);
    expect(r.images.every((i) => i.missing.length === 0)).toBe(true);
  });

  it('reads an archive in place and lists files kept beside the layout (a bundle lock)', async () => {
    const file = join(work, 'a.tar');
    await writeArchive(join(work, 'layout'), file, { extra: [{ name: 'airgap-lock.json', bytes: Buffer.from('{}') }] });
    const r = await inspectLayout(file);
    expect(r.kind).toBe('archive');
    expect(r.images).toHaveLength(2);
    expect(r.extraFiles).toEqual([{ name: 'airgap-lock.json', size: 2 }]);
    expect(r.totals.fileBytes).toBeGreaterThan(r.totals.bytes);
  });
});
