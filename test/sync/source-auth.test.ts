// A source that refuses the login (wrong password, or none found) is an authentication failure on
// the source with the ways to log in, whether the registry speaks Basic (htpasswd) or Bearer (a
// token server): not "does not list its repositories", whose next step sends the user elsewhere.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';
import { startSeededSource, type SeededSource } from './sync-world.js';

let seeded: SeededSource;
let basic: RunningRegistry;
let bearer: RunningRegistry;
let tokens: TokenServer;
let dst: RunningRegistry;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-source-auth-'));
  const data = join(work, 'data');
  seeded = await startSeededSource([{ name: 'team/api', tag: '1.0', layers: [{ seed: 'api', size: 2048 }] }], { rootDir: data });
  await seeded.registry.stop();
  tokens = await startTokenServer({ users: { ci: 'Right-Pw1' } });
  [basic, bearer, dst] = await Promise.all([
    startRegistry({ rootDir: data, auth: { kind: 'basic', htpasswd: await htpasswdEntry('ci', 'Right-Pw1') } }),
    startRegistry({ rootDir: data, auth: tokens.registryAuth() }),
    startRegistry(),
  ]);
  await mkdir(join(work, 'docker'), { recursive: true });
  await writeFile(join(work, 'docker', 'config.json'), '{"auths":{}}');
}, 120_000);
afterAll(async () => {
  await Promise.all([basic?.stop(), bearer?.stop(), dst?.stop(), tokens?.stop(), seeded?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const env = () => ({ DOCKER_CONFIG: join(work, 'docker'), HOME: work, CI: 'true' });

describe('sync: the source refuses the login', () => {
  it.each([
    ['Basic, wrong password', () => basic.host, ['--src-creds', 'ci:wrong']],
    ['Basic, no login', () => basic.host, []],
    ['Bearer, wrong password', () => bearer.host, ['--src-creds', 'ci:wrong']],
  ])('%s: an authentication failure on the source, with how to log in', async (_label, host, creds) => {
    const r = await runCli(['sync', `docker://${host()}`, `docker://${dst.host}/m`, ...creds], env());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: source ${host().replace(/[.]/g, '\\.')}: authentication failed \\(HTTP 401\\)`, 'm'));
    expect(r.stderr).not.toContain('does not list its repositories');
    expect(r.stderr).toContain(`next: log in to the source registry with its user and password: docker login ${host()} or helm registry login ${host()}`);
    // the forms that keep the password out of ps come first
    expect(r.stderr).toContain('--src-username USER with --src-password-stdin, --src-password-file FILE or $HELM_AIRGAP_SRC_PASSWORD');
    expect(r.stderr).not.toContain('wrong');
  });

  it('a Bearer registry that lists nothing to anonymous access: the missing login is named first', async () => {
    const r = await runCli(['sync', `docker://${bearer.host}`, `docker://${dst.host}/m`], env());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bearer.host} does not list its repositories (no /v2/_catalog for anonymous access: no login for it was found)`);
    expect(r.stderr).toContain(`next: log in to the source registry with its user and password: docker login ${bearer.host}`);
  });

  it('the right password syncs', async () => {
    const r = await runCli(['sync', `docker://${basic.host}`, `docker://${dst.host}/m`, '--src-creds', 'ci:Right-Pw1'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 copied');
  });
});
