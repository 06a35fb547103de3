import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { credentialChain, staticCredentials } from '../../src/registry/credentials.js';
import { dockerConfigCredentials } from '../../src/registry/docker-config.js';
import { Secret } from '../../src/util/secret.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';
import { image, randomBlob, readStream, sameBytes, stream } from './content.js';

const PASSWORD = 's3cret-Pa55word-xyz';

async function pushImage(client: RegistryClient, name: string) {
  const repo = client.repository(name);
  const img = image([randomBlob(2048)]);
  for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
  await repo.push(img.manifest.desc, stream(img.manifest));
  await repo.tag(img.manifest.desc, 'v1');
  return img;
}

function errorText(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e; x; x = (x as { cause?: unknown }).cause) parts.push(String(x), inspect(x), JSON.stringify(x) ?? '');
  return parts.join('\n');
}

describe('htpasswd Basic auth (distribution auth/htpasswd)', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('alice', PASSWORD) } });
  });
  afterAll(() => reg.stop());

  it('pushes and pulls with static credentials (--username/--password-stdin)', async () => {
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(PASSWORD) }, [reg.host]) });
    const img = await pushImage(client, `${reg.host}/basic/app`);
    const repo = client.repository(`${reg.host}/basic/app`);
    expect((await repo.resolve('v1')).digest).toBe(img.manifest.desc.digest);
    expect(sameBytes(await readStream(await repo.fetch(img.layers[0]!.desc)), img.layers[0]!.bytes)).toBe(true);
  });

  it('many concurrent first requests all learn the challenge and succeed', async () => {
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(PASSWORD) }, [reg.host]) });
    const repo = client.repository(`${reg.host}/basic/app`);
    const results = await Promise.all(Array.from({ length: 12 }, () => repo.resolve('v1')));
    expect(new Set(results.map((r) => r.digest)).size).toBe(1);
  });

  it('fails with 401 and a login hint without credentials', async () => {
    const err = await new RegistryClient()
      .repository(`${reg.host}/basic/app`)
      .resolve('v1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401 });
    expect((err as { hint: string }).hint).toMatch(/log in|login/);
  });

  it('never shows the password in errors for a wrong login', async () => {
    const wrong = 'wrong-' + PASSWORD;
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(wrong) }, [reg.host]) });
    const err = await client
      .repository(`${reg.host}/basic/app`)
      .resolve('v1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401 });
    expect(errorText(err)).not.toContain(wrong);
    expect(errorText(err)).not.toContain(Buffer.from(`alice:${wrong}`).toString('base64'));
  });
});

