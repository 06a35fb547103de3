// A login goes only to the host it was given for (issue 48, finding 3): one real docker-registry
// with htpasswd users, reached through capture proxies that log every Authorization header, each
// proxy another host (127.0.0.x, or another port) as far as the client can tell. alice is the
// login given on the command line; bob is docker config's login for one other host; nobody else
// has one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';

const ALICE = 'pw-alice-1a2b3c';
const BOB = 'pw-bob-4d5e6f';
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
const ALICE_BASIC = basic('alice', ALICE);
const BOB_BASIC = basic('bob', BOB);

let work: string;
let reg: RunningRegistry;
let bundle: FixtureBundle;
const proxies: FaultProxy[] = [];

async function proxy(address = '127.0.0.1', rewriteLocation?: (l: string) => string): Promise<FaultProxy> {
  const p = await startFaultProxy(reg.host, { address, ...(rewriteLocation ? { rewriteLocation } : {}) });
  proxies.push(p);
  return p;
}

const sent = (p: FaultProxy) => p.log.map((r) => r.headers.authorization).filter((a): a is string => a !== undefined);

/** A docker config giving bob for each of `hosts`, and the environment that reads it. */
async function env(name: string, hosts: string[] = []): Promise<Record<string, string>> {
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const auths = Object.fromEntries(hosts.map((h) => [h, { auth: Buffer.from(`bob:${BOB}`).toString('base64') }]));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths }));
  return { DOCKER_CONFIG: dir, HELM_REGISTRY_CONFIG: join(dir, 'none.json'), HELM_AIRGAP_CACHE: join(dir, 'cache') };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cred-scope-'));
  reg = await startRegistry({ auth: { kind: 'basic', htpasswd: `${await htpasswdEntry('alice', ALICE)}\n${await htpasswdEntry('bob', BOB)}` } });
  bundle = await writeFixtureBundle(work, [
    { name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'a', size: 20_000 }] },
    { name: 'quay.io/org/web', tag: '2.0', layers: [{ seed: 'w', size: 30_000 }] },
  ]);
  // the images every test reads, pushed straight to the registry as alice
  const seed = await runCli(['push', bundle.file, '--registry', `${reg.host}/seed`, '--username', 'alice', '--password-stdin'], await env('seed'), ALICE);
  expect(seed.exitCode, seed.stderr).toBe(0);
});

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('push: an upload Location on another host', () => {
  it.each([
    ['another address', '127.0.0.2'],
    ['another port', '127.0.0.1'],
  ])('is %s: the --username login never goes there; that host gets its own login after it challenges', async (_what, address) => {
    const other = await proxy(address);
    const front = await proxy('127.0.0.1', (l) => l.replace(/^http:\/\/[^/]+/, other.url));
    // blobs the registry has not seen, so that each run uploads
    const fresh = await writeFixtureBundle(join(work, `bundle-${other.host}`), [
      { name: 'quay.io/org/up', tag: '1', layers: [{ seed: other.host, size: 20_000 }] },
    ]);
    const r = await runCli(
      ['push', fresh.file, '--registry', `${front.host}/p`, '--username', 'alice', '--password-stdin'],
      await env('push', [other.host]),
      ALICE,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(other.log.filter((e) => e.method === 'PUT').length).toBeGreaterThan(0);
    expect(sent(other)).not.toContain(ALICE_BASIC);
    expect(sent(other)).toContain(BOB_BASIC);
    expect(sent(front)).toContain(ALICE_BASIC);
    expect(sent(front)).not.toContain(BOB_BASIC);
  });

  it('with no login for that host, the upload fails there (401) and the password still never goes', async () => {
    const other = await proxy('127.0.0.2');
    const front = await proxy('127.0.0.1', (l) => l.replace(/^http:\/\/[^/]+/, other.url));
    const fresh = await writeFixtureBundle(join(work, 'bundle-none'), [{ name: 'quay.io/org/up', tag: '1', layers: [{ seed: 'none', size: 20_000 }] }]);
    const r = await runCli(['push', fresh.file, '--registry', `${front.host}/q`, '--username', 'alice', '--password-stdin'], await env('push-none'), ALICE);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/401/);
    expect(r.stderr).toMatch(/docker login|helm registry login/);
    expect(other.log.length).toBeGreaterThan(0);
    expect(sent(other)).toEqual([]);
  });
});

