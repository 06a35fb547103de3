import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { x as extract } from 'tar';
import { standinEnv, startEcrStandin } from '../support/ecr-standin/index.js';
import { writeFiles } from '../support/files.js';
import { parse } from 'yaml';
import { runPackage } from '../support/run-package.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('offline plugin tarball (npm run package)', () => {
  let dir: string;
  let tarball: string;
  beforeAll(async () => {
    await runPackage(ROOT);
    const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
    tarball = join(ROOT, 'dist', `airgap-${version}.tgz`);
    dir = await mkdtemp(join(tmpdir(), 'airgap-plugin-'));
    await extract({ file: tarball, cwd: dir });
    return () => rm(dir, { recursive: true, force: true });
    // the first `npm run package` on a machine also makes the per-platform executables (scripts/sea.mjs)
  }, 600_000);

  it('holds plugin.yaml, the launcher and the bundled JavaScript (entry and chunks), and no node_modules', async () => {
    expect(existsSync(join(dir, 'airgap/plugin.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'airgap/bin/helm-airgap'))).toBe(true);
    expect(await readdir(join(dir, 'airgap/dist'))).toEqual(['answers', 'chunks', 'fast', 'helm-airgap.mjs', 'platforms']);
    expect(await readdir(join(dir, 'airgap/dist/fast'))).toEqual([
      'aws-sdk.cjs',
      'copy.cjs',
      'execa.cjs',
      'images.cjs',
      're2js.cjs',
      'sync.cjs',
      'template.cjs',
      'values.cjs',
      'version.cjs',
      'yaml.cjs',
    ]);
    expect(await readdir(join(dir, 'airgap/bin'))).toEqual([
      'code-cache.cjs',
      'helm-airgap',
      'helm-airgap-fast.cjs',
      'helm-airgap.mjs',
      'node-floor.cjs',
      'v8-flags.cjs',
    ]);
    expect((await readdir(join(dir, 'airgap/dist/answers'))).sort()).toEqual((await readdir(join(ROOT, 'dist/answers'))).sort());
    // exactly the chunks this build wrote: none missing, none left from an earlier build
    expect((await readdir(join(dir, 'airgap/dist/chunks'))).sort()).toEqual((await readdir(join(ROOT, 'dist/chunks'))).sort());
    expect((await readdir(join(dir, 'airgap/dist/chunks'))).every((f) => f.endsWith('.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'airgap/node_modules'))).toBe(false);
    expect(existsSync(join(dir, 'airgap/plugin.yaml'))).toBe(true);
  });

  it('runs --version and --help from a temp dir with no node_modules (Node only)', async () => {
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_PATH: '' };
    const v = await execa(bin, ['--version'], { cwd: dir, env, extendEnv: false });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await execa(bin, ['--help'], { cwd: dir, env, extendEnv: false });
    for (const cmd of ['images', 'bundle', 'push', 'values', 'postrender', 'template', 'copy', 'inspect']) {
      expect(h.stdout).toContain(cmd);
    }
  });

  it('commands load their use case from the chunks (template engine, YAML, tar) with no node_modules', async () => {
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_PATH: '', HELM_AIRGAP_CACHE: join(dir, 'cache') };
    const chart = join(ROOT, 'fixtures/demo/charts/webapp');
    const t = await execa(bin, ['template', chart], { cwd: dir, env, extendEnv: false });
    expect(t.stdout).toContain('image: "docker.io/library/nginx:1.27.0"');
    const i = await execa(bin, ['images', chart, '--plain'], { cwd: dir, env, extendEnv: false });
    expect(i.stdout).toContain('docker.io/library/busybox:1.36');
  });

  it("a chart calling Sprig's regex functions loads re2js from dist/fast/re2js.cjs beside the bundle, with its own code cache; one that does not, never", async () => {
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const cache = join(dir, 'cache-regex');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_PATH: '', HELM_AIRGAP_CACHE: cache };
    const plain = await execa(bin, ['template', 'x', join(ROOT, 'fixtures/demo/charts/webapp')], { cwd: dir, env, extendEnv: false });
    expect(plain.stdout).toContain('image: "docker.io/library/nginx:1.27.0"');
    expect((await readdir(join(cache, 'code'))).map((f) => f.replace(/-.*/, ''))).toEqual(['template']);
    const chart = await regexChart(join(dir, 'regex-chart'));
    const t = await execa(bin, ['template', 'x', chart], { cwd: dir, env, extendEnv: false });
    expect(t.stdout).toContain('image: registry.example/app:1.2');
    expect((await readdir(join(cache, 'code'))).map((f) => f.replace(/-.*/, '')).sort()).toEqual(['re2js', 'template']);
  });

  it('a values file beyond the plain shape (an anchor) loads the yaml package from dist/fast/yaml.cjs, with its own code cache; a plain one, never', async () => {
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const cache = join(dir, 'cache-yaml');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_PATH: '', HELM_AIRGAP_CACHE: cache };
    const chart = join(dir, 'anchor-chart');
    await writeFiles(chart, {
      'Chart.yaml': 'apiVersion: v2\nname: anchor\nversion: 1.0.0\n',
      'values.yaml': 'plain: docker.io/app:1.2\n',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  image: {{ .Values.image | default .Values.plain }}\n',
    });
    const plain = await execa(bin, ['template', 'x', chart], { cwd: dir, env, extendEnv: false });
    expect(plain.stdout).toContain('image: docker.io/app:1.2');
    expect((await readdir(join(cache, 'code'))).map((f) => f.replace(/-.*/, ''))).toEqual(['template']);
    await writeFile(join(chart, 'values.yaml'), 'base: &img registry.example/app:1.2\nimage: *img\n');
    const t = await execa(bin, ['template', 'x', chart], { cwd: dir, env, extendEnv: false });
    expect(t.stdout).toContain('image: registry.example/app:1.2');
    expect((await readdir(join(cache, 'code'))).map((f) => f.replace(/-.*/, '')).sort()).toEqual(['template', 'yaml']);
  });

  it('runs on the PATH’s Node and on the pinned Node 24 alike, with the V8 flags of V8 12 and later (bin/v8-flags.cjs; bin/node-floor.cjs refuses older)', async () => {
    const { hostNode } = (await import(pathToFileURL(join(ROOT, 'scripts/sea.mjs')).href)) as { hostNode(): Promise<string> };
    const node24 = await hostNode();
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const chart = join(ROOT, 'fixtures/demo/charts/webapp');
    const outputs: string[] = [];
    for (const node of [process.execPath, node24]) {
      const env = { PATH: `${dirname(node)}:${process.env.PATH ?? ''}`, HOME: dir, NODE_PATH: '', HELM_AIRGAP_CACHE: join(dir, 'cache-flags') };
      expect((await execa('node', ['--version'], { env, extendEnv: false })).stdout).toBe((await execa(node, ['--version'])).stdout);
      // twice: the second run uses the code cache made under these flags
      for (let i = 0; i < 2; i++) {
        const t = await execa(bin, ['template', 'x', chart], { cwd: dir, env, extendEnv: false, reject: false });
        expect(t.exitCode, t.stderr).toBe(0);
        expect(t.stderr).toBe('');
        outputs.push(t.stdout);
      }
      const flags = async (command: string) =>
        (await execa(node, ['-p', `require(${JSON.stringify(join(dir, 'airgap/bin/v8-flags.cjs'))}).setV8Flags(${JSON.stringify(command)})`])).stdout;
      expect(await flags('template')).toBe('--no-turbofan --invocation-count-for-maglev=4000 --semi-space-growth-factor=1');
      expect(await flags('images')).toBe('--regexp-tier-up-ticks=0');
    }
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toContain('image: "docker.io/library/nginx:1.27.0"');
  });

  it('copy runs from its one-file bundle with no node_modules, and keeps its code cache in the cache folder', async () => {
    const bin = join(dir, 'airgap/bin/helm-airgap');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_PATH: '', HELM_AIRGAP_CACHE: join(dir, 'cache') };
    const layout = join(ROOT, 'fixtures/demo/charts/webapp');
    // a missing source fails inside the copy itself, once the modules it loads on use are loaded
    const c = await execa(bin, ['copy', `oci:${layout}-missing`, `oci:${join(dir, 'out')}`], { cwd: dir, env, extendEnv: false, reject: false });
    expect(c.stderr).toMatch(/missing|not found|no such/i);
    expect(c.stderr).not.toMatch(/Cannot find (module|package)/);
    expect((await readdir(join(dir, 'cache/code'))).filter((f) => f.startsWith('copy-'))).toHaveLength(1);
  });

  it('copy into ECR loads the AWS SDK from dist/fast/aws-sdk.cjs beside its bundle, with no node_modules', async () => {
    const ecr = await startEcrStandin();
    try {
      const bin = join(dir, 'airgap/bin/helm-airgap');
      // a wrong secret: the SDK loads, signs DescribeRepositories, and the stand-in refuses the signature
      const env = { ...standinEnv(ecr, dir), NODE_PATH: '', AWS_SECRET_ACCESS_KEY: 'wrong' };
      const c = await execa(
        bin,
        ['copy', 'docker://127.0.0.1:9/x:1', `docker://${ecr.registryHost}/x:1`, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint],
        { cwd: dir, env, extendEnv: false, reject: false },
      );
      expect(c.stderr).toMatch(/ecr DescribeRepositories: InvalidSignatureException/);
      expect(c.stderr).not.toMatch(/Cannot find (module|package)/);
      expect(c.exitCode).toBe(1);
    } finally {
      await ecr.stop();
    }
  });

  it('the install hook accepts the packaged folder without npm (offline)', async () => {
    const r = await execa('sh', ['-c', './scripts/plugin-install.sh'], {
      cwd: join(dir, 'airgap'),
      env: { PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin`, HELM_PLUGIN_DIR: join(dir, 'airgap') },
      extendEnv: false,
    });
    expect(r.exitCode).toBe(0);
  });

  it('plugin.yaml names the launcher and matches the package version', async () => {
    const plugin = await readFile(join(dir, 'airgap/plugin.yaml'), 'utf8');
    const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
    expect(plugin).toMatch(/^name: airgap$/m);
    expect(plugin).toContain(`version: ${version}`);
    expect(plugin).toContain('$HELM_PLUGIN_DIR/bin/helm-airgap');
  });

  it("this host's per-platform tarball holds the launcher, answers and one executable, no JavaScript; plugin.yaml picks the platform", async () => {
    const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
    // (the other architecture's tarball is unpacked and run by in-helm.test.ts)
    const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
    const platform = `linux-${arch}`;
    const out = join(dir, platform);
    await mkdir(out);
    await extract({ file: join(ROOT, 'dist', `airgap-${version}-${platform}.tgz`), cwd: out });
    expect(await readdir(out)).toEqual(['airgap']);
    expect((await readdir(join(out, 'airgap'))).sort()).toEqual(['README.md', 'bin', 'dist', 'licenses', 'plugin.yaml', 'scripts']);
    expect(await readdir(join(out, 'airgap/bin'))).toEqual(['helm-airgap', `helm-airgap-${platform}`]);
    expect((await readdir(join(out, 'airgap/dist'))).sort()).toEqual(['answers', 'platforms']);
    expect((await readFile(join(out, 'airgap/dist/platforms'), 'utf8')).trim()).toBe('linux-amd64 linux-arm64');
    const manifest = parse(await readFile(join(out, 'airgap/plugin.yaml'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'airgap', version });
    expect(manifest.command).toBeUndefined();
    expect(manifest.platformCommand[0]).toEqual({ os: 'linux', arch, command: '$HELM_PLUGIN_DIR/bin/helm-airgap' });
    expect(manifest.platformCommand.at(-1)).toEqual({ command: '$HELM_PLUGIN_DIR/bin/helm-airgap' });
    // the executable carries the packages the bundles require apart (re2js here) as assets
    const cache = join(dir, 'cache-exe');
    const env = { PATH: '/usr/bin:/bin', HOME: dir, HELM_AIRGAP_CACHE: cache };
    const t = await execa(join(out, 'airgap/bin/helm-airgap'), ['template', 'x', await regexChart(join(dir, 'regex-chart-exe'))], {
      cwd: dir,
      env,
      extendEnv: false,
    });
    expect(t.stdout).toContain('image: registry.example/app:1.2');
    expect((await readdir(join(cache, 'code'))).map((f) => f.replace(/-[0-9a-f]+\.v8$/, '')).sort()).toEqual(['exe-re2js', 'exe-template']);
  });
});

/** A chart whose template calls regexReplaceAll (Sprig's regex functions run on re2js). */
async function regexChart(at: string): Promise<string> {
  await writeFiles(at, {
    'Chart.yaml': 'apiVersion: v2\nname: regex\nversion: 1.0.0\n',
    'values.yaml': 'image: docker.io/app:1.2\n',
    'templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: c\n      image: {{ regexReplaceAll "^docker\\\\.io/" .Values.image "registry.example/" }}\n',
  });
  return at;
}
