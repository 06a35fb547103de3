// `helm airgap values` on a real bundle: `bundle` from a local chart repository and registry, then
// `values` reads the chart archive from the bundle's layout and the user values from its lock.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock as readLock } from '../../src/bundle/open.js';
import { loadChartArchive } from '../../src/helm/loader/load.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../discover/run-cli.js';
import { renderWithOverride } from './values-check.js';

const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const REG = `${TARGET.registry}/${TARGET.prefix}`;
let w: BundleWorld;
let env: Record<string, string>;

beforeAll(async () => {
  w = await startBundleWorld();
  env = {
    HELM_AIRGAP_CACHE: join(w.work, 'cache'),
    DOCKER_CONFIG: join(w.work, 'no-docker'),
    HELM_REPOSITORY_CONFIG: join(w.work, 'no-repositories.yaml'),
    HOME: w.work,
  };
});
afterAll(async () => w?.stop());

describe('helm airgap values BUNDLE.tar', () => {
  it.each([
    ['default values: every image (app, the --helper-image= arg) under the target', [], 'registry.example.com/acme/app:1.0.0'],
    ['user values from the lock are kept (image.tag=1.0.1 stays 1.0.1)', ['--set', 'image.tag=1.0.1'], 'registry.example.com/acme/app:1.0.1'],
  ])('%s', async (_rule, set, app) => {
    const tar = join(w.work, `demo-${set.length}.tar`);
    const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...set, ...w.mirrors, '--out', tar], env);
    expect(b.exitCode).toBe(0);
    const out = join(w.work, `values-${set.length}`);
    await mkdir(out, { recursive: true });
    const r = await runCli(['values', tar, '--registry', REG, '--out-dir', out], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const lock = await readLock(tar);
    const c = lock.charts[0];
    const file = join(out, `${c.releaseName}.values.yaml`);
    expect(await readFile(file, 'utf8')).toContain(`# from: ${tar}`);
    const chart = await loadChartArchive(await readFile(join(w.repoDir, `demo-${c.version}.tgz`)), 'demo');
    const imgs = await renderWithOverride(chart, file, TARGET, 'full', c.values, c.releaseName);
    expect(imgs.before).toContain(app);
    expect(imgs.after).toEqual(imgs.expected);
    // what the override points at is exactly what push creates from the lock
    expect(imgs.after.sort()).toEqual(
      lock.images
        .filter((i) => i.need === 'certain')
        .map((i) => `${REG}/${i.ref}`)
        .sort(),
    );
  });

  it('an unpacked bundle folder (and its airgap-lock.json) work like the tarball', async () => {
    const tar = join(w.work, 'demo-0.tar');
    const folder = join(w.work, 'unpacked');
    await mkdir(folder, { recursive: true });
    await extract({ file: tar, cwd: folder });
    for (const input of [folder, join(folder, 'airgap-lock.json')]) {
      const out = join(w.work, 'values-folder');
      const r = await runCli(['values', input, '--registry', REG, '-o', out], env);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await readFile(join(out, 'demo.values.yaml'), 'utf8')).toContain(`# from: ${input}`);
    }
  });

  it('a bundle carrying an optional image (--include-optional): its values are overridden and proven with the toggle on', async () => {
    const tar = join(w.work, 'demo-optional.tar');
    const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--include-optional', ...w.mirrors, '--out', tar], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const out = join(w.work, 'values-optional');
    const r = await runCli(['values', tar, '--registry', REG, '--out-dir', out, '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const text = await readFile(join(out, 'demo.values.yaml'), 'utf8');
    expect(text).toContain(`registry.example.com/acme/metrics:0.1.0 -> ${REG}/registry.example.com/acme/metrics:0.1.0`);
    const c = (await readLock(tar)).charts[0];
    const chart = await loadChartArchive(await readFile(join(w.repoDir, `demo-${c.version}.tgz`)), 'demo');
    const on = { ...c.values, metrics: { enabled: true } };
    const imgs = await renderWithOverride(chart, join(out, 'demo.values.yaml'), TARGET, 'full', on, c.releaseName);
    expect(imgs.before).toContain('registry.example.com/acme/metrics:0.1.0');
    expect(imgs.after).toEqual(imgs.expected);
  });
});