describe('Bearer token auth (distribution auth/token.md)', () => {
  let ts: TokenServer;
  let reg: RunningRegistry;
  beforeAll(async () => {
    ts = await startTokenServer({
      users: { alice: PASSWORD, reader: 'reader-pw' },
      refreshTokens: { 'refresh-abc-123': 'alice' },
      anonymousPull: true,
      grant: (user, _repo, asked) => (user === 'alice' ? asked : ['pull']),
    });
    reg = await startRegistry({ auth: ts.registryAuth() });
  });
  afterAll(async () => {
    await reg.stop();
    await ts.stop();
  });

  it('pushes with a pull,push token and pulls anonymously with a pull token', async () => {
    const alice = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(PASSWORD) }, [reg.host]) });
    const img = await pushImage(alice, `${reg.host}/tok/app`);
    expect(ts.log.some((l) => l.user === 'alice' && l.scopes.includes('repository:tok/app:pull,push'))).toBe(true);
    const anon = new RegistryClient();
    const repo = anon.repository(`${reg.host}/tok/app`);
    expect((await repo.resolve('v1')).digest).toBe(img.manifest.desc.digest);
    expect(sameBytes(await readStream(await repo.fetch(img.layers[0]!.desc)), img.layers[0]!.bytes)).toBe(true);
    expect(ts.log.some((l) => l.user === undefined && l.scopes.includes('repository:tok/app:pull'))).toBe(true);
  });

  it('reuses one token per scope set across requests (token cache)', async () => {
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(PASSWORD) }, [reg.host]) });
    const before = ts.log.length;
    const img = await pushImage(client, `${reg.host}/tok/cache`);
    const repo = client.repository(`${reg.host}/tok/cache`);
    await Promise.all([repo.resolve('v1'), repo.exists(img.config.desc), repo.exists(img.layers[0]!.desc)]);
    const asked = ts.log.slice(before).map((l) => l.scopes.join(' '));
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('concurrent first requests share one token exchange per scope set', async () => {
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret(PASSWORD) }, [reg.host]) });
    const repo = client.repository(`${reg.host}/tok/app`);
    const before = ts.log.length;
    const results = await Promise.all(Array.from({ length: 12 }, () => repo.resolve('v1')));
    expect(new Set(results.map((r) => r.digest)).size).toBe(1);
    expect(ts.log.length - before).toBeLessThanOrEqual(2);
  });

  it('a read-only user can pull but push is denied (intersection of scopes)', async () => {
    const reader = new RegistryClient({ credentials: staticCredentials({ username: 'reader', password: new Secret('reader-pw') }, [reg.host]) });
    const err = await pushImage(reader, `${reg.host}/tok/denied`).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401 });
  });

  it('a wrong password fails at the token endpoint without leaking it', async () => {
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'alice', password: new Secret('nope-' + PASSWORD) }, [reg.host]) });
    const err = await client
      .repository(`${reg.host}/tok/app`)
      .resolve('v1')
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/token .*refused/);
    expect(errorText(err)).not.toContain('nope-' + PASSWORD);
  });

  it('an identity token from docker config uses the OAuth2 refresh_token grant (auth/oauth.md)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-dockercfg-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { identitytoken: 'refresh-abc-123' } } }));
      const client = new RegistryClient({ credentials: dockerConfigCredentials({ path: join(dir, 'config.json') }) });
      await pushImage(client, `${reg.host}/tok/identity`);
      expect(ts.log.some((l) => l.method === 'POST' && l.user === 'alice')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('docker config credentials (DCLI file.go, credential helpers)', () => {
  let reg: RunningRegistry;
  let dir: string;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('bob', PASSWORD) } });
    dir = await mkdtemp(join(tmpdir(), 'airgap-dockercfg-'));
    // a fake helper that knows one server and prints "not found" for others, as real helpers do
    const helper = [
      '#!/bin/sh',
      'read server',
      `if [ "$server" = "${reg.host}" ]; then`,
      `  echo '{"ServerURL":"'$server'","Username":"bob","Secret":"${PASSWORD}"}'`,
      'else',
      '  echo "credentials not found in native keychain"; exit 1',
      'fi',
      '',
    ].join('\n');
    await writeFile(join(dir, 'docker-credential-test'), helper);
    await chmod(join(dir, 'docker-credential-test'), 0o755);
  });
  afterAll(async () => {
    await reg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ PATH: `${dir}:/usr/bin:/bin` });

  it.each([
    ['auths with base64 auth', () => ({ auths: { [`https://${reg.host}/v1/`]: { auth: Buffer.from(`bob:${PASSWORD}`).toString('base64') } } })],
    ['auths with username and password', () => ({ auths: { [reg.host]: { username: 'bob', password: PASSWORD } } })],
    ['credHelpers for the host', () => ({ credHelpers: { [reg.host]: 'test' } })],
    ['credsStore for every host', () => ({ credsStore: 'test', auths: { [reg.host]: {} } })],
  ])('%s', async (_name, config) => {
    const client = new RegistryClient({ credentials: dockerConfigCredentials({ config: config(), env: env() }) });
    const img = await pushImage(client, `${reg.host}/cfg/app`);
    expect((await client.repository(`${reg.host}/cfg/app`).resolve('v1')).digest).toBe(img.manifest.desc.digest);
  });

  it('a helper that has no entry means anonymous (not an error)', async () => {
    const creds = dockerConfigCredentials({ config: { credsStore: 'test' }, env: env() });
    expect(await creds.get('other.example:5000')).toBeUndefined();
  });

  it('a missing helper fails naming it', async () => {
    const creds = dockerConfigCredentials({ config: { credsStore: 'absent' }, env: env() });
    await expect(creds.get(reg.host)).rejects.toThrow(/docker-credential-absent/);
  });

  it('the chain takes the first provider that knows the host', async () => {
    const chain = credentialChain(
      staticCredentials({ username: 'x', password: new Secret('y') }, ['elsewhere:1']),
      dockerConfigCredentials({ config: { credsStore: 'test' }, env: env() }),
    );
    expect((await chain.get(reg.host))?.username).toBe('bob');
    expect((await chain.get('elsewhere:1'))?.username).toBe('x');
  });
});
