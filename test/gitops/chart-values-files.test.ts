// Values files inside the chart: Argo CD's valueFiles without $ref (resolved in the chart, given
// to helm -f) and Flux's chart.spec.valuesFiles (merged in place of the chart's values.yaml, as
// source-controller builds the chart). A real chart archive served from a chart repository; the
// images found are held to what real Helm 4 renders for the same chart and files.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { startBundleWorld, worldEnv } from '../bundle/bundle-fixtures.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const run = promisify(execFile);
let root: string;
let repo: RunningChartRepo;
const env = () => ({ HELM_AIRGAP_CACHE: join(root, 'cache'), HELM_REPOSITORY_CONFIG: join(root, 'none.yaml'), CI: 'true' });

const CHART = {
  'tiny/Chart.yaml': 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n',
  'tiny/values.yaml': 'image:\n  repository: registry.example.com/acme/app\n  tag: "1.0.0"\nsidecar:\n  image: docker.io/library/busybox:1.36\n',
  // the production file changes the image; it gives no sidecar (Flux's chart then has none)
  'tiny/values-prod.yaml': 'image:\n  repository: registry.example.com/acme/app-prod\n  tag: "2.0.0"\n',
  'tiny/templates/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: {{ .Release.Name }} }',
    'spec:',
    '  selector: { matchLabels: { app: x } }',
    '  template:',
    '    metadata: { labels: { app: x } }',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '{{- with .Values.sidecar }}',
    '        - name: sidecar',
    '          image: {{ .image }}',
    '{{- end }}',
    '',
  ].join('\n'),
};

const app = (name: string, helm: string[]) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    `metadata: { name: ${name} }`,
    'spec:',
    '  project: default',
    '  source:',
    `    repoURL: ${repo.url.replace(/\/$/, '')}`,
    '    chart: tiny',
    '    targetRevision: 0.1.0',
    '    helm:',
    ...helm.map((l) => `      ${l}`),
    '  destination: { server: "https://kubernetes.default.svc", namespace: apps }',
    '',
  ].join('\n');

const helmRelease = (name: string, chartSpec: string[]) =>
  [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    `metadata: { name: ${name}, namespace: apps }`,
    'spec:',
    '  interval: 10m',
    '  chart:',
    '    spec:',
    '      chart: tiny',
    '      version: 0.1.0',
    '      sourceRef: { kind: HelmRepository, name: tiny-repo }',
    ...chartSpec.map((l) => `      ${l}`),
    '---',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: HelmRepository',
    'metadata: { name: tiny-repo, namespace: apps }',
    `spec: { interval: 10m, url: "${repo.url.replace(/\/$/, '')}" }`,
    '',
  ].join('\n');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'airgap-chart-values-'));
  await writeFiles(join(root, 'src'), CHART);
  const { helm } = await realHelm(4);
  await run(helm, ['package', join(root, 'src/tiny'), '-d', join(root, 'repo')]);
  await writeRepoIndex(join(root, 'repo'));
  repo = await startChartRepo({ dir: join(root, 'repo') });
  // what Flux's source-controller builds for valuesFiles [values-prod.yaml]: that file as values.yaml
  await cp(join(root, 'src/tiny'), join(root, 'flux-built/tiny'), { recursive: true });
  await cp(join(root, 'src/tiny/values-prod.yaml'), join(root, 'flux-built/tiny/values.yaml'));
}, 60_000);

