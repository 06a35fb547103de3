// `npm run package -- --sign-key KEY` writes NAME.tgz.prov beside each plugin tarball, signed by
// real GnuPG, and real Helm 4.1.4 installs the tarballs with verification on (its default) given
// the signer's public keyring; a tampered tarball, another key's keyring, or a missing .prov is
// refused and nothing is installed. The portable tarballs are used (the executables take
// minutes to make; they are signed by the same code).
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realHelm, requireTool } from '../support/tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIGNER = 'helm-airgap release <release@example.invalid>';
let work = '';
let version = '';
let gpg = '';
let signerHome = '';

/** A GnuPG home holding one new signing key; its public keyring exported where Helm reads it. */
async function keyHome(name: string, uid: string): Promise<{ home: string; keyring: string }> {
  const home = join(work, name);
  await mkdir(home);
  await chmod(home, 0o700);
  await execa(gpg, ['--homedir', home, '--batch', '--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', 'never']);
  const keyring = join(home, 'pubring-export.gpg');
  const exported = await execa(gpg, ['--homedir', home, '--export', uid], { encoding: 'buffer' });
  await writeFile(keyring, exported.stdout);
  return { home, keyring };
}

let signerKeyring = '';
let otherKeyring = '';

beforeAll(async () => {
  gpg = await requireTool('gpg', 'gnupg');
  work = await mkdtemp(join(tmpdir(), 'airgap-signed-'));
  version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
  ({ home: signerHome, keyring: signerKeyring } = await keyHome('signer', SIGNER));
  ({ keyring: otherKeyring } = await keyHome('other', 'someone else <other@example.invalid>'));
  await execa('npm', ['run', '--silent', 'package', '--', '--portable-only', '--sign-key', 'release@example.invalid', '--gnupg-home', signerHome], {
    cwd: ROOT,
  });
  return () => rm(work, { recursive: true, force: true });
}, 300_000);

async function helm4(name: string) {
  const { helm } = await realHelm(4);
  const h = join(work, name);
  const env = {
    HELM_CONFIG_HOME: join(h, 'config'),
    HELM_DATA_HOME: join(h, 'data'),
    HELM_CACHE_HOME: join(h, 'cache'),
    PATH: process.env.PATH ?? '',
    HOME: h,
  };
  return (args: string[]) => execa(helm, args, { env, extendEnv: false, reject: false, cwd: work });
}

/** The tarball (and its .prov, unless told) copied to a folder of their own, under the same names. */
async function copied(name: string, file: string, o: { prov?: boolean } = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await copyFile(join(ROOT, 'dist', file), join(dir, file));
  if (o.prov !== false) await copyFile(join(ROOT, 'dist', `${file}.prov`), join(dir, `${file}.prov`));
  return join(dir, file);
}

describe('plugin tarballs Helm 4 verifies', () => {
  it('writes a clear-signed .prov with the tarball sha256 under its name, as helm package --sign does', async () => {
    const file = `airgap-${version}.tgz`;
    const prov = await readFile(join(ROOT, 'dist', `${file}.prov`), 'utf8');
    const sum = (await execa('sha256sum', [join(ROOT, 'dist', file)])).stdout.split(' ')[0];
    expect(prov).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\n/);
    expect(prov).toContain(`\n...\nfiles:\n  ${file}: sha256:${sum}\n-----BEGIN PGP SIGNATURE-----`);
    // GnuPG itself agrees it is the signer's
    const checked = await execa(gpg, ['--homedir', signerHome, '--verify', join(ROOT, 'dist', `${file}.prov`)], { reject: false });
    expect(checked.exitCode, checked.stderr).toBe(0);
  });

  it('Helm 4 installs both tarballs with verification on, given the keyring, and runs the plugin', async () => {
    const run = await helm4('verified');
    for (const file of [`airgap-${version}.tgz`, `airgap-postrender-${version}.tgz`]) {
      const r = await run(['plugin', 'install', '--keyring', signerKeyring, await copied('verified-files', file)]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Signed by: ${SIGNER}`);
      expect(r.stdout).toContain('Plugin Hash Verified: sha256:');
    }
    const v = await run(['airgap', 'version']);
    expect(v.stdout).toContain(version);
    expect((await run(['plugin', 'list'])).stdout).toMatch(/^airgap\s/m);
  });

  it('refuses a tampered tarball, another key, and a tarball without its .prov; nothing is installed', async () => {
    const file = `airgap-${version}.tgz`;
    const tampered = await copied('tampered', file);
    const bytes = await readFile(tampered);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    await writeFile(tampered, bytes);
    const cases: [string, string[], RegExp][] = [
      ['tampered', ['--keyring', signerKeyring, tampered], /sha256 sum does not match/],
      ['other-key', ['--keyring', otherKeyring, await copied('other-key', file)], /plugin verification failed/],
      ['no-prov', ['--keyring', signerKeyring, await copied('no-prov', file, { prov: false })], /no provenance file/],
    ];
    for (const [name, args, why] of cases) {
      const run = await helm4(name);
      const r = await run(['plugin', 'install', ...args]);
      expect(r.exitCode, name).not.toBe(0);
      expect(r.stderr, name).toMatch(why);
      expect((await run(['plugin', 'list'])).stdout, name).not.toContain('airgap');
    }
  });
});
