// A bundle's blobs verified on a worker's hashing lane (util/hash-lanes.ts): the same verdicts, with
// the same words, as when the main thread hashes them, for a whole archive, one in parts and a
// layout folder. The main thread's lane is held taken, so that a large blob goes to the worker.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { LayoutStore } from '../../src/layout/layout-store.js';
import { lanesRunning, setLaneLimit } from '../../src/util/hash-lanes.js';
import { holdMainLane } from '../support/hold-main-lane.js';
import { rejection, writeFixtureBundle } from '../push/fixture-bundle.js';

const MiB = 1024 * 1024;

/** Runs `fn` with its large blobs hashed on a worker (`worker`) or on the main thread. */
async function hashedOn<T>(worker: boolean, fn: () => Promise<T>): Promise<T> {
  setLaneLimit(worker ? 1 : 0, { startBytes: 0 });
  const release = worker ? await holdMainLane() : undefined;
  try {
    return await fn();
  } finally {
    await release?.();
  }
}

describe('archive and layout verify on hashing lanes', () => {
  let work: string;
  let file: string;
  let dir: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'archive-lanes-'));
    const b = await writeFixtureBundle(work, [
      {
        name: 'quay.io/org/app',
        tag: '1',
        layers: [
          { seed: 'big', size: 3 * MiB },
          { seed: 'small', size: 9000 },
        ],
      },
    ]);
    file = b.file;
    dir = b.dir;
  });
  afterEach(() => setLaneLimit(1));
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  const blobs = (r: ArchiveReader) =>
    r
      .entries()
      .filter((e) => e.name.startsWith('blobs/sha256/'))
      .map((e) => ({ entry: e, d: { mediaType: 'application/octet-stream', digest: `sha256:${e.name.slice(13)}`, size: e.size } }))
      .sort((x, y) => y.entry.size - x.entry.size);

  /** The archive's bytes with one byte in the middle of its largest blob flipped. */
  const tampered = async () => {
    const bytes = await readFile(file);
    const r = await ArchiveReader.open(file);
    const big = blobs(r)[0]!;
    await r.close();
    const at = big.entry.offset + Math.floor(big.entry.size / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    return { big, at, bytes };
  };

  it('every blob of a sound archive verifies, on a worker and on the main thread', async () => {
    for (const worker of [true, false]) {
      const r = await ArchiveReader.open(file);
      try {
        const all = blobs(r);
        expect(all[0]!.entry.size).toBeGreaterThan(2 * MiB);
        await hashedOn(worker, () => Promise.all(all.map((b) => r.verify(b.d))));
        // the worker took the large blob (a lane that ran is idle now, not ended yet)
        expect(lanesRunning()).toBe(worker ? 1 : 0);
      } finally {
        await r.close();
      }
    }
  });

  it('a flipped byte fails the blob with the same digest mismatch on a worker as on the main thread', async () => {
    const { big, bytes } = await tampered();
    const out = join(work, 'tampered.tar');
    await writeFile(out, bytes);
    const messages: string[] = [];
    for (const worker of [true, false]) {
      const r = await ArchiveReader.open(out);
      try {
        const err = await hashedOn(worker, () => rejection(r.verify(big.d)));
        expect(err.code).toBe('ERR_DIGEST_MISMATCH');
        messages.push(err.message);
      } finally {
        await r.close();
      }
    }
    expect(messages[0]).toContain(big.entry.name);
    expect(messages[0]).toBe(messages[1]);
  });

  it('in parts, a worker reads across the cuts and the corrupt part is named', async () => {
    const { big, at, bytes } = await tampered();
    // cut at 1 MiB so the 3 MiB blob spans several parts; SHA256SUMS of the sound bytes
    const sound = await readFile(file);
    const base = join(work, 'split.tar');
    const sums: string[] = [];
    for (let i = 0, start = 0; start < bytes.length; i++, start += MiB) {
      const name = `split.tar.${String(i).padStart(3, '0')}`;
      await writeFile(join(work, name), bytes.subarray(start, start + MiB));
      sums.push(
        `${createHash('sha256')
          .update(sound.subarray(start, start + MiB))
          .digest('hex')}  ${name}`,
      );
    }
    await writeFile(`${base}.SHA256SUMS`, sums.join('\n') + '\n');
    const r = await ArchiveReader.open(base);
    try {
      expect(r.input.split).toBe(true);
      const err = await hashedOn(true, async () => {
        for (const b of blobs(r).slice(1)) await r.verify(b.d);
        return rejection(r.verify(big.d));
      });
      expect(err.code).toBe('ERR_DIGEST_MISMATCH');
      expect(err.message).toContain(`(corrupt part split.tar.${String(Math.floor(at / MiB)).padStart(3, '0')})`);
    } finally {
      await r.close();
    }
  });

  it('a layout folder: its blobs verify, and a flipped byte fails with the same words on a worker as on the main thread', async () => {
    const r = await ArchiveReader.open(file);
    const all = blobs(r);
    await r.close();
    const big = all[0]!;
    const copy = join(work, 'layout-copy');
    await cp(dir, copy, { recursive: true });
    const store = await LayoutStore.open(copy);
    await hashedOn(true, () => Promise.all(all.map((b) => store.verify(b.d))));
    const path = join(copy, 'blobs', 'sha256', big.d.digest.slice(7));
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await writeFile(path, bytes);
    const messages: string[] = [];
    for (const worker of [true, false]) {
      const err = await hashedOn(worker, () => rejection(store.verify(big.d)));
      expect(err.code).toBe('ERR_DIGEST_MISMATCH');
      messages.push(err.message);
    }
    expect(messages[0]).toContain(big.d.digest);
    expect(messages[0]).toBe(messages[1]);
  });
});
