import { describe, expect, it } from 'vitest';
import { createPool } from './pool.js';

describe('createPool', () => {
  it('never runs more than `concurrency` tasks at once (pool: bounded concurrency)', async () => {
    const pool = createPool(3);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return i;
    };
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run(() => task(i))));
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });
  it('frees the slot when a task fails (pool: failures release)', async () => {
    const pool = createPool(1);
    await expect(
      pool.run(async () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    expect(await pool.run(async () => 2)).toBe(2);
    expect(pool.active).toBe(0);
  });
  it.each([0, -1, 1.5])('refuses concurrency %d (pool: positive integer)', (n) => {
    expect(() => createPool(n)).toThrow(RangeError);
  });
});
