// The Node.js releases the CLI runs on (bin/node-floor.cjs): the range its dependencies declare
// (package.json engines), what setup gives the tests (the pinned Node 24 when the machine's is
// older), and what the portable plugin does on a real older Node (the pinned 20.20.2, Debian's
// line): every command, doctor and the install hook refuse it, naming the per-platform tarball
// (Node inside), as on a host with no node at all.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as floor from '../../bin/node-floor.cjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = process.arch === 'arm64' ? 'linux-arm64' : 'linux-amd64';
const OLD = '20.20.2';

describe('the range', () => {
  it('is package.json engines.node, and supported() is npm’s reading of it', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe(floor.RANGE);
    expect(floor.RANGE).toBe('^22.22.2 || ^24.15.0 || >=26');
    const versions = [
      '18.20.8',
      '20.20.2',
      '22.0.0',
      '22.22.1',
      '22.22.2',
      '22.30.0',
      '23.11.1',
      '24.14.1',
      '24.15.0',
      '24.21.0',
      '25.9.0',
      '26.0.0',
      '27.3.1',
    ];
    for (const v of versions) expect([v, floor.supported(v)]).toEqual([v, semver.satisfies(v, floor.RANGE)]);
    expect(floor.supported(`v${OLD}`)).toBe(false);
  });

  it('the launcher says it as bin/node-floor.cjs does', async () => {
    const launcher = await readFile(join(ROOT, 'bin/helm-airgap'), 'utf8');
    expect(launcher).toContain(`runs_on='${floor.TEXT}'`);
    expect(launcher).toContain(`install_node='${floor.INSTALL}'`);
  });

  it('the tests run on it: vitest, and the node the CLI starts from PATH (scripts/setup.sh, test.sh)', async () => {
    expect([process.versions.node, floor.supported(process.versions.node)]).toEqual([process.versions.node, true]);
    const onPath = (await execa('node', ['-p', 'process.versions.node'])).stdout;
    expect([onPath, floor.supported(onPath)]).toEqual([onPath, true]);
  });
});

describe(`the portable plugin on Node ${OLD}`, () => {
  let work = '';
  let env: Record<string, string> = {};
  let version = '';
  const next = () => `next: install ${floor.INSTALL} or use the per-platform tarball airgap-${version}-${HOST}.tgz (Node inside; README, Install)`;

  beforeAll(async () => {
    const { hostNode } = (await import(pathToFileURL(join(ROOT, 'scripts/pinned-node.mjs')).href)) as { hostNode(v?: string): Promise<string> };
    const old = await hostNode(OLD);
    expect((await execa(old, ['--version'])).stdout).toBe(`v${OLD}`);
    version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
    work = await mkdtemp(join(tmpdir(), 'airgap-node-floor-'));
    env = { PATH: `${dirname(old)}:/usr/bin:/bin`, HOME: work, HELM_AIRGAP_CACHE: join(work, 'cache') };
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** The plugin's folder as the portable tarball holds it (the CLI's own; no post-renderer hook): `built` with dist/. */
  async function plugin(name: string, built: boolean): Promise<string> {
    const dir = join(work, name);
    await mkdir(join(dir, 'scripts'), { recursive: true });
    await cp(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    await cp(join(ROOT, 'plugin.yaml'), join(dir, 'plugin.yaml'));
    await cp(join(ROOT, 'scripts/plugin-install.sh'), join(dir, 'scripts/plugin-install.sh'));
    if (built) await symlink(join(ROOT, 'dist'), join(dir, 'dist'));
    return dir;
  }

  it('every command refuses it, through either entry, saying what to install; --version needs no node', async () => {
    const bin = join(await plugin('built', true), 'bin/helm-airgap');
    const chart = join(ROOT, 'fixtures/demo/charts/webapp');
    // `images ...` runs bin/helm-airgap-fast.cjs, an option first bin/helm-airgap.mjs
    for (const args of [
      ['images', chart],
      ['--debug', 'images', chart],
      ['inspect', 'x.tgz'],
    ]) {
      const r = await execa(bin, args, { env, extendEnv: false, reject: false });
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`helm-airgap: node on PATH is v${OLD}: this is the portable plugin, whose commands run on ${floor.TEXT} from PATH\n${next()}`);
    }
    // a git checkout (helm plugin install URL) holds scripts/postrender-install.sh too: still the CLI plugin
    const checkout = await execa(join(ROOT, 'bin/helm-airgap'), ['images', chart], { env, extendEnv: false, reject: false });
    expect(checkout.stderr).toBe(`helm-airgap: node on PATH is v${OLD}: this is the portable plugin, whose commands run on ${floor.TEXT} from PATH\n${next()}`);
    const v = await execa(bin, ['--version'], { env, extendEnv: false });
    expect(v.stdout).toBe(version);
  });

  it('doctor reports it as its launcher FAIL (exit 3), in text and JSON', async () => {
    const bin = join(await plugin('doctor', true), 'bin/helm-airgap');
    const text = await execa(bin, ['doctor'], { env, extendEnv: false, reject: false });
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain(`FAIL  launcher: node on PATH is v${OLD}: this is the portable plugin, whose commands run on ${floor.TEXT} from PATH`);
    expect(text.stdout).toContain(`        ${next()}`);
    expect(text.stderr).toContain('doctor: 1 thing to fix (launcher)');
    const json = await execa(bin, ['doctor', '-o', 'json'], { env, extendEnv: false, reject: false });
    expect(json.exitCode).toBe(3);
    const doc = JSON.parse(json.stdout);
    expect(doc.error.code).toBe('ERR_PARTIAL');
    expect(doc.report.findings).toEqual([expect.objectContaining({ subject: 'launcher', status: 'fail', next: next().slice('next: '.length) })]);
  });

  it('the install hook of a checkout refuses it before npm runs, and removes the plugin again', async () => {
    const dir = await plugin('checkout', false);
    const r = await execa('sh', ['-c', './scripts/plugin-install.sh'], { cwd: dir, env: { ...env, HELM_PLUGIN_DIR: dir }, extendEnv: false, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`helm-airgap: node on PATH is v${OLD}: this is the portable plugin, whose commands run on ${floor.TEXT} from PATH`);
    expect(r.stderr).toContain(`next: install ${floor.INSTALL} or use the per-platform tarball airgap-VERSION-${HOST}.tgz`);
    expect(r.stderr).not.toMatch(/npm|added \d+ packages/);
    expect(r.stderr).toContain(`the plugin was removed again (${dir})`);
    expect(existsSync(dir)).toBe(false);
  });
});
