// What a docker config can make the tool run or print (issue 48, findings 7 and 10): credential
// helper names with a path run nothing, a helper is never taken from the working directory, one
// that never answers ends within --timeout (its children too), its output and secret are bounded,
// and a config.json that is not JSON is named by line and column, never quoted. The built CLI is
// run in a folder of planted programs, against a real htpasswd docker-registry.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFixtureBundle } from '../push/fixture-bundle.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const PASSWORD = 'Qz7xKp9-vW3mT8';

let work: string;
let reg: RunningRegistry;
let image: string;

async function script(file: string, body: string): Promise<void> {
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

/** A folder with a docker config holding `config` (text or object), used as cwd and DOCKER_CONFIG. */
async function folder(name: string, config: unknown): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

const exists = (f: string) =>
  readFile(f).then(
    () => true,
    () => false,
  );

/** Not a zombie either: this container's init does not reap what it inherits. */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/\) [ZX] /.test(stat);
}

function copy(dir: string, path: string, extra: string[] = []) {
  return execa(BIN, [...extra, 'copy', `docker://${image}`, `oci:${join(dir, 'out')}`], {
    cwd: dir,
    reject: false,
    extendEnv: false,
    // the node running these tests first (an absolute folder): the machine's own may be below the floor
    env: {
      PATH: `${dirname(process.execPath)}:${path}`,
      HOME: dir,
      DOCKER_CONFIG: dir,
      HELM_REGISTRY_CONFIG: join(dir, 'none.json'),
      HELM_AIRGAP_CACHE: join(dir, 'cache'),
    },
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cred-helpers-'));
  reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('ci', PASSWORD) } });
  const bundle = await writeFixtureBundle(work, [{ name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'h', size: 5_000 }] }]);
  const seed = await runCli(['push', bundle.file, '--registry', `${reg.host}/seed`, '--username', 'ci', '--password-stdin'], { DOCKER_CONFIG: work }, PASSWORD);
  expect(seed.exitCode, seed.stderr).toBe(0);
  image = `${reg.host}/seed/quay.io/org/app:1.0`;
});

afterAll(async () => {
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('credential helper names', () => {
  it.each([['x/evil'], ['../../bin/sh']])('%s is refused, and nothing it names relative to the working directory runs', async (name) => {
    const dir = await folder(`name-${name.replace(/\W/g, '_')}`, { credHelpers: { [reg.host]: name } });
    // what execvp would run for docker-credential-<name> from this folder
    await mkdir(join(dir, 'docker-credential-x'), { recursive: true });
    await script(join(dir, 'docker-credential-x', 'evil'), `touch ${join(dir, 'ran')}`);
    await mkdir(join(dir, 'docker-credential-..'), { recursive: true });
    await mkdir(join(dir, 'bin'), { recursive: true });
    await script(join(dir, 'bin', 'sh'), `touch ${join(dir, 'ran')}`);
    const r = await copy(dir, '/usr/bin:/bin');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/not a plain name/);
    expect(r.stderr).toContain(join(dir, 'config.json'));
    expect(await exists(join(dir, 'ran'))).toBe(false);
  });

  it('a helper in the working directory is not run, whatever empty or relative entries PATH has', async () => {
    const dir = await folder('cwd-helper', { credsStore: 'x' });
    await script(join(dir, 'docker-credential-x'), `touch ${join(dir, 'ran')}; echo '{"Username":"ci","Secret":"${PASSWORD}"}'`);
    const r = await copy(dir, ':.:bin:/usr/bin:/bin');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/docker-credential-x is not on PATH/);
    expect(await exists(join(dir, 'ran'))).toBe(false);
  });

  it('the same helper in an absolute PATH folder is run and logs in', async () => {
    const dir = await folder('path-helper', { credsStore: 'x' });
    await mkdir(join(dir, 'bin'), { recursive: true });
    await script(join(dir, 'bin', 'docker-credential-x'), `read server; echo '{"Username":"ci","Secret":"${PASSWORD}"}'`);
    const r = await copy(dir, `${join(dir, 'bin')}:/usr/bin:/bin`);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});

describe('a helper that misbehaves', () => {
  it('one that never answers is stopped at --timeout, with what it started', async () => {
    const dir = await folder('hang', { credsStore: 'hang' });
    await mkdir(join(dir, 'bin'), { recursive: true });
    await script(join(dir, 'bin', 'docker-credential-hang'), `sleep 600 & echo $! > ${join(dir, 'child.pid')}; wait`);
    const started = Date.now();
    const r = await copy(dir, `${join(dir, 'bin')}:/usr/bin:/bin`, ['--timeout', '2']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/docker-credential-hang get .*no answer within 2 s/);
    expect(r.stderr).toMatch(/--timeout/);
    expect(seconds).toBeLessThan(10);
    const child = Number(await readFile(join(dir, 'child.pid'), 'utf8'));
    expect(await running(child)).toBe(false);
  });

  it.each([
    ['prints more than 1 MiB', 'head -c 2000000 /dev/zero | tr "\\0" x', /printed more than 1048576 bytes/],
    ['holds a 50 KB secret', `printf '{"Username":"ci","Secret":"%s"}' "$(head -c 50000 /dev/zero | tr '\\0' s)"`, /the secret is 50000 bytes/],
  ])('one that %s is refused before anything is sent', async (_what, body, message) => {
    const dir = await folder(`big-${message.source.length}`, { credsStore: 'big' });
    await mkdir(join(dir, 'bin'), { recursive: true });
    await script(join(dir, 'bin', 'docker-credential-big'), `read server; ${body}`);
    const r = await copy(dir, `${join(dir, 'bin')}:/usr/bin:/bin`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.length).toBeLessThan(4000);
  });
});

describe('a docker config.json that is not JSON', () => {
  it.each([
    ['a value without quotes', `{"auths":{"r.io":{"auth":${Buffer.from(`ci:${PASSWORD}`).toString('base64')}}}}`, 1, 26],
    ['a trailing comma, the password nearby', `{\n  "auths": {\n    "r.io": { "username": "ci", "password": "${PASSWORD}" },\n  }\n}`, 4, 3],
  ])('%s: the error names line and column, and quotes nothing of the file', async (_what, text, line, column) => {
    const dir = await folder(`bad-json-${line}`, text);
    const r = await copy(dir, '/usr/bin:/bin');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'config.json')}: not valid JSON at line ${line}, column ${column}`);
    for (const secret of [PASSWORD, Buffer.from(`ci:${PASSWORD}`).toString('base64')])
      for (let i = 0; i + 6 <= secret.length; i++) expect(r.stderr).not.toContain(secret.slice(i, i + 6));
  });
});
