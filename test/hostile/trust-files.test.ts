// Every file a trust decision reads, on both sides of the gap, is read by one reader
// (src/util/trust-file.ts): a FIFO is refused at once (not waited on), a link to /dev/zero is
// refused as the device it is (not read until memory runs out), and a file past the bound for its
// kind is refused before it is parsed, each naming the file with a next: step. Also here: a TLS key
// others may read, and a HELM_AIRGAP_BUNDLE_KEY that names no key, are refused. The built CLI
// runs each case in its own process, killed if it hangs.
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { makeTestCa } from '../support/test-ca.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let work: string;
let goodPub: string;
let list: string;
let bundle: FixtureBundle;
/** The hostile stand-ins for a trust file: a FIFO nobody writes, a link to /dev/zero, a file too large. */
const bad: Record<'fifo' | 'zero' | 'large', string> = { fifo: '', zero: '', large: '' };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-trust-files-'));
  goodPub = join(work, 'good.pub');
  await writeFile(goodPub, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
  list = join(work, 'images.txt');
  await writeFile(list, '127.0.0.1:1/acme/app:1.0\n');
  bad.fifo = join(work, 'fifo.pem');
  await execa('mkfifo', [bad.fifo]);
  bad.zero = join(work, 'zero.pem');
  await symlink('/dev/zero', bad.zero);
  bad.large = join(work, 'large.pem');
  await writeFile(bad.large, Buffer.alloc(9 * 1024 * 1024, 0x41));
  bundle = await writeFixtureBundle(join(work, 'fixture'), [{ name: 'acme.example/app', tag: '1.0', layers: [{ seed: 'app', size: 1024 }] }]);
  return () => rm(work, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const r = await execa(BIN, args, {
    reject: false,
    timeout: 60_000,
    killSignal: 'SIGKILL',
    stdin: 'ignore',
    env: { CI: 'true', HELM_AIRGAP_CACHE: join(work, 'cache'), ...env },
  });
  return { exitCode: r.exitCode, timedOut: r.timedOut, stderr: String(r.stderr), stdout: String(r.stdout) };
}

/** The command line (and spec folder) that reads `file` as the named trust input. */
const CONNECTED: Record<string, (file: string) => Promise<string[]>> = {
  '--verify-key': async (f) => ['bundle', list, '--verify-key', f],
  "a policy's key:": async (f) => {
    const spec = join(await mkdtemp(join(work, 'spec-')), 'airgap.yaml');
    await writeFile(spec, `images: [127.0.0.1:1/acme/app:1.0]\nsignatures:\n  policy:\n    - match: "**"\n      key: ${f}\n`);
    return ['bundle', '--spec', spec];
  },
  '--trusted-root': async (f) => ['bundle', list, '--verify-key', goodPub, '--trusted-root', f],
  '--tuf-root': async (f) => [
    'bundle',
    list,
    '--certificate-identity',
    'builder@acme.example',
    '--certificate-oidc-issuer',
    'https://id.acme.example',
    '--tuf-mirror',
    'http://127.0.0.1:1',
    '--tuf-root',
    f,
  ],
  '--keyring': async (f) => ['bundle', list, '--keyring', f],
};

const ISOLATED: Record<string, (file: string) => Promise<string[]>> = {
  'push --key': async (f) => ['push', bundle.file, '--registry', '127.0.0.1:1/x', '--key', f],
  'verify --key': async (f) => ['verify', bundle.file, '--registry', '127.0.0.1:1/x', '--key', f],
  '--ca-file': async (f) => ['verify', bundle.file, '--registry', '127.0.0.1:1/x', '--ca-file', f],
};

describe.each(Object.entries({ ...CONNECTED, ...ISOLATED }))('%s', (flag, args) => {
  it.each(['fifo', 'zero', 'large'] as const)('given a %s: refused at once, naming the file, with a next: step', async (kind) => {
    const out = join(work, `out-${kind}.tar`);
    const r = await cli([...(await args(bad[kind])), ...(flag.includes(' --key') || flag === '--ca-file' ? [] : ['-o', out])]);
    expect(r.timedOut, `${flag} ${kind} hung`).toBe(false);
    expect(r.exitCode, r.stderr).toBe(2);
    // named by the flag, or by the policy line, that gave it
    const named = flag.startsWith('--') ? flag : flag.endsWith(' --key') ? '--key' : 'airgap.yaml:4: key';
    expect(r.stderr).toContain(`${named} ${bad[kind]}`);
    expect(r.stderr).toMatch(kind === 'fifo' ? /a FIFO \(named pipe\)/ : kind === 'zero' ? /a device/ : /larger than the \d+ (KiB|MiB) this command reads/);
    expect(r.stderr).toMatch(/\nnext: /);
  });
});

describe('serve --key-file', () => {
  it('refuses a TLS key file others may read, as ssh does, with the chmod that fixes it', async () => {
    const ca = await makeTestCa(join(work, 'ca'), 'trust-files');
    await chmod(ca.keyFile, 0o644);
    const r = await cli(['serve', bundle.file, '--cert-file', ca.certFile, '--key-file', ca.keyFile, '--port', '0']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--key-file ${ca.keyFile}: UNPROTECTED PRIVATE KEY FILE: permissions 0644`);
    expect(r.stderr).toContain(`next: chmod 600 ${ca.keyFile}`);
  });
});

describe('HELM_AIRGAP_BUNDLE_KEY naming no key', () => {
  it.each([',', '', ' , ', `${'KEY'},`])('%j is refused as malformed: the unsigned bundle is not pushed', async (value) => {
    const r = await cli(['push', bundle.file, '--registry', '127.0.0.1:1/x'], { HELM_AIRGAP_BUNDLE_KEY: value.replace('KEY', goodPub) });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('HELM_AIRGAP_BUNDLE_KEY=');
    expect(r.stderr).toMatch(/names no key|has an empty entry/);
    expect(r.stderr).toContain('next: set HELM_AIRGAP_BUNDLE_KEY');
  });
});
