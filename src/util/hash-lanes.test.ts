import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestRanges, LANE_MIN_BYTES, lanesRunning, setLaneLimit, type FdRange } from './hash-lanes.js';
import { holdMainLane } from '../../test/support/hold-main-lane.js';

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

  it('the main thread hashes first: one range, with a lane allowed, runs here', async () => {
    setLaneLimit(1, { startBytes: 0 });
    let here = 0;
    expect(await digestRanges([{ fd: a.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => void here++)).toBeUndefined();
    expect(here).toBe(1);
  });

  it('with the main thread busy, a worker hashes ranges across two files as node:crypto does over the same bytes', async () => {
    setLaneLimit(1, { startBytes: 0 });
    const release = await holdMainLane();
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
    await release();
  });

  it('a file that ends early is said by the count of bytes read; a read error by its code', async () => {
    setLaneLimit(1, { startBytes: 0 });
    const release = await holdMainLane();
    const got = await digestRanges([{ fd: b.fd, pos: MiB, length: 4 * MiB }], 'sha256', async () => undefined);
    expect(got).toEqual({ hex: createHash('sha256').update(B.subarray(MiB)).digest('hex'), bytes: B.length - MiB });
    const dir = await open(work);
    try {
      await expect(digestRanges([{ fd: dir.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => undefined)).rejects.toMatchObject({ code: 'EISDIR' });
    } finally {
      await dir.close();
    }
    await release();
  });

  it('no worker starts for fewer waiting bytes than repay its start: the range waits for the main thread', async () => {
    setLaneLimit(1, { startBytes: 8 * MiB });
    const release = await holdMainLane();
    let here = 0;
    const waiting = digestRanges([{ fd: a.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => void here++);
    await new Promise((r) => setImmediate(r));
    expect(lanesRunning()).toBe(0);
    expect(here).toBe(0);
    await release();
    expect(await waiting).toBeUndefined();
    expect(here).toBe(1);
    expect(lanesRunning()).toBe(0);
  });

  it('without lanes, and for a small range, the main thread hashes', async () => {
    setLaneLimit(0, { startBytes: 0 });
    let here = 0;
    expect(await digestRanges([{ fd: a.fd, pos: 0, length: 2 * MiB }], 'sha256', async () => void here++)).toBeUndefined();
    setLaneLimit(1, { startBytes: 0 });
    const release = await holdMainLane();
    // a small one does not wait for the busy main thread's lane
    expect(await digestRanges([{ fd: a.fd, pos: 0, length: LANE_MIN_BYTES - 1 }], 'sha256', async () => void here++)).toBeUndefined();
    expect(here).toBe(2);
    await release();
  });

  it('many ranges at once share the lanes: each digest right, the main thread hashing one at a time', async () => {
    setLaneLimit(1, { startBytes: 0 });
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
    setLaneLimit(1, { startBytes: 0 });
    const release = await holdMainLane();
    const ac = new AbortController();
    // a range long enough to be hashing when the abort comes: the file read again and again
    const long: FdRange[] = Array.from({ length: 400 }, () => ({ fd: a.fd, pos: 0, length: A.length }));
    const running = digestRanges(long, 'sha256', async () => undefined, ac.signal);
    ac.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    expect(lanesRunning()).toBe(0);
    const got = await digestRanges([{ fd: b.fd, pos: 0, length: B.length }], 'sha256', async () => undefined);
    expect(got?.hex).toBe(createHash('sha256').update(B).digest('hex'));
    await release();
  });
});
