import { describe, expect, it } from 'vitest';
import { UploadSource } from './upload-source.js';
import { borrow, giveBack, lend, LENT_BUFFER_SIZE, retire } from '../util/lent-buffers.js';

async function* pieces(sizes: number[], failAfter?: number) {
  let i = 0;
  for (const n of sizes) {
    if (failAfter !== undefined && i++ === failAfter) throw new Error('digest mismatch');
    yield new Uint8Array(n).fill(n);
  }
}

async function take(g: AsyncGenerator<Buffer>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(((await g.next()).value as Buffer).length);
  return out;
}

async function all(g: AsyncIterable<Buffer>): Promise<number[]> {
  const out: number[] = [];
  for await (const b of g) out.push(b.length);
  return out;
}

describe('UploadSource (a refused streamed PATCH is replayed as chunks while the window holds it)', () => {
  it.each([
    ['refused within the window: replay gives every byte once, in order', [3, 3, 3, 3], 10, 2, true, [3, 3, 3, 3]],
    ['refused past the window: no replay (memory stays bounded)', [3, 3, 3, 3], 5, 2, false, []],
    ['refused before any byte: replay is the whole source', [4, 4], 4, 0, true, [4, 4]],
  ])('%s', async (_n, sizes, window, sentBefore, replayable, replayed) => {
    const s = new UploadSource(pieces(sizes), window);
    const pull = s.pull();
    expect(await take(pull, sentBefore)).toHaveLength(sentBefore);
    expect(await s.handOn()).toBe(replayable);
    if (replayable) expect(await all(s.replay())).toEqual(replayed);
  });

  it('a piece read for a stopped PATCH is not lost (handOn waits for the read in flight)', async () => {
    const s = new UploadSource(pieces([2, 2, 2]), 100);
    const pull = s.pull();
    await pull.next();
    const inFlight = pull.next(); // not awaited: the PATCH was refused meanwhile
    expect(await s.handOn()).toBe(true);
    await inFlight;
    expect(await all(s.replay())).toEqual([2, 2, 2]);
  });

  it('past the window a kept piece is let go: its read buffer comes back with the request’s give-back, not at the answer', async () => {
    async function* lentPieces(n: number) {
      for (let i = 0; i < n; i++) {
        const buf = borrow(LENT_BUFFER_SIZE);
        lend(buf);
        retire(buf);
        yield buf;
      }
    }
    const s = new UploadSource(lentPieces(3), LENT_BUFFER_SIZE);
    const pull = s.pull();
    const first = (await pull.next()).value as Buffer;
    giveBack(first); // written while kept: it waits for the keeper
    const again = borrow(LENT_BUFFER_SIZE);
    retire(again);
    expect(again === first).toBe(false);
    await pull.next(); // past the window: nothing can be replayed any more
    const next = borrow(LENT_BUFFER_SIZE);
    retire(next);
    expect(next === first).toBe(true); // identity: a failed toBe would diff two 256 KiB buffers
    expect(await s.handOn()).toBe(false);
  });

  it('done only after a clean end; a source failure (digest mismatch) is kept for the caller', async () => {
    const ok = new UploadSource(pieces([1, 2]), 10);
    expect(await all(ok.pull())).toEqual([1, 2]);
    expect([ok.done, ok.sent, ok.error]).toEqual([true, 3, undefined]);
    const bad = new UploadSource(pieces([1, 2], 1), 10);
    await expect(all(bad.pull())).rejects.toThrow(/digest mismatch/);
    expect(bad.done).toBe(false);
    expect(String(bad.error)).toMatch(/digest mismatch/);
  });
});
