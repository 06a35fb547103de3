import { describe, expect, it } from 'vitest';
import { Secret } from '../util/secret.js';
import { EcrCredentialProvider, toRegistryCredential, type AuthorizationToken } from './auth.js';

const HOUR = 3600_000;

function tokenSource(lifetimeMs: number, clock: { t: number }) {
  let n = 0;
  return async (): Promise<AuthorizationToken> => {
    n++;
    return { token: new Secret(Buffer.from(`AWS:pw${n}`).toString('base64')), expiresAt: new Date(clock.t + lifetimeMs) };
  };
}

describe('EcrCredentialProvider', () => {
  it('decodes base64("AWS:<password>") into a Basic login (GetAuthorizationToken format)', () => {
    const cred = toRegistryCredential(new Secret(Buffer.from('AWS:a:b=c').toString('base64')));
    expect(cred.username).toBe('AWS');
    expect(cred.password?.reveal()).toBe('a:b=c');
    expect(JSON.stringify(cred)).not.toContain('a:b=c');
  });

  it.each([
    ['one minute in', 60_000, 1],
    ['11 h in (45 min left)', 11 * HOUR, 1],
    ['11 h 50 min in (inside the 15 min refresh window)', 11 * HOUR + 50 * 60_000, 2],
    ['after expiry', 13 * HOUR, 2],
  ])('a 12 h token is reused or renewed: %s (refresh before expiresAt)', async (_label, elapsed, fetches) => {
    const clock = { t: 0 };
    const p = new EcrCredentialProvider({ source: tokenSource(12 * HOUR, clock), hosts: ['r.example'], now: () => clock.t });
    await p.get('r.example');
    clock.t += elapsed;
    await p.get('r.example');
    expect(p.fetches).toBe(fetches);
  });

  it('answers only for its own hosts (other registries keep their own logins)', async () => {
    const clock = { t: 0 };
    const p = new EcrCredentialProvider({ source: tokenSource(HOUR, clock), hosts: ['A.example'] });
    expect(await p.get('other.example')).toBeUndefined();
    expect((await p.get('a.example'))?.username).toBe('AWS');
  });

  it('fetches once for concurrent callers, and again after invalidate() (registry said: expired)', async () => {
    const clock = { t: 0 };
    const p = new EcrCredentialProvider({ source: tokenSource(12 * HOUR, clock), hosts: ['h'], now: () => clock.t });
    const all = await Promise.all([p.get('h'), p.get('h'), p.get('h')]);
    expect(p.fetches).toBe(1);
    expect(new Set(all.map((c) => c?.password?.reveal()))).toEqual(new Set(['pw1']));
    p.invalidate();
    expect((await p.get('h'))?.password?.reveal()).toBe('pw2');
  });

  it('short-lived tokens are reused for half their life, not fetched on every request', async () => {
    const clock = { t: 0 };
    const p = new EcrCredentialProvider({ source: tokenSource(60_000, clock), hosts: ['h'], now: () => clock.t });
    await p.get('h');
    clock.t += 29_000;
    await p.get('h');
    expect(p.fetches).toBe(1);
    clock.t += 2_000;
    await p.get('h');
    expect(p.fetches).toBe(2);
  });
});
