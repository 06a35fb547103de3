// `npm run package -- --sign-key KEY` writes NAME.tgz.prov beside each plugin tarball, signed by
// real GnuPG, and real Helm 4.1.4 installs the tarballs with verification on (its default) given
// the signer's public keyring; a tampered tarball, another key's keyring, or a missing .prov is
// refused and nothing is installed. The files are the portable tarballs; from oci://, this host's
// per-platform tarballs too (each under its plugin's repository at the tag VERSION-OS-ARCH, with a
// second .prov naming NAME-VERSION.tgz, as Helm 4.1 checks an OCI plugin). Helm 3.17.2, which installs only folders:
// docs/install.md's check before unpacking (gpgv, then sha256sum against the signed sum) run as written,
// and `helm verify` on a plugin tarball (RSA keys only).
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realHelm, requireTool } from '../support/tools.js';
import { startRegistry } from '../support/registry.js';
import { runCli } from '../bundle/run-cli.js';
import { runPackage } from '../support/run-package.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** This host's platform by Helm's names, as the per-platform tarballs are named. */
const HOST = `linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
const SIGNER = 'helm-airgap release <release@example.invalid>';
let work = '';
let version = '';
let gpg = '';
let signerHome = '';
let dist = '';

/** A GnuPG home holding one new signing key; its public keyring exported where Helm reads it. */
async function keyHome(name: string, uid: string, algo = 'ed25519'): Promise<{ home: string; keyring: string }> {
  const home = join(work, name);
  await mkdir(home);
  await chmod(home, 0o700);
  await execa(gpg, ['--homedir', home, '--batch', '--passphrase', '', '--quick-gen-key', uid, algo, 'sign', 'never']);
  // outside the GnuPG home, written by gpg itself, and read back at once: a full suite's run once
  // gave Helm and gpgv an invalid keyring here ("Invalid packet") that a lone run never did
  const keyring = join(work, `${name}.pubring.gpg`);
  await execa(gpg, ['--homedir', home, '--batch', '--yes', '--output', keyring, '--export', uid]);
  const shown = await execa(gpg, ['--homedir', home, '--batch', '--show-keys', '--with-colons', keyring], { reject: false });
  if (shown.exitCode !== 0 || !/^pub:/m.test(shown.stdout))
    throw new Error(`gpg --export ${uid} wrote an unreadable keyring (${(await readFile(keyring)).length} bytes): ${shown.stderr}`);
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
  // the signed run's tarballs, .prov files and OCI layout (this host's platform's too), copied
  // before another test file's unsigned `npm run package` rewrites dist/; hard links, since dist/
  // replaces files by rename and never writes into one (a per-platform tarball is 47 MB)
  dist = join(work, 'dist');
  await runPackage(ROOT, ['--sign-key', 'release@example.invalid', '--gnupg-home', signerHome], async () => {
    await mkdir(join(dist, 'oci-prov'), { recursive: true });
    for (const name of ['airgap', 'airgap-postrender'])
      for (const f of [`${name}-${version}.tgz`, `${name}-${version}.tgz.prov`, `${name}-${version}-${HOST}.tgz`, `${name}-${version}-${HOST}.tgz.prov`])
        await copyFile(join(ROOT, 'dist', f), join(dist, f));
    for (const f of await readdir(join(ROOT, 'dist', 'oci-prov'))) await copyFile(join(ROOT, 'dist', 'oci-prov', f), join(dist, 'oci-prov', f));
    await execa('cp', ['-al', join(ROOT, 'dist', 'helm-plugins.oci'), join(dist, 'helm-plugins.oci')]);
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
  await copyFile(join(dist, file), join(dir, file));
  if (o.prov !== false) await copyFile(join(dist, `${file}.prov`), join(dir, `${file}.prov`));
  return join(dir, file);
}

/** One byte of the gzip stream flipped, as in transit. */
async function tamper(path: string): Promise<void> {
  const bytes = await readFile(path);
  bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
  await writeFile(path, bytes);
}

describe('plugin tarballs Helm 4 verifies', () => {
  it('writes a clear-signed .prov with the tarball sha256 under its name, as helm package --sign does', async () => {
    const file = `airgap-${version}.tgz`;
    const prov = await readFile(join(dist, `${file}.prov`), 'utf8');
    const sum = (await execa('sha256sum', [join(dist, file)])).stdout.split(' ')[0];
    expect(prov).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\n/);
    expect(prov).toContain(`\n...\nfiles:\n  ${file}: sha256:${sum}\n-----BEGIN PGP SIGNATURE-----`);
    // GnuPG itself agrees it is the signer's
    const checked = await execa(gpg, ['--homedir', signerHome, '--verify', join(dist, `${file}.prov`)], { reject: false });
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

  it('the per-platform tarballs from files with --keyring: verified at install, and `helm plugin list` says signed', async () => {
    const run = await helm4('verified-platform');
    for (const name of ['airgap', 'airgap-postrender']) {
      const file = `${name}-${version}-${HOST}.tgz`;
      const r = await run(['plugin', 'install', '--keyring', signerKeyring, await copied('verified-platform-files', file)]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('Plugin Hash Verified: sha256:');
      // Helm keeps the copy as NAME-VERSION.tgz and its listing looks for that name in the .prov
      const sum = (await execa('sha256sum', [join(dist, file)])).stdout.split(' ')[0];
      expect(await readFile(join(dist, `${file}.prov`), 'utf8')).toContain(`\n  ${file}: sha256:${sum}\n  ${name}-${version}.tgz: sha256:${sum}\n`);
    }
    const list = (await run(['plugin', 'list'])).stdout;
    expect(list).toMatch(/^airgap\s.*\ssigned\b/m);
    expect(list).toMatch(/^airgap-postrender\s.*\ssigned\b/m);
    expect(list).not.toContain('mismatched provenance');
  });

  it('refuses a tampered tarball, another key, and a tarball without its .prov; nothing is installed', async () => {
    const file = `airgap-${version}.tgz`;
    const tampered = await copied('tampered', file);
    await tamper(tampered);
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

/** The first ```sh block after the heading `marker` in docs/install.md (the README links each). */
async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(join(ROOT, 'docs/install.md'), 'utf8');
  const at = readme.indexOf(`\n## ${marker}\n`);
  if (at < 0) throw new Error(`docs/install.md has no heading "## ${marker}"`);
  return /```sh\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
}

/** docs/install.md's Helm 3 check-then-unpack line, as written, with the keyring and real Helm 3 swapped in. */
async function readmeHelm3Check(keyring: string): Promise<string> {
  return (await readmeBlock('Checking the tarball before unpacking (Helm 3)'))
    .split('./helm-airgap-release.gpg')
    .join(keyring)
    .split('airgap-0.1.0.tgz')
    .join(`airgap-${version}.tgz`);
}

async function helm3(name: string) {
  const { helm } = await realHelm(3);
  const h = join(work, name);
  const bin = join(h, 'bin');
  await mkdir(bin, { recursive: true });
  await symlink(helm, join(bin, 'helm'));
  const env = {
    HELM_CONFIG_HOME: join(h, 'config'),
    HELM_DATA_HOME: join(h, 'data'),
    HELM_CACHE_HOME: join(h, 'cache'),
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: h,
  };
  return {
    sh: (script: string, cwd: string) => execa('bash', ['-c', script], { env, extendEnv: false, reject: false, cwd, all: true }),
    helm: (args: string[], cwd = work) => execa(helm, args, { env, extendEnv: false, reject: false, cwd, all: true }),
  };
}

describe('Helm 3: the .prov checked before unpacking', () => {
  const file = () => `airgap-${version}.tgz`;

  it('Helm 3 still installs only folders: the tarball with its .prov beside it is not taken', async () => {
    const h = await helm3('h3-tarball');
    const r = await h.helm(['plugin', 'install', await copied('h3-tarball-files', file())]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain('expected plugin to be a folder');
  });

  it("docs/install.md's gpgv + sha256sum line unpacks and installs a signed tarball; Helm 3 runs the plugin", async () => {
    const h = await helm3('h3-signed');
    const tarball = await copied('h3-signed-files', file());
    const r = await h.sh(await readmeHelm3Check(signerKeyring), join(tarball, '..'));
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${file()}: OK`);
    expect((await h.helm(['plugin', 'list'])).all).toMatch(/^airgap\s/m);
    expect((await h.helm(['airgap', 'version'])).all).toContain(version);
  });

  it('the same line refuses a tampered tarball and another key before anything is unpacked', async () => {
    const tampered = await copied('h3-tampered', file());
    await tamper(tampered);
    const cases: [string, string, string, RegExp][] = [
      ['h3-tampered', tampered, signerKeyring, /FAILED/],
      ['h3-other-key', await copied('h3-other-key', file()), otherKeyring, /Can't check signature: No public key/],
    ];
    for (const [name, tarball, keyring, why] of cases) {
      const h = await helm3(`${name}-helm`);
      const dir = join(tarball, '..');
      const r = await h.sh(await readmeHelm3Check(keyring), dir);
      expect(r.exitCode, name).not.toBe(0);
      expect(r.all, name).toMatch(why);
      await expect(stat(join(dir, 'airgap')), name).rejects.toThrow();
      expect((await h.helm(['plugin', 'list'])).all, name).not.toContain('airgap');
    }
  });

  it('helm verify checks a plugin tarball signed by an RSA key (tampered: refused); an Ed25519 keyring it cannot read', async () => {
    const rsa = await keyHome('rsa-signer', 'rsa release <rsa@example.invalid>', 'rsa3072');
    const tarball = await copied('h3-rsa', file(), { prov: false });
    // signed as `npm run package -- --sign-key` signs (scripts/sign-plugin.mjs), by the RSA key
    const sign = `import { signPluginTarball } from ${JSON.stringify(join(ROOT, 'scripts/sign-plugin.mjs'))};
      await signPluginTarball(process.argv[1], await (await import('node:fs/promises')).readFile(process.argv[2], 'utf8'), { key: 'rsa@example.invalid', gnupgHome: process.argv[3] });`;
    await execa(process.execPath, ['--input-type=module', '-e', sign, tarball, join(ROOT, 'plugin.yaml'), rsa.home]);
    const h = await helm3('h3-verify');
    const ok = await h.helm(['verify', '--keyring', rsa.keyring, tarball]);
    expect(ok.exitCode, ok.all).toBe(0);
    expect(ok.all).toContain('Signed by: rsa release <rsa@example.invalid>');
    expect(ok.all).toContain('Chart Hash Verified: sha256:');
    const ed = await h.helm(['verify', '--keyring', signerKeyring, await copied('h3-ed25519', file())]);
    expect(ed.exitCode).not.toBe(0);
    expect(ed.all).toContain('public key type: 22');
    await tamper(tarball);
    const bad = await h.helm(['verify', '--keyring', rsa.keyring, tarball]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toContain('sha256 sum does not match');
  });
});

