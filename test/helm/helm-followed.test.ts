// Which Helm the engine follows: --helm-version, else the Helm that runs the plugin ($HELM_BIN,
// real Helm 3.17.2, 4.1.4 and 4.2.3 here), else the newest (4.2). A Helm binary is asked its
// version once: the answer is kept per binary (path, size, time, inode) under the cache, and a
// binary replaced at the same path is asked again.
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';

let work: string;
let chart: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'helm-followed-'));
  chart = join(work, 'chart');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: followed\nversion: 0.1.0\n');
  await writeFile(join(chart, 'templates', 'cm.yaml'), 'kube: {{ .Capabilities.KubeVersion.Version }}\nhelm: {{ .Capabilities.HelmVersion.Version }}\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

const env = (extra: Record<string, string>) => ({ HOME: work, PATH: process.env.PATH ?? '', HELM_AIRGAP_CACHE: join(work, 'cache'), ...extra });
const rendered = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await runCli(['template', chart, ...args], env(extra));
  expect(r.exitCode, r.stderr).toBe(0);
  return /kube: (\S+)\nhelm: (\S+)/.exec(r.stdout)!.slice(1).join(' ');
};

describe('the Helm followed', () => {
  it('standalone: the newest (4.2); --helm-version names a line or a major (its newest line)', async () => {
    expect(await rendered([])).toBe('v1.36.0 v4.2.3');
    expect(await rendered(['--helm-version', '4.1'])).toBe('v1.35.0 v4.1.4');
    expect(await rendered(['--helm-version', 'v4.1.2'])).toBe('v1.35.0 v4.1.4');
    expect(await rendered(['--helm-version', '4'])).toBe('v1.36.0 v4.2.3');
    expect(await rendered(['--helm-version', '3'])).toBe('v1.32.0 v3.17.2');
    const bad = await runCli(['template', chart, '--helm-version', '2'], env({}));
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('use 3.17, 4.1, 4.2');
  });

  it.each([
    [3, 'v1.32.0 v3.17.2'],
    [4, 'v1.35.0 v4.1.4'],
    ['4.2', 'v1.36.0 v4.2.3'],
  ] as const)('as a plugin of real Helm %s: that Helm; the flag still wins', async (judge, want) => {
    const { helm } = await realHelm(judge);
    expect(await rendered([], { HELM_BIN: helm })).toBe(want);
    expect(await rendered(['--helm-version', '4.2'], { HELM_BIN: helm })).toBe('v1.36.0 v4.2.3');
  });

  it('a Helm binary is asked once; one replaced at the same path is asked again', async () => {
    const bin = join(work, 'bin-helm');
    const asked = join(work, 'asked');
    await writeFile(bin, `#!/bin/sh\necho x >> "${asked}"\necho v4.1.4\n`);
    await chmod(bin, 0o755);
    expect(await rendered([], { HELM_BIN: bin })).toBe('v1.35.0 v4.1.4');
    expect(await rendered([], { HELM_BIN: bin })).toBe('v1.35.0 v4.1.4');
    expect((await readFile(asked, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    await copyFile((await realHelm('4.2')).helm, bin);
    expect(await rendered([], { HELM_BIN: bin })).toBe('v1.36.0 v4.2.3');
  });
});
