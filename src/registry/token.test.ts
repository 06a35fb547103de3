import { describe, expect, it } from 'vitest';
import { parseTokenResponse, repositoryScope, TokenCache, type Token } from './token.js';
import { Secret } from '../util/secret.js';

describe('parseTokenResponse (distribution auth/token.md)', () => {
  const now = 1_000_000;
  it.each([
    ['token field', '{"token":"a","expires_in":300}', 'a', now + 300_000 - 10_000],
    ['access_token is equivalent', '{"access_token":"b","expires_in":300}', 'b', now + 300_000 - 10_000],
    ['expires_in defaults to 60 s', '{"token":"c"}', 'c', now + 60_000 - 10_000],
    ['a short token is refreshed at half its life', '{"token":"d","expires_in":10}', 'd', now + 5_000],
  ])('%s', (_n, text, value, expiresAt) => {
    const t = parseTokenResponse(text, 'https://auth/token', now);
    expect([t.value.reveal(), t.expiresAt]).toEqual([value, expiresAt]);
  });

  it.each([
    ['not JSON', 'oops', /not JSON/],
    ['no token', '{"expires_in":3}', /no token/],
  ])('refuses %s', (_n, text, re) => {
    expect(() => parseTokenResponse(text, 'https://auth/token')).toThrow(re);
  });
});

describe('TokenCache', () => {
  const token = (v: string, expiresAt: number): Token => ({ value: new Secret(v), expiresAt });

  it('concurrent callers for one key share one exchange', async () => {
    const cache = new TokenCache(() => 0);
    let calls = 0;
    const exchange = async () => token(`t${++calls}`, 100);
    const got = await Promise.all([cache.get('k', exchange), cache.get('k', exchange), cache.get('k', exchange)]);
    expect(calls).toBe(1);
    expect(got.map((t) => t.value.reveal())).toEqual(['t1', 't1', 't1']);
  });

  it('an expired token is exchanged again', async () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    let calls = 0;
    const exchange = async () => token(`t${++calls}`, 100);
    await cache.get('k', exchange);
    now = 200;
    expect((await cache.get('k', exchange)).value.reveal()).toBe('t2');
  });

  it('a failed exchange is not cached', async () => {
    const cache = new TokenCache(() => 0);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('k', async () => token('ok', 100))).value.reveal()).toBe('ok');
  });
});

describe('repositoryScope (distribution auth/scope.md)', () => {
  it.each([
    ['library/nginx', ['pull'] as const, 'repository:library/nginx:pull'],
    ['org/app', ['pull', 'push'] as const, 'repository:org/app:pull,push'],
  ])('%s', (name, actions, scope) => {
    expect(repositoryScope(name, [...actions])).toBe(scope);
  });
});