afterAll(async () => {
  await repo?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function helmImages(args: string[]): Promise<string[]> {
  const { helm } = await realHelm(4);
  const { stdout } = await run(helm, ['template', 'r', ...args], { maxBuffer: 16 << 20 });
  return podSpecImages(stdout).map((r) => (r.split('/')[0]!.includes('.') ? r : `docker.io/${r}`));
}

async function ourImages(tree: string): Promise<string[]> {
  const r = await runCli(['-o', 'json', 'images', '--gitops', tree], env());
  expect(r.exitCode, r.stderr).toBe(0);
  return [...new Set((JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref))].sort();
}

describe('values files inside the chart', () => {
  it('Argo CD valueFiles without $ref: the file from the chart, as helm template -f <chart>/values-prod.yaml renders', async () => {
    const tree = join(root, 'argo');
    await writeFiles(tree, { 'app.yaml': app('prod', ['valueFiles: [values-prod.yaml]']) });
    const expected = await helmImages([join(root, 'src/tiny'), '-f', join(root, 'src/tiny/values-prod.yaml')]);
    expect(expected).toContain('registry.example.com/acme/app-prod:2.0.0');
    expect(await ourImages(tree)).toEqual([...new Set(expected)].sort());
  }, 60_000);

  it("Flux chart.spec.valuesFiles: the files in place of the chart's values.yaml, as source-controller builds the chart", async () => {
    const tree = join(root, 'flux');
    await writeFiles(tree, { 'hr.yaml': helmRelease('prod', ['valuesFiles: [values-prod.yaml]']) });
    const expected = await helmImages([join(root, 'flux-built/tiny')]);
    expect(expected).toEqual(['registry.example.com/acme/app-prod:2.0.0']);
    expect(await ourImages(tree)).toEqual(expected);
    // values.yaml listed first: the chart's defaults, then the file over them
    const both = join(root, 'flux-both');
    await writeFiles(both, { 'hr.yaml': helmRelease('prod', ['valuesFiles: [values.yaml, values-prod.yaml]']) });
    const merged = await helmImages([join(root, 'src/tiny'), '-f', join(root, 'src/tiny/values-prod.yaml')]);
    expect(await ourImages(both)).toEqual([...new Set(merged)].sort());
  }, 60_000);

  it('airgap.yaml chartValuesFiles: the same files for a spec chart, first among the values or in place of values.yaml', async () => {
    const entry = `{ name: tiny, repo: "${repo.url}", version: 0.1.0, chartValuesFiles: [values-prod.yaml]`;
    await writeFiles(join(root, 'spec'), {
      'first.yaml': `charts:\n  - ${entry} }\n`,
      'replace.yaml': `charts:\n  - ${entry}, replaceChartValues: true }\n`,
    });
    const specImages = async (file: string) => {
      const r = await runCli(['-o', 'json', 'images', '--spec', join(root, 'spec', file)], env());
      expect(r.exitCode, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref).sort();
    };
    const first = await helmImages([join(root, 'src/tiny'), '-f', join(root, 'src/tiny/values-prod.yaml')]);
    expect(await specImages('first.yaml')).toEqual([...new Set(first)].sort());
    expect(await specImages('replace.yaml')).toEqual(await helmImages([join(root, 'flux-built/tiny')]));
  }, 60_000);

  it('a file the chart lacks is refused naming the object and the file, or skipped when the object says to ignore it', async () => {
    await writeFiles(join(root, 'missing'), { 'app.yaml': app('prod', ['valueFiles: [values-absent.yaml]']) });
    const r = await runCli(['images', '--gitops', join(root, 'missing')], env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/app\.yaml:\d+: chart values file values-absent\.yaml is not in chart tiny 0\.1\.0/);
    expect(r.stderr).toContain('next:');

    const tree = join(root, 'ignored');
    await writeFiles(tree, {
      'hr.yaml': helmRelease('prod', ['valuesFiles: [values-absent.yaml, values-prod.yaml]', 'ignoreMissingValuesFiles: true']),
      'app.yaml': app('argo-prod', ['valueFiles: [values-absent.yaml, values-prod.yaml]', 'ignoreMissingValueFiles: true']),
    });
    const images = await ourImages(tree);
    const argo = await helmImages([join(root, 'src/tiny'), '-f', join(root, 'src/tiny/values-prod.yaml')]);
    expect(images).toEqual([...new Set(argo)].sort());
  }, 60_000);

  it('a path out of the chart (../ or absolute) is refused with the file named', async () => {
    for (const [dir, file] of [
      ['escape-up', '../../secret.yaml'],
      ['escape-abs', '/etc/passwd'],
    ] as const) {
      await writeFiles(join(root, dir), { 'hr.yaml': helmRelease('prod', [`valuesFiles: ["${file}"]`]) });
      const r = await runCli(['images', '--gitops', join(root, dir)], env());
      expect(r.exitCode, dir).toBe(2);
      expect(r.stderr).toContain(`hr.yaml:1: chart values file ${file} is outside the chart: refused`);
    }
  }, 60_000);

  it('values --format gitops leaves valueFiles and valuesFiles as written', async () => {
    const tree = join(root, 'rewrite');
    await writeFiles(tree, {
      'app.yaml': app('argo-prod', ['valueFiles: [values-prod.yaml]']),
      'hr.yaml': helmRelease('flux-prod', ['valuesFiles: [values-prod.yaml]']),
    });
    const r = await runCli(['values', '--gitops', tree, '--registry', 'mirror.internal:5000/m', '--format', 'gitops'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const a = await readFile(join(tree, 'app.yaml'), 'utf8');
    const h = await readFile(join(tree, 'hr.yaml'), 'utf8');
    expect(a).toContain('valueFiles: [values-prod.yaml]');
    expect(h).toContain('valuesFiles: [values-prod.yaml]');
    // the override moves the image the chart's file names; Flux's chart has no sidecar to move
    for (const t of [a, h]) expect(t).toContain('repository: mirror.internal:5000/m/registry.example.com/acme/app-prod');
    expect(a).toContain('image: mirror.internal:5000/m/docker.io/library/busybox:1.36');
    expect(h).not.toContain('busybox');
  }, 60_000);
});

describe('a bundle of a release with values files inside the chart', () => {
  it('Flux valuesFiles: the lock carries what the built chart runs, and values BUNDLE moves each image real Helm 4 renders', async () => {
    const w = await startBundleWorld();
    try {
      // the fixture registry's images: values.yaml runs app 1.0.0 and busybox, values-prod.yaml app 1.0.1 alone
      const chart = {
        ...CHART,
        'tiny/values.yaml': 'image:\n  repository: registry.example.com/acme/app\n  tag: "1.0.0"\nsidecar:\n  image: docker.io/library/busybox:1.36\n',
        'tiny/values-prod.yaml': 'image:\n  repository: registry.example.com/acme/app\n  tag: "1.0.1"\n',
      };
      await writeFiles(join(w.work, 'src'), chart);
      const { helm } = await realHelm(4);
      await run(helm, ['package', join(w.work, 'src/tiny'), '-d', w.repoDir]);
      await writeRepoIndex(w.repoDir);
      const tree = join(w.work, 'flux');
      const hr = helmRelease('prod', ['valuesFiles: [values-prod.yaml]']).replaceAll(repo.url.replace(/\/$/, ''), w.repo.url.replace(/\/$/, ''));
      await writeFiles(tree, { 'hr.yaml': hr });
      const out = join(w.work, 'b.tar');
      const b = await runCli(['bundle', '--gitops', tree, ...w.mirrors, '-o', out], worldEnv(w));
      expect(b.exitCode, b.stderr).toBe(0);
      expect((await readBundleLock(out)).images.map((i) => i.ref)).toEqual(['registry.example.com/acme/app:1.0.1']);
      const dir = join(w.work, 'values');
      const v = await runCli(['values', out, '--registry', 'mirror.internal:5000/m', '-o', dir], worldEnv(w));
      expect(v.exitCode, v.stderr).toBe(0);
      // the chart Flux builds (values-prod.yaml as values.yaml) with the override: every image at the target
      await cp(join(w.work, 'src/tiny'), join(w.work, 'built/tiny'), { recursive: true });
      await cp(join(w.work, 'src/tiny/values-prod.yaml'), join(w.work, 'built/tiny/values.yaml'));
      const images = await helmImages([join(w.work, 'built/tiny'), '-f', join(dir, 'prod.values.yaml')]);
      expect(images).toEqual(['mirror.internal:5000/m/registry.example.com/acme/app:1.0.1']);
    } finally {
      await w.stop();
    }
  }, 180_000);
});
