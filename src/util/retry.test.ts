import { describe, expect, it } from 'vitest';
import { retryDelayMs, withRetry } from './retry.js';
import { isTransient } from './transient.js';

describe('withRetry', () => {
  it('retries transient failures then returns (retry: transient errors are retried)', async () => {
    const seen: number[] = [];
    const r = await withRetry(
      async (a) => {
        seen.push(a);
        if (a < 2) throw new Error('reset');
        return 'ok';
      },
      { baseMs: 1, isTransient: () => true },
    );
    expect(r).toBe('ok');
    expect(seen).toEqual([0, 1, 2]);
  });
  it('throws a permanent failure at once (retry: only transient errors are retried)', async () => {
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw new Error('404');
        },
        { isTransient: () => false },
      ),
    ).rejects.toThrow('404');
    expect(n).toBe(1);
  });
  it('gives up after `retries` extra attempts (retry: bounded attempts)', async () => {
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw new Error('500');
        },
        { retries: 2, baseMs: 1, isTransient: () => true },
      ),
    ).rejects.toThrow('500');
    expect(n).toBe(3);
  });
  it('reports each retry with its delay (retry: onRetry sees Retry-After)', async () => {
    const delays: number[] = [];
    await withRetry(
      async (a) => {
        if (a === 0) throw new Error('429');
        return 1;
      },
      { isTransient: () => true, retryAfterMs: () => 3, onRetry: (_e, _a, d) => delays.push(d) },
    );
    expect(delays).toEqual([3]);
  });
  it('stops when the signal aborts (retry: interruption is not retried)', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(withRetry(async () => 1, { isTransient: () => true, signal: ac.signal })).rejects.toThrow('interrupted');
  });
});

describe('retryDelayMs', () => {
  it.each([
    [0, 0, 100],
    [0, 1, 200],
    [3, 0, 800],
    [10, 1, 10_000],
  ])('attempt %i with jitter %f waits %i ms (retry: capped exponential full jitter)', (attempt, rnd, want) => {
    expect(retryDelayMs(attempt, { baseMs: 200 }, undefined, () => rnd)).toBe(want);
  });
  it('uses Retry-After capped at maxMs (retry: server wait wins)', () => {
    expect(retryDelayMs(0, { maxMs: 5000 }, 60_000)).toBe(5000);
    expect(retryDelayMs(5, {}, 1500)).toBe(1500);
  });
});

describe('nested retry loops', () => {
  it('an error an inner loop retried to its limit is not retried again by the loops around it', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw Object.assign(new Error('503'), { transient: true });
    };
    const o = { retries: 4, baseMs: 0, maxMs: 0, isTransient };
    await expect(withRetry(() => withRetry(() => withRetry(failing, o), o), o)).rejects.toThrow('503');
    expect(calls).toBe(5);
  });

  it('an error the inner loop did not retry (it gave up at once) is still retried outside', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw Object.assign(new Error('stream cut'), { transient: true });
    };
    const inner = { retries: 0, baseMs: 0, maxMs: 0, isTransient: () => false };
    await expect(withRetry(() => withRetry(failing, inner), { retries: 2, baseMs: 0, maxMs: 0, isTransient })).rejects.toThrow('stream cut');
    expect(calls).toBe(3);
  });
});