/** docs/install.md's OCI lines under `marker`, as written: the registry host swapped for a local docker-registry. */
async function readmeOciLines(host: string, marker = 'From an OCI registry (Helm 4)'): Promise<string[]> {
  return (await readmeBlock(marker))
    .split('registry.example.com')
    .join(host)
    .split('dist/helm-plugins.oci')
    .join(join(dist, 'helm-plugins.oci'))
    .split('-0.1.0')
    .join(`-${version}`)
    .split(':0.1.0')
    .join(`:${version}`)
    .split('linux-amd64')
    .join(HOST)
    .trim()
    .split('\n');
}

/**
 * docs/install.md's four lines under `marker`, as written against `host`: `helm airgap copy` pushes both
 * artifacts, Helm 4 installs both with verification on (NAME-verified), and the first install
 * with another key's keyring is refused with nothing installed (NAME-other-key).
 */
async function readmeOciInstalls(host: string, marker: string, name: string) {
  const lines = await readmeOciLines(host, marker);
  expect(lines).toHaveLength(4);
  for (const line of lines.filter((l) => l.startsWith('helm airgap copy '))) {
    const r = await runCli(line.replace(/^helm airgap /, '').split(' '), {}, undefined);
    expect(r.exitCode, `${line}\n${r.stderr}`).toBe(0);
  }
  const installs = lines.filter((l) => l.startsWith('helm plugin install ')).map((l) => l.replace(/^helm /, '').split(' '));
  const withKeyring = (args: string[], keyring: string) => [...args.map((a) => (a === 'helm-airgap-release.gpg' ? keyring : a)), '--plain-http'];
  const run = await helm4(`${name}-verified`);
  for (const args of installs) {
    const r = await run(withKeyring(args, signerKeyring));
    expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`Signed by: ${SIGNER}`);
    expect(r.stdout).toContain('Plugin Hash Verified: sha256:');
  }
  const other = await helm4(`${name}-other-key`);
  const refused = await other(withKeyring(installs[0]!, otherKeyring));
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stderr).toMatch(/verification failed|openpgp/);
  expect((await other(['plugin', 'list'])).stdout).not.toContain('airgap');
  return run;
}

