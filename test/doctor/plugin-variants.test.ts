// `helm airgap doctor` and the install hook of both plugin variants, from `npm run package`'s
// tarballs installed into real Helm 3.17.2 and 4.1.4 (own HELM_* homes) on a host without node: a
// PATH of sh, coreutils and helm only. The self-contained plugin needs no node, and doctor must say
// so; the portable one cannot run there, and must say that (doctor, every command, its install).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { x as extract } from 'tar';
import { pathWithoutNode } from '../support/path-without-node.js';
import { realHelm, type HelmMajor } from '../support/tools.js';
import { runPackage } from '../support/run-package.js';
import { INSTALL, TEXT } from '../../bin/node-floor.cjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = process.arch === 'arm64' ? 'linux-arm64' : 'linux-amd64';
const CHART = join(ROOT, 'fixtures/demo/charts/webapp');

let work = '';
let version = '';

beforeAll(async () => {
  // the per-platform executables come from .tmp/sea when nothing that goes into them changed
  await runPackage(ROOT);
  version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
  work = await mkdtemp(join(tmpdir(), 'airgap-variants-'));
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Host {
  env: Record<string, string>;
  plugins: string;
  helm: (args: string[]) => ReturnType<typeof execa>;
}

/** A host of its own: Helm's homes under `name`, PATH without node (plus `extra` folders). */
async function host(major: HelmMajor, name: string, extra: string[] = []): Promise<Host> {
  const home = join(work, name);
  const bin = await pathWithoutNode(join(home, 'bin'), { helm: (await realHelm(major)).helm });
  const env = {
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_CACHE_HOME: join(home, 'cache'),
    PATH: [bin, ...extra].join(':'),
  };
  const helm = (args: string[]) => execa('helm', args, { env, extendEnv: false, cwd: home, reject: false });
  return { env, plugins: join(home, 'data', 'plugins'), helm };
}

/** docs/install.md's install for each Helm: Helm 4 takes the tarball, Helm 3 the folder in it. */
async function install(major: HelmMajor, h: Host, tarball: string) {
  if (major === 4) return h.helm(['plugin', 'install', '--verify=false', tarball]);
  const dir = join(h.env.HOME!, 'unpacked');
  await mkdir(dir, { recursive: true });
  await extract({ file: tarball, cwd: dir });
  return h.helm(['plugin', 'install', join(dir, 'airgap')]);
}

interface Finding {
  subject: string;
  status: string;
  detail: string;
  next?: string;
}

describe.each([3, 4] as const)('Helm %i on a host without node', (major) => {
  const portable = () => join(ROOT, 'dist', `airgap-${version}.tgz`);
  const next = () => `next: install ${INSTALL} or use the per-platform tarball airgap-${version}-${HOST}.tgz`;

  it('the per-platform plugin: doctor finds all it needs (exit 0), no node asked for', async () => {
    const h = await host(major, `sea-${major}`);
    const inst = await install(major, h, join(ROOT, 'dist', `airgap-${version}-${HOST}.tgz`));
    expect(inst.exitCode, String(inst.stderr)).toBe(0);
    const r = await h.helm(['airgap', 'doctor', '-o', 'json']);
    expect(r.exitCode, String(r.stdout)).toBe(0);
    const report = JSON.parse(String(r.stdout));
    expect(report.runtime.embedded).toBe(true);
    const launcher = (report.findings as Finding[]).find((f) => f.subject === 'launcher')!;
    expect(launcher).toMatchObject({ status: 'ok' });
    expect(launcher.detail).toContain(`bin/helm-airgap runs bin/helm-airgap-${HOST}, Node inside: no node needed on PATH`);
    expect((report.findings as Finding[]).filter((f) => f.status === 'fail')).toEqual([]);
    // every command ready; postrender aside on Helm 4, whose post-renderer plugin needs node
    const notReady = (report.commands as { command: string; status: string }[]).filter((c) => c.status !== 'ok').map((c) => c.command);
    expect(notReady).toEqual(major === 4 ? ['postrender'] : []);
    if (major === 4) {
      const warn = (report.findings as Finding[]).find((f) => f.status === 'warn')!;
      expect(warn.detail).toContain(`its portable tarball runs on ${TEXT} from PATH, which this host lacks`);
      expect(warn.next).toContain('helm plugin install --keyring KEYRING.gpg airgap-postrender-VERSION-OS-ARCH.tgz (Node inside');
      expect(warn.next).not.toContain('--verify=false');
    }
    // and what it says is so: a command runs
    const images = await h.helm(['airgap', 'images', CHART]);
    expect(images.exitCode, String(images.stderr)).toBe(0);
  });

  it('the portable plugin: a failed install is removed again, saying why and what to install', async () => {
    const h = await host(major, `portable-install-${major}`);
    const inst = await install(major, h, portable());
    expect(inst.exitCode).not.toBe(0);
    expect(inst.stderr).toContain('helm-airgap: no node on PATH: this is the portable plugin');
    expect(inst.stderr).toContain(next());
    expect(inst.stderr).toContain(`the plugin was removed again (${join(h.plugins, 'airgap')})`);
    const list = await h.helm(['plugin', 'list']);
    expect(list.stdout).not.toMatch(/^airgap\s/m);
    // nothing left in Helm's folder (Helm 4's copy of the tarball included); Helm 3's source folder kept
    expect(await readdir(h.plugins)).toEqual([]);
    if (major === 3) expect(existsSync(join(h.env.HOME!, 'unpacked', 'airgap', 'plugin.yaml'))).toBe(true);
    const run = await h.helm(['airgap', 'version']);
    expect(run.stderr).toContain('unknown command "airgap"');
  });

  it('the portable plugin installed with node, run without: doctor and each command say what is wrong, never "node: not found"', async () => {
    const withNode = join(work, `node-${major}`);
    await mkdir(withNode, { recursive: true });
    await symlink(process.execPath, join(withNode, 'node'));
    const installed = await host(major, `portable-run-${major}`, [withNode]);
    const inst = await install(major, installed, portable());
    expect(inst.exitCode, String(inst.stderr)).toBe(0);
    // the same homes, PATH without node
    const h = { ...installed, env: { ...installed.env, PATH: installed.env.PATH!.split(':')[0]! } };
    const helm = (args: string[]) => execa('helm', args, { env: h.env, extendEnv: false, reject: false });

    const text = await helm(['airgap', 'doctor']);
    expect(text.exitCode).not.toBe(0);
    expect(text.stdout).toContain('FAIL  launcher: no node on PATH: this is the portable plugin');
    expect(text.stdout).toContain(`        ${next()}`);
    expect(text.stderr).toContain('doctor: 1 thing to fix (launcher)');
    const json = await helm(['airgap', 'doctor', '-o', 'json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.error.code).toBe('ERR_PARTIAL');
    expect(doc.report.findings).toEqual([
      expect.objectContaining({ subject: 'launcher', status: 'fail', next: next().slice('next: '.length) + ' (Node inside; README, Install)' }),
    ]);
    // the launcher's own exit codes, as the plugin's command run directly (Helm 4 exits 1 for any)
    const launcher = join(installed.plugins, 'airgap', 'bin', 'helm-airgap');
    const direct = await execa(launcher, ['doctor'], { env: h.env, extendEnv: false, reject: false });
    expect(direct.exitCode).toBe(3);

    const images = await helm(['airgap', 'images', CHART]);
    expect(images.exitCode).not.toBe(0);
    expect(images.stderr).toContain('helm-airgap: no node on PATH');
    expect(images.stderr).toContain(next());
    expect(images.stderr).not.toContain('not found');
    expect((await execa(launcher, ['images', CHART], { env: h.env, extendEnv: false, reject: false })).exitCode).toBe(1);
    // --version and help need no node
    const v = await helm(['airgap', '--version']);
    expect(v.exitCode).toBe(0);
    expect(v.stdout.trim()).toBe(version);
  });
});

it("Helm 4's airgap-postrender on a host without node: removed again, naming its per-platform tarball (Node inside)", async () => {
  const h = await host(4, 'postrender-install');
  const inst = await h.helm(['plugin', 'install', '--verify=false', join(ROOT, 'dist', `airgap-postrender-${version}.tgz`)]);
  expect(inst.exitCode).not.toBe(0);
  expect(inst.stderr).toContain(`helm-airgap: no node on PATH: airgap-postrender runs on ${TEXT} from PATH`);
  expect(inst.stderr).toContain(`next: install ${INSTALL} or use the per-platform airgap-postrender-${version}-${HOST}.tgz (Node inside`);
  expect(inst.stderr).toContain(`the plugin was removed again (${join(h.plugins, 'airgap-postrender')})`);
  expect(await readdir(h.plugins)).toEqual([]);
});
