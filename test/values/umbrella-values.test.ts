// `values --format umbrella-values`: one file an umbrella chart takes with -f. Judged by real
// Helm 4 rendering a real umbrella that depends on the charts (a bundle's, aliased twice; and
// chart folders with a subchart and a global registry the umbrella itself also sets): every
// pod-spec image must be in the target. The charts-map shape (the old `--format umbrella`)
// rendered the same way moves nothing, which is why the two are told apart.
import { execa } from 'execa';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const REG = 'mirror.local:5000/m';
let w: BundleWorld;
let helm: string;

beforeAll(async () => {
  helm = (await realHelm(4)).helm;
  w = await startBundleWorld();
});
afterAll(async () => w?.stop());

async function umbrellaChart(name: string, deps: string, values: string, charts: [string, string][]): Promise<string> {
  const dir = join(w.work, name);
  await mkdir(join(dir, 'charts'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ndependencies:\n${deps}`);
  await writeFile(join(dir, 'values.yaml'), values);
  for (const [from, to] of charts) await cp(from, join(dir, 'charts', to), { recursive: true });
  return dir;
}

async function helmImages(chart: string, file?: string): Promise<string[]> {
  const r = await execa(helm, ['template', 'platform', chart, ...(file ? ['-f', file] : [])]);
  return podSpecImages(r.stdout).sort();
}

describe('values --format umbrella-values', () => {
  it('a bundle, its chart aliased twice in a real umbrella: real Helm 4 renders every pod-spec image from the target', async () => {
    const env = worldEnv(w, { HOME: w.work });
    const tar = join(w.work, 'demo.tar');
    const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '1.2.1', ...w.mirrors, '--out', tar], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const deps = '  - name: demo\n    version: 1.2.1\n    alias: web\n  - name: demo\n    version: 1.2.1\n';
    const chart = await umbrellaChart('platform', deps, 'web:\n  image:\n    tag: "1.0.1"\n', [[join(w.repoDir, 'demo-1.2.1.tgz'), 'demo-1.2.1.tgz']]);
    const out = join(w.work, 'umbrella-out');
    const r = await runCli(['values', tar, '--registry', REG, '--format', 'umbrella-values', '--umbrella', chart, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('umbrella keys: web (chart demo), demo');
    expect(r.stdout).toContain('every image of the keyed dependencies is under the target');
    const file = join(out, 'umbrella-values.yaml');
    expect(await readFile(file, 'utf8')).toMatch(/^# {3}web: chart demo \(release demo\)$/m);

    const before = await helmImages(chart);
    expect(before).toEqual(['registry.example.com/acme/app:1.0.0', 'registry.example.com/acme/app:1.0.1']);
    // the umbrella's own values (web's tag 1.0.1) still apply: only where the images come from changes
    expect(await helmImages(chart, file)).toEqual([`${REG}/registry.example.com/acme/app:1.0.0`, `${REG}/registry.example.com/acme/app:1.0.1`]);

    // the charts map under its own name, and under the old one with a deprecation note; an umbrella
    // given it keeps every image where it was
    const map = await runCli(['values', tar, '--registry', REG, '--format', 'charts-map', '--out-dir', out], env);
    expect(map.exitCode, map.stderr).toBe(0);
    expect(map.stderr).toBe('');
    const old = await runCli(['values', tar, '--registry', REG, '--format', 'umbrella', '-o', out], env);
    expect(old.exitCode, old.stderr).toBe(0);
    expect(old.stderr).toMatch(/--format umbrella is deprecated.*--format charts-map.*--format umbrella-values/);
    const body = async (f: string) => (await readFile(join(out, f), 'utf8')).replace(/^#.*\n/gm, '');
    expect(await body('umbrella.values.yaml')).toBe(await body('charts-map.yaml'));
    expect(await body('charts-map.yaml')).toMatch(/^charts:\n {2}demo:\n {4}repository: oci:\/\/mirror\.local:5000\/m\/charts\n/);
    expect(await helmImages(chart, join(out, 'charts-map.yaml'))).toEqual(before);
  });

  it('chart folders with a subchart and a global registry the umbrella also sets: the written global wins, every image is in the target', async () => {
    const env = worldEnv(w, { HOME: w.work });
    const charts = ['values/shapes', 'values/operator', 'bundle/charts/demo'].map((c) => join(FIX, c));
    const deps = '  - name: shapes\n    version: 0.1.0\n  - name: operator\n    version: 0.2.0\n    alias: certs\n  - name: demo\n    version: 1.2.0\n';
    const chart = await umbrellaChart('stack', deps, 'global:\n  imageRegistry: registry.corp.example\n', [
      [charts[0], 'shapes'],
      [charts[1], 'operator'],
      [charts[2], 'demo'],
    ]);
    const out = join(w.work, 'stack-out');
    const r = await runCli(['values', ...charts, '--registry', REG, '--format', 'umbrella-values', '--umbrella', chart, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const before = await helmImages(chart);
    expect(before.some((i) => i.startsWith('registry.corp.example/'))).toBe(true);
    const after = await helmImages(chart, join(out, 'umbrella-values.yaml'));
    expect(after.length).toBe(before.length);
    expect(after.filter((i) => !i.startsWith(`${REG}/`))).toEqual([]);
  });

  it('an umbrella whose render leaves a keyed dependency image outside the target fails, naming it', async () => {
    const env = worldEnv(w, { HOME: w.work });
    // the umbrella pins demo's helper image through a value our per-chart override does not expect
    const deps = '  - name: demo\n    version: 1.2.0\n';
    const chart = await umbrellaChart('pinned', deps, 'demo: {}\n', [[join(FIX, 'bundle/charts/demo'), 'demo']]);
    await writeFile(
      join(chart, 'charts', 'demo', 'templates', 'extra.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: extra}\nspec:\n  containers:\n    - name: x\n      image: quay.io/acme/only-in-umbrella:1\n',
    );
    const out = join(w.work, 'pinned-out');
    const r = await runCli(['values', join(FIX, 'bundle/charts/demo'), '--registry', REG, '--format', 'umbrella-values', '--umbrella', chart, '-o', out], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/umbrella pinned\/charts\/demo\/templates\/extra\.yaml .*quay\.io\/acme\/only-in-umbrella:1 is not under the target/);
  });
});