describe('Helm 4: the plugins from an OCI registry', () => {
  it('helm airgap copy pushes dist/helm-plugins.oci; Helm 4 installs both from oci:// with verification on; another key is refused', async () => {
    const registry = await startRegistry();
    try {
      const run = await readmeOciInstalls(registry.host, 'From an OCI registry (Helm 4)', 'oci');
      expect((await run(['airgap', 'version'])).stdout).toContain(version);
      expect((await run(['plugin', 'list'])).stdout).toMatch(/^airgap-postrender\s.*signed/m);
    } finally {
      await registry.stop();
    }
  });
});

describe('Helm 4: the per-platform plugins from an OCI registry', () => {
  it("docs/install.md's lines push this host's tarballs; Helm 4 installs both from oci://REG/helm-plugins/NAME:VERSION-OS-ARCH with verification on and runs the executable", async () => {
    const registry = await startRegistry();
    try {
      const run = await readmeOciInstalls(registry.host, 'The per-platform plugins from an OCI registry (Helm 4)', 'oci-platform');
      // the per-platform plugin (its executable), not the portable one
      const data = join(work, 'oci-platform-verified', 'data', 'plugins');
      // plugins/NAME (the repository's last segment), beside the tarball and .prov Helm keeps as NAME-VERSION.tgz
      expect((await readdir(data)).sort()).toEqual([
        'airgap',
        `airgap-${version}.tgz`,
        `airgap-${version}.tgz.prov`,
        'airgap-postrender',
        `airgap-postrender-${version}.tgz`,
        `airgap-postrender-${version}.tgz.prov`,
      ]);
      await stat(join(data, 'airgap', 'bin', `helm-airgap-${HOST}`));
      expect((await run(['airgap', 'version'])).stdout).toContain(version);
    } finally {
      await registry.stop();
    }
  });

  it("why the layer's .prov is a second signature: a .prov naming the file alone is refused from oci://", async () => {
    const registry = await startRegistry();
    try {
      const file = `airgap-${version}-${HOST}.tgz`;
      const { writePluginLayout } = (await import(join(ROOT, 'scripts/plugin-oci-layout.mjs'))) as {
        writePluginLayout(dir: string, entries: { tarball: string; title: string; ref: string; prov?: string }[]): Promise<string>;
      };
      // a .prov naming the file alone (the one beside the file names NAME-VERSION.tgz too, for the listing)
      const { signPluginTarball } = (await import(join(ROOT, 'scripts/sign-plugin.mjs'))) as {
        signPluginTarball(tarball: string, pluginYaml: string, o: { key: string; gnupgHome: string; out: string }): Promise<string>;
      };
      const fileOnly = await signPluginTarball(join(dist, file), await readFile(join(ROOT, 'plugin.yaml'), 'utf8'), {
        key: 'release@example.invalid',
        gnupgHome: signerHome,
        out: join(work, `${file}.file-only.prov`),
      });
      const layout = await writePluginLayout(join(work, 'file-prov.oci'), [{ tarball: join(dist, file), title: file, ref: 'p', prov: fileOnly }]);
      const pushed = await runCli(['copy', `oci:${layout}:p`, `docker://${registry.host}/helm-plugins/airgap:p`]);
      expect(pushed.exitCode, pushed.stderr).toBe(0);
      const run = await helm4('oci-file-prov');
      const r = await run(['plugin', 'install', '--keyring', signerKeyring, '--plain-http', `oci://${registry.host}/helm-plugins/airgap:p`]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(`provenance does not contain a SHA for a file named "airgap-${version}.tgz"`);
      expect((await run(['plugin', 'list'])).stdout).not.toContain('airgap');
    } finally {
      await registry.stop();
    }
  });
});