describe('copy: --username is the destination login', () => {
  it("the source's challenge is answered from docker config, never with the destination's login", async () => {
    const src = await proxy('127.0.0.2');
    const dst = await proxy('127.0.0.1');
    const r = await runCli(
      ['copy', '--username', 'alice', '--password-stdin', `docker://${src.host}/seed/quay.io/org/app:1.0`, `docker://${dst.host}/copied/app:1.0`],
      await env('copy', [src.host]),
      ALICE,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sent(src)).not.toContain(ALICE_BASIC);
    expect(sent(src)).toContain(BOB_BASIC);
    expect(sent(dst)).toContain(ALICE_BASIC);
  });

  it('a source without a login is read anonymously: a 401 names the source, the login is not tried there', async () => {
    const src = await proxy('127.0.0.2');
    const dst = await proxy('127.0.0.1');
    const r = await runCli(
      ['copy', '--dest-username', 'alice', '--dest-password-stdin', `docker://${src.host}/seed/quay.io/org/app:1.0`, `docker://${dst.host}/copied/app:1.0`],
      await env('copy-anon'),
      ALICE,
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(src.host);
    expect(sent(src)).toEqual([]);
  });

  it("a list's second-column host does not get the destination's login", async () => {
    const src = await proxy('127.0.0.2');
    const dst = await proxy('127.0.0.1');
    const elsewhere = await proxy('127.0.0.3');
    const list = join(work, 'second-column.txt');
    await writeFile(list, `${src.host}/seed/quay.io/org/app:1.0\n${src.host}/seed/quay.io/org/web:2.0 ${elsewhere.host}/other/web:2.0\n`);
    const r = await runCli(
      ['copy', '--from-file', list, `docker://${dst.host}/m`, '--username', 'alice', '--password-stdin'],
      await env('copy-list', [src.host]),
      ALICE,
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`${list}:2`);
    expect(elsewhere.log.length).toBeGreaterThan(0);
    expect(sent(elsewhere)).toEqual([]);
    expect(sent(src)).not.toContain(ALICE_BASIC);
  });

  it('--src-username/--src-password-file log in to the source, HELM_AIRGAP_DEST_PASSWORD to the destination, each only there', async () => {
    const src = await proxy('127.0.0.2');
    const dst = await proxy('127.0.0.1');
    const file = join(work, 'bob.pw');
    await writeFile(file, `${BOB}\n`);
    const r = await runCli(
      [
        'copy',
        '--src-username',
        'bob',
        '--src-password-file',
        file,
        '--dest-username',
        'alice',
        `docker://${src.host}/seed/quay.io/org/web:2.0`,
        `docker://${dst.host}/sides/web:2.0`,
      ],
      { ...(await env('copy-sides')), HELM_AIRGAP_DEST_PASSWORD: ALICE },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sent(src)).toContain(BOB_BASIC);
    expect(sent(src)).not.toContain(ALICE_BASIC);
    expect(sent(dst)).toContain(ALICE_BASIC);
    expect(sent(dst)).not.toContain(BOB_BASIC);
  });
});

describe('verify --map --username', () => {
  it("sends the login to --registry's host only, never to a map's other hosts", async () => {
    const target = await proxy('127.0.0.1');
    const other = await proxy('127.0.0.2');
    const [app, web] = bundle.images;
    const map = join(work, 'verify.map.yaml');
    await writeFile(
      map,
      [
        'apiVersion: helm-airgap/v1',
        'kind: ImageMap',
        'images:',
        `  - { source: quay.io/org/app:1.0, destination: "${target.host}/seed/quay.io/org/app:1.0", digest: "${app!.digest}" }`,
        `  - { source: quay.io/org/web:2.0, destination: "${other.host}/seed/quay.io/org/web:2.0", digest: "${web!.digest}" }`,
        '',
      ].join('\n'),
    );
    // one at a time, in the map's order: the other host's refusal (it gets no login) ends the run,
    // and with both in flight a loaded machine could end it before the target's request was answered
    const r = await runCli(
      ['verify', '--map', map, '--registry', target.host, '--username', 'alice', '--password-stdin', '--concurrency', '1'],
      await env('verify'),
      ALICE,
    );
    expect(r.exitCode).not.toBe(0);
    expect(sent(target)).toContain(ALICE_BASIC);
    expect(other.log.length).toBeGreaterThan(0);
    expect(sent(other)).toEqual([]);
  });

  it('--username without --registry is a usage error (whose login would it be?)', async () => {
    const r = await runCli(['verify', '--map', join(work, 'verify.map.yaml'), '--username', 'alice', '--password-stdin'], await env('verify-none'), ALICE);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--registry/);
  });
});

describe('sync: each side its own login, the password off the command line', () => {
  it('--src-password-stdin reads an htpasswd registry; --dest-password-file writes another host; neither crosses', async () => {
    const src = await proxy('127.0.0.2');
    const dst = await proxy('127.0.0.1');
    const file = join(work, 'dest.pw');
    await writeFile(file, BOB);
    const r = await runCli(
      [
        '-o',
        'json',
        'sync',
        `docker://${src.host}/seed`,
        `docker://${dst.host}/synced`,
        '--src-username',
        'alice',
        '--src-password-stdin',
        '--dest-creds',
        'bob',
        '--dest-password-file',
        file,
      ],
      await env('sync'),
      `${ALICE}\n`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.copied).toBe(2);
    expect(sent(src)).toContain(ALICE_BASIC);
    expect(sent(src)).not.toContain(BOB_BASIC);
    expect(sent(dst)).toContain(BOB_BASIC);
    expect(sent(dst)).not.toContain(ALICE_BASIC);
    expect(r.stdout + r.stderr).not.toContain(ALICE);
  });

  it('--src-password-stdin and --dest-password-stdin cannot share stdin; a password without a user is named', async () => {
    const both = await runCli(
      ['sync', 'docker://a.example/x', 'docker://b.example/y', '--src-creds', 'u', '--src-password-stdin', '--dest-creds', 'v', '--dest-password-stdin'],
      await env('sync-both'),
      'x',
    );
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/both read stdin/);
    const userless = await runCli(['sync', 'docker://a.example/x', 'docker://b.example/y', '--dest-password-stdin'], await env('sync-userless'), 'x');
    expect(userless.exitCode).toBe(2);
    expect(userless.stderr).toMatch(/--dest-username/);
    // a device read as a password file: a few KiB of it, not all
    const endless = await runCli(
      ['sync', 'docker://a.example/x', 'docker://b.example/y', '--dest-username', 'v', '--dest-password-file', '/dev/zero'],
      await env('sync-zero'),
    );
    expect(endless.exitCode).toBe(1);
    expect(endless.stderr).toMatch(/--dest-password-file: the secret is \d+ bytes/);
  });
});
