// GitOps repositories as teams lay them out (test/gitops/layouts.ts), against a real chart
// repository and a real registry: `images --gitops ENTRY` for a Flux cluster folder, an Argo CD
// app-of-apps folder and a helmfile names exactly what real Helm 4 renders for the values the
// cluster would use; `values --format gitops` writes where the team keeps the environment.
import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { argoRepo, fluxRepo, helmfileRepo } from './layouts.js';

const run = promisify(execFile);
let w: BundleWorld;
let env: Record<string, string>;
let repo: string;

beforeAll(async () => {
  w = await startBundleWorld();
  env = worldEnv(w);
  repo = join(w.work, 'fleet');
  const url = w.repo.url.replace(/\/$/, '');
  await writeFiles(repo, { ...fluxRepo(url), ...argoRepo(url), ...helmfileRepo(url) });
  await git(repo, 'init', '-q');
  await git(repo, 'add', '-A');
  await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'fleet');
}, 120_000);

afterAll(async () => {
  await w?.stop();
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout;
}

/** What real Helm 4 renders for one release with these values: pod-spec images and the sidecar the chart names in args. */
async function helmImages(release: string, version: string, values: string): Promise<string[]> {
  const { helm } = await realHelm(4);
  const file = join(w.work, `${release}-${version}.values.yaml`);
  await writeFile(file, values);
  const { stdout } = await run(helm, ['template', release, 'demo', '--repo', w.repo.url, '--version', version, '-f', file], {
    env: { ...process.env, HELM_CONFIG_HOME: join(w.work, 'helm-config'), HELM_CACHE_HOME: join(w.work, 'helm-cache') },
    maxBuffer: 16 << 20,
  });
  return [...podSpecImages(stdout), ...[...stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)].map((r) =>
    r.split('/')[0]!.includes('.') ? r : `docker.io/${r}`,
  );
}

interface Report {
  charts: { name: string; version: string; releaseName: string; namespace: string }[];
  images: { ref: string; need: string }[];
}

async function images(entry: string): Promise<{ report: Report; stderr: string; refs: string[] }> {
  const r = await runCli(['-o', 'json', 'images', '--gitops', join(repo, entry)], env);
  expect(r.exitCode, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  return { report, stderr: r.stderr, refs: [...new Set(report.images.filter((i) => i.need !== 'optional').map((i) => i.ref))].sort() };
}

describe('images --gitops ENTRY: what the cluster would install', () => {
  it('a Flux cluster folder: its Kustomizations followed to the overlay, values from the generated ConfigMap, the namespace set', async () => {
    for (const [env_, version, values] of [
      ['staging', '1.2.0', 'image: { tag: "1.0.0" }\npodAnnotations: { env: staging }\n'],
      [
        'production',
        '1.2.1',
        'image: { tag: "1.0.1" }\nhelper: { image: docker.io/library/busybox:1.36 }\nmetrics: { enabled: true }\npodAnnotations: { env: production }\n',
      ],
    ] as const) {
      const { report, stderr, refs } = await images(`clusters/${env_}`);
      expect(report.charts.map((c) => `${c.releaseName} ${c.namespace} ${c.name} ${c.version}`)).toEqual([`demo demo demo ${version}`]);
      expect(refs).toEqual([...new Set(await helmImages('demo', version, values))].sort());
      if (env_ === 'staging')
        expect(stderr).toMatch(
          /Flux Kustomization flux-system\/platform builds \.\/deploy of GitRepository platform \(https:\/\/github\.com\/acme\/platform\): not fetched/,
        );
    }
  }, 120_000);

  it('the whole repository: each overlay once, the base they share not a release of its own', async () => {
    const { report } = await images('.');
    expect(report.charts.map((c) => `${c.releaseName} ${c.namespace} ${c.version}`).sort()).toEqual(
      ['chart apps 1.2.1', 'demo demo 1.2.0', 'demo demo 1.2.1', 'demo-east east 1.2.1', 'demo-west west 1.2.1', 'hf-demo tools 1.2.1'].sort(),
    );
  }, 120_000);

  it('an overlay folder given itself: built, its patch file not read as a release', async () => {
    const { report, stderr } = await images('apps/staging');
    expect(report.charts.map((c) => `${c.releaseName} ${c.namespace} ${c.version}`)).toEqual(['demo demo 1.2.0']);
    // the cluster's Kustomization fills ${app_tag}: given the overlay alone, that is said
    expect(stderr).toMatch(/apps\/staging \(kustomize build\): holds \$\{cluster_env\}, which a Flux Kustomization's postBuild\.substitute fills/);
  }, 60_000);

  it('an Argo CD app-of-apps folder: chart Applications read, kustomize and plain-path ones named and skipped, the ApplicationSet over config.json files', async () => {
    const { report, stderr, refs } = await images('argocd');
    expect(report.charts.map((c) => `${c.releaseName} ${c.namespace} ${c.version}`).sort()).toEqual([
      'chart apps 1.2.1',
      'demo-east east 1.2.1',
      'demo-west west 1.2.1',
    ]);
    expect(stderr).toMatch(/Application kustomized deploys a kustomization from apps\/staging/);
    expect(stderr).toMatch(/Application plain deploys plain manifests from manifests\/plain/);
    expect(stderr).toMatch(/Application root deploys plain manifests from argocd\/apps/);
    const want = [
      ...(await helmImages('chart', '1.2.1', 'image: { tag: "1.0.1" }\nmetrics: { enabled: true }\n')),
      ...(await helmImages('demo-east', '1.2.1', 'image: { tag: "1.0.0" }\n')),
      ...(await helmImages('demo-west', '1.2.1', 'image: { tag: "1.0.1" }\n')),
    ];
    expect(refs).toEqual([...new Set(want)].sort());
  }, 120_000);

  it('a helmfile', async () => {
    const { refs } = await images('helmfile/helmfile.yaml');
    expect(refs).toEqual([...new Set(await helmImages('hf-demo', '1.2.1', 'image: { tag: "1.0.0" }\n'))].sort());
  }, 60_000);
});

/** kubectl kustomize of an overlay with Flux's postBuild.substitute applied as the cluster's Kustomization gives it. */
async function fluxBuild(
  dir: string,
  vars: Record<string, string>,
): Promise<Record<string, { spec?: Record<string, unknown>; data?: Record<string, string> }>> {
  const { kubectl } = await realHelm(4);
  let text = (await run(kubectl, ['kustomize', dir])).stdout;
  for (const [k, v] of Object.entries(vars)) text = text.split(`\${${k}}`).join(v);
  const out: Record<string, { spec?: Record<string, unknown>; data?: Record<string, string> }> = {};
  for (const d of parseAllDocuments(text)) {
    const o = d.toJS() as { kind: string; spec?: Record<string, unknown>; data?: Record<string, string> };
    out[o.kind] = o;
  }
  return out;
}

describe('bundle → push → values --format gitops → kubectl kustomize', () => {
  it('a Flux cluster: its overlay gets a patch of ours, real Helm 4 renders every image and the chart from the target, a second run changes no byte, the other environment is untouched', async () => {
    const copy = join(w.work, 'route');
    await cp(repo, copy, { recursive: true });
    const entry = join(copy, 'clusters/staging');
    const bundle = join(w.work, 'staging.tar');
    const target = `${w.registry.host}/m`;
    const b = await runCli(['bundle', '--gitops', entry, ...w.mirrors, '--out', bundle], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const p = await runCli(['push', bundle, '--registry', target], env);
    expect(p.exitCode, p.stderr).toBe(0);
    const v = await runCli(['values', bundle, '--gitops', entry, '--registry', target, '--format', 'gitops'], env);
    expect(v.exitCode, v.stderr + v.stdout).toBe(0);
    const changed = (await git(copy, 'status', '--porcelain'))
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3))
      .sort();
    expect(changed).toEqual(['apps/staging/helm-airgap.patch.yaml', 'apps/staging/kustomization.yaml']);
    // the team's kustomization keeps its bytes; one entry added
    expect(await readFile(join(copy, 'apps/staging/kustomization.yaml'), 'utf8')).toBe(
      fluxRepo(w.repo.url.replace(/\/$/, ''))['apps/staging/kustomization.yaml']!.replace(
        '      name: demo\n',
        '      name: demo\n  - path: helm-airgap.patch.yaml\n',
      ),
    );
    const built = await fluxBuild(join(copy, 'apps/staging'), { app_tag: '1.0.0', cluster_env: 'staging' });
    expect(built.HelmRepository!.spec).toEqual({ interval: '24h', type: 'oci', url: `oci://${target}/charts` });
    const hr = built.HelmRelease!.spec as { chart: { spec: { chart: string; version: string } }; values: unknown };
    expect(hr.chart.spec).toMatchObject({ chart: 'demo', version: '1.2.0' });
    const cm = join(w.work, 'route-cm.yaml');
    const own = join(w.work, 'route-values.yaml');
    await writeFile(cm, built.ConfigMap!.data!['values.yaml']!);
    await writeFile(own, JSON.stringify(hr.values));
    const { helm } = await realHelm(4);
    const out = await run(helm, ['template', 'demo', `oci://${target}/charts/demo`, '--version', '1.2.0', '--plain-http', '-f', cm, '-f', own], {
      env: { ...process.env, HELM_CONFIG_HOME: join(w.work, 'helm-config'), HELM_CACHE_HOME: join(w.work, 'helm-cache') },
    });
    const images = [...podSpecImages(out.stdout), ...[...out.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)];
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const i of images) expect(i).toMatch(new RegExp(`^${target.replace(/[.]/g, '\\.')}/`));
    expect(parseYaml(await readFile(cm, 'utf8'))).toEqual({ image: { tag: '1.0.0' } });
    // a second run, from the bundle and from the charts now at the target, changes no byte
    await git(copy, 'add', '-A');
    await git(copy, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'rewritten');
    const again = await runCli(['values', bundle, '--gitops', entry, '--registry', target, '--format', 'gitops'], env);
    expect(again.exitCode, again.stderr).toBe(0);
    const fromCharts = await runCli(['values', '--gitops', entry, '--registry', target, '--format', 'gitops'], env);
    expect(fromCharts.exitCode, fromCharts.stderr).toBe(0);
    expect(await git(copy, 'status', '--porcelain')).toBe('');
  }, 240_000);
});

describe('values --format gitops over a flat folder: in place, exact, and a no-op the second time', () => {
  it('an Argo CD app-of-apps folder and a helmfile: charts and images from the target, the OCI repository Secret named, one values layer, a second run changes no byte', async () => {
    const copy = join(w.work, 'flat');
    await cp(repo, copy, { recursive: true });
    const inputs = ['--gitops', join(copy, 'argocd'), '--gitops', join(copy, 'helmfile/helmfile.yaml')];
    // a file saved on Windows, with a comment and flow maps: lines the rewrite does not need keep their bytes
    const chartApp = join(copy, 'argocd/apps/chart.yaml');
    await writeFile(chartApp, `# the team's chart app\n${await readFile(chartApp, 'utf8')}`.replace(/\n/g, '\r\n'));
    const bundle = join(w.work, 'flat.tar');
    const target = `${w.registry.host}/flat`;
    const b = await runCli(['bundle', ...inputs, ...w.mirrors, '--out', bundle], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const p = await runCli(['push', bundle, '--registry', target], env);
    expect(p.exitCode, p.stderr).toBe(0);
    const v = await runCli(['values', bundle, ...inputs, '--registry', target, '--format', 'gitops'], env);
    expect(v.exitCode, v.stderr + v.stdout).toBe(0);
    expect(v.stdout).toContain(`Argo CD needs a repository Secret for the OCI charts at ${w.registry.host}`);
    expect(v.stdout).toContain('  enableOCI: "true"');
    const changed = (await git(copy, 'status', '--porcelain'))
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3))
      .sort();
    expect(changed).toEqual(['argocd/apps/chart.yaml', 'argocd/appset.yaml', 'helmfile/helmfile.yaml']);
    const app = await readFile(chartApp, 'utf8');
    expect(app.replace(/\r\n/g, '')).not.toContain('\n');
    expect(app.startsWith("# the team's chart app\r\napiVersion: argoproj.io/v1alpha1\r\nkind: Application\r\nmetadata:\r\n")).toBe(true);
    expect(app).toContain('  destination: { server: https://kubernetes.default.svc, namespace: apps }\r\n');
    expect(app).toContain('  project: default\r\n');
    // the helmfile: its repository entry at the target's OCI charts, one values layer of ours
    const hf = parseYaml(await readFile(join(copy, 'helmfile/helmfile.yaml'), 'utf8')) as {
      repositories: { name: string; url: string; oci?: boolean }[];
      releases: { chart: string; values: unknown[] }[];
    };
    expect(hf.repositories).toEqual([{ name: 'acme', url: `${target}/charts`, oci: true }]);
    expect(hf.releases[0]!.chart).toBe('acme/demo');
    expect(hf.releases[0]!.values).toHaveLength(2);
    // each release read back as its tool reads it renders in real Helm 4 with every image at the target
    const { readGitopsCharts } = await import('../../src/bundle/gitops/gitops-charts.js');
    const { helm } = await realHelm(4);
    for (const input of ['argocd', 'helmfile/helmfile.yaml']) {
      for (const r of await readGitopsCharts(join(copy, input), copy)) {
        expect(r.chart, r.releaseName).toBe(`oci://${target}/charts/demo`);
        const values = join(w.work, `flat-${r.releaseName}.json`);
        await writeFile(values, JSON.stringify(r.values));
        const out = await run(helm, ['template', r.releaseName!, join(w.repoDir, `demo-${r.version}.tgz`), '-f', values]);
        const images = [...podSpecImages(out.stdout), ...[...out.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)];
        for (const i of images) expect(i, r.releaseName).toMatch(new RegExp(`^${target.replace(/[.]/g, '\\.')}/`));
      }
    }
    await git(copy, 'add', '-A');
    await git(copy, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'rewritten');
    const again = await runCli(['values', bundle, ...inputs, '--registry', target, '--format', 'gitops'], env);
    expect(again.exitCode, again.stderr).toBe(0);
    const fromCharts = await runCli(['values', ...inputs, '--registry', target, '--format', 'gitops'], env);
    expect(fromCharts.exitCode, fromCharts.stderr).toBe(0);
    expect(await git(copy, 'status', '--porcelain')).toBe('');
  }, 240_000);
});
