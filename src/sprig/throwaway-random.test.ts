import { describe, expect, it } from 'vitest';
import { sprigFuncs } from './index.js';
import { restartThrowawayRandom, reseedThrowawayRandom } from './throwaway-random.js';

describe('throwaway randomness (renders read for images, never installed)', () => {
  it('each restart draws the same strings and UUIDs again; draws within a render differ; kept renders stay random', () => {
    const f = sprigFuncs({ throwawayKeys: true }) as Record<string, (...a: unknown[]) => unknown>;
    const draw = () => [f.randAlphaNum!(12n), f.randAlphaNum!(12n), f.uuidv4!(), f.randInt!(0n, 1000000n)];
    restartThrowawayRandom();
    const first = draw();
    restartThrowawayRandom();
    expect(draw()).toEqual(first);
    expect(first[0]).not.toBe(first[1]);
    expect(first[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    reseedThrowawayRandom();
    expect(draw()).not.toEqual(first);
    const kept = sprigFuncs() as Record<string, (...a: unknown[]) => unknown>;
    restartThrowawayRandom();
    const a = kept.randAlphaNum!(12n);
    restartThrowawayRandom();
    expect(kept.randAlphaNum!(12n)).not.toBe(a);
  });
});
