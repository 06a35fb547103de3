import { describe, expect, it } from 'vitest';
import { chunksOf } from './upload.js';

async function sizes(pieces: number[], size: number): Promise<number[]> {
  async function* src() {
    for (const n of pieces) yield new Uint8Array(n);
  }
  const out: number[] = [];
  for await (const c of chunksOf(src(), size)) out.push(c.length);
  return out;
}

describe('chunksOf (PATCH chunks: every chunk but the last is full size)', () => {
  it.each([
    ['pieces smaller than a chunk are joined', [3, 3, 3], 4, [4, 4, 1]],
    ['a piece larger than a chunk is split', [10], 4, [4, 4, 2]],
    ['an exact multiple leaves no empty tail', [4, 4], 4, [4, 4]],
    ['empty input gives no chunk', [], 4, []],
  ])('%s', async (_n, pieces, size, expected) => {
    expect(await sizes(pieces, size)).toEqual(expected);
  });
});
