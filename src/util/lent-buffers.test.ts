import { describe, expect, it } from 'vitest';
import { borrow, giveBack, keep, lend, LENT_BUFFER_SIZE, release, retire, unkeep } from './lent-buffers.js';

/** Borrows until the pool hands out `buf` again (true) or a fresh buffer (false). */
function comesBack(buf: Buffer): boolean {
  const next = borrow(LENT_BUFFER_SIZE);
  retire(next);
  return next === buf;
}

describe('lent read buffers', () => {
  // [what happens to a buffer with two views lent, whether it is read into again]
  const cases: [string, (buf: Buffer, a: Buffer, b: Buffer) => void, boolean][] = [
    ['retired, both views given back', (buf, a, b) => (retire(buf), giveBack(a), giveBack(b)), true],
    ['both views given back, then retired', (buf, a, b) => (giveBack(a), giveBack(b), retire(buf)), true],
    ['retired, one view still out', (buf, a) => (retire(buf), giveBack(a)), false],
    ['retired, one view given back twice', (buf, a) => (retire(buf), giveBack(a), giveBack(a)), false],
    ['views given back, not retired (the reader still reads into it)', (_, a, b) => (giveBack(a), giveBack(b)), false],
    ['retired, a view and a look-alike never lent given back', (buf, a) => (retire(buf), giveBack(a), giveBack(buf.subarray(10, 20))), false],
    // a view kept to replay comes back only from its keeper, whatever its consumer says
    ['retired, a kept view given back by its consumer only', (buf, a, b) => (keep(a), retire(buf), giveBack(a), giveBack(b)), false],
    ['retired, a kept view given back and released', (buf, a, b) => (keep(a), retire(buf), giveBack(a), giveBack(b), release(a)), true],
    ['retired, a kept view released twice, the other still out', (buf, a) => (keep(a), retire(buf), release(a), release(a)), false],
    ['retired, a view never kept released', (buf, a, b) => (retire(buf), release(a), giveBack(b)), false],
    // a keeper that lets go before the consumer is done: the consumer's give-back returns it
    ['retired, a kept view let go by its keeper, then given back', (buf, a, b) => (keep(a), retire(buf), unkeep(a), giveBack(a), giveBack(b)), true],
    ['retired, a kept view given back, then let go by its keeper', (buf, a, b) => (keep(a), retire(buf), giveBack(a), giveBack(b), unkeep(a)), true],
    ['retired, a kept view let go by its keeper, its consumer not done', (buf, a, b) => (keep(a), retire(buf), unkeep(a), giveBack(b)), false],
    [
      'retired, a kept view let go twice and given back twice, the other still out',
      (buf, a) => (keep(a), retire(buf), unkeep(a), unkeep(a), giveBack(a), giveBack(a)),
      false,
    ],
  ];
  it.each(cases)('%s', (_, steps, reused) => {
    const buf = borrow(LENT_BUFFER_SIZE);
    const a = buf.subarray(0, 100);
    const b = buf.subarray(100, 300);
    lend(a);
    lend(b);
    lend(a); // lent twice, counted once
    steps(buf, a, b);
    expect(comesBack(buf)).toBe(reused);
  });

  it('smaller buffers and buffers never borrowed are not pooled', () => {
    const small = borrow(1000);
    lend(small);
    retire(small);
    giveBack(small);
    expect(comesBack(small)).toBe(false);
    const other = Buffer.allocUnsafe(LENT_BUFFER_SIZE);
    lend(other);
    retire(other);
    giveBack(other);
    expect(comesBack(other)).toBe(false);
  });
});
