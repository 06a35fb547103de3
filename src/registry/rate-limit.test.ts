import { describe, expect, it } from 'vitest';
import { formatRateLimit, parseRateLimitValue, rateLimitOf } from './rate-limit.js';

describe('registry rate-limit headers', () => {
  it.each([
    ['76;w=21600', { count: 76, window: 21600 }],
    ['100', { count: 100 }],
    [' 5 ; w = 60', { count: 5, window: 60 }],
    ['none', undefined],
    [null, undefined],
  ])('parses %j', (v, want) => expect(parseRateLimitValue(v)).toEqual(want));

  it("reads Docker Hub's three headers and says them in one line", () => {
    const h = new Headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600', 'docker-ratelimit-source': '203.0.113.7' });
    const r = rateLimitOf('registry-1.docker.io', h)!;
    expect(r).toEqual({ host: 'registry-1.docker.io', limit: 100, remaining: 76, windowSeconds: 21600, source: '203.0.113.7' });
    expect(formatRateLimit(r)).toBe('registry-1.docker.io: 76 of 100 pulls left per 6 h (counted for 203.0.113.7)');
    expect(rateLimitOf('x', new Headers())).toBeUndefined();
  });
});
