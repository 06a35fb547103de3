import { describe, expect, it } from 'vitest';
import { dockerConfigCredentials, toHostname, type DockerConfig } from './docker-config.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('toHostname (DCLI ConvertToHostname)', () => {
  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['http://r.io:5000/path', 'r.io:5000'],
    ['quay.io', 'quay.io'],
  ])('%s → %s', (key, host) => expect(toHostname(key)).toBe(host));
});

describe('docker config auths (DCLI file.go)', () => {
  const lookup = async (config: DockerConfig, host: string) => {
    const c = await dockerConfigCredentials({ config }).get(host);
    return c && { username: c.username, password: c.password?.reveal(), refresh: c.refreshToken?.reveal(), access: c.accessToken?.reveal() };
  };

  it.each([
    ['auth is base64 user:password, split at the first colon', { auths: { 'r.io': { auth: b64('u:p:q') } } }, 'r.io', { username: 'u', password: 'p:q' }],
    ['trailing NULs are trimmed from the password', { auths: { 'r.io': { auth: b64('u:p\0\0') } } }, 'r.io', { username: 'u', password: 'p' }],
    ['username and password fields', { auths: { 'r.io': { username: 'u', password: 'p' } } }, 'r.io', { username: 'u', password: 'p' }],
    ['a key with scheme and path matches the host', { auths: { 'https://r.io/v1/': { auth: b64('u:p') } } }, 'r.io', { username: 'u', password: 'p' }],
    [
      'Docker Hub is stored under https://index.docker.io/v1/',
      { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } },
      'docker.io',
      { username: 'hub', password: 'pw' },
    ],
    ['identitytoken is a refresh token', { auths: { 'r.io': { identitytoken: 'rt' } } }, 'r.io', { refresh: 'rt' }],
    ['registrytoken is a ready bearer token', { auths: { 'r.io': { registrytoken: 'at' } } }, 'r.io', { access: 'at' }],
    ['another host has nothing', { auths: { 'r.io': { auth: b64('u:p') } } }, 'x.io', undefined],
  ])('%s', async (_n, config, host, expected) => {
    const got = await lookup(config as DockerConfig, host);
    expect(got && Object.fromEntries(Object.entries(got).filter(([, v]) => v !== undefined))).toEqual(expected);
  });

  it('an auth without a colon is a clear error', async () => {
    await expect(lookup({ auths: { 'r.io': { auth: b64('nocolon') } } }, 'r.io')).rejects.toThrow(/auths\[r.io\]/);
  });

  it('a missing config file means no credentials', async () => {
    expect(await dockerConfigCredentials({ path: '/nonexistent/config.json' }).get('r.io')).toBeUndefined();
  });
});
