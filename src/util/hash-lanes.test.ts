import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestRanges, LANE_MIN_BYTES, lanesRunning, setLaneLimit, type FdRange } from './hash-lanes.js';

const MiB = 1024 * 1024;
const bytesOf = (seed: number, n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

describe('hash lanes', () => {
  let work: string;
  let a: FileHandle;
  let b: FileHandle;
  const A = bytesOf(1, 3 * MiB + 17);
  const B = bytesOf(7, 2 * MiB);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hash-lanes-'));
    await writeFile(join(work, 'a'), A);
    await writeFile(join(work, 'b'), B);
    a = await open(join(work, 'a'));
    b = await open(join(work, 'b'));
  });
  afterEach(() => setLaneLimit(1));
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a worker hashes ranges across two files as node:crypto does over the same bytes, and the main thread is not asked', async () => {
    setLaneLimit(1);
    let here = 0;
    const ranges: FdRange[] = [
      { fd: a.fd, pos: 5, length: A.length - 5 },
      { fd: b.fd, pos: 0, length: MiB + 3 },
    ];
    const got = await digestRanges(ranges, 'sha512', async () => void here++);
    const want = createHash('sha512')
      .update(A.subarray(5))
      .update(B.subarray(0, MiB + 3))
      .digest('hex');
    expect(got).toEqual({ hex: want, bytes: A.length - 5 + MiB + 3 });
    expect(here).toBe(0);
  });

  it('a file that ends early is said by the count of bytes read', async () => {
    setLaneLimit(1);
    const got = await digestRanges([{ fd: b.fd, pos: MiB, length: 4 * MiB }], 'sha256', async () => undefined);
    expect(got).toEqual({ hex: createHash('sha256').update(B.subarray(MiB)).digest('hex'), bytes: B.length - MiB });
  });

  it("a worker's read error rejects with the error's code", async () => {
    setLaneLimit(1);
    const dir = await open(work);
    try {
      await expect(digestRanges([{ fd: dir.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => undefined)).rejects.toMatchObject({ code: 'EISDIR' });
    } finally {
      await dir.close();
    }
  });

  it('without lanes, and for a small range, the main thread hashes (here runs, no digest comes back)', async () => {
    setLaneLimit(0);
    let here = 0;
    expect(await digestRanges([{ fd: a.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => void here++)).toBeUndefined();
    setLaneLimit(1);
    expect(await digestRanges([{ fd: a.fd, pos: 0, length: LANE_MIN_BYTES - 1 }], 'sha256', async () => void here++)).toBeUndefined();
    expect(here).toBe(2);
  });

  it('many ranges at once share the lanes: each digest right, the main thread hashing one at a time', async () => {
    setLaneLimit(1);
    let here = 0;
    let hereAtOnce = 0;
    let hereMost = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const length = 2 * MiB + i;
        const got = await digestRanges([{ fd: a.fd, pos: i, length }], 'sha256', async () => {
          here++;
          hereMost = Math.max(hereMost, ++hereAtOnce);
          await new Promise((r) => setImmediate(r));
          hereAtOnce--;
        });
        return { i, length, got };
      }),
    );
    const onWorker = results.filter((r) => r.got);
    for (const r of onWorker)
      expect(r.got).toEqual({
        hex: createHash('sha256')
          .update(A.subarray(r.i, r.i + r.length))
          .digest('hex'),
        bytes: r.length,
      });
    expect(onWorker.length + here).toBe(12);
    expect(onWorker.length).toBeGreaterThan(0);
    expect(here).toBeGreaterThan(0);
    expect(hereMost).toBe(1);
  });

  it('an abort ends the worker before the promise rejects, and the next range starts another', async () => {
    setLaneLimit(1);
    const ac = new AbortController();
    // a range long enough to be hashing when the abort comes: the file read again and again
    const long: FdRange[] = Array.from({ length: 400 }, () => ({ fd: a.fd, pos: 0, length: A.length }));
    const running = digestRanges(long, 'sha256', async () => undefined, ac.signal);
    ac.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    expect(lanesRunning()).toBe(0);
    const got = await digestRanges([{ fd: b.fd, pos: 0, length: B.length }], 'sha256', async () => undefined);
    expect(got?.hex).toBe(createHash('sha256').update(B).digest('hex'));
  });
});
