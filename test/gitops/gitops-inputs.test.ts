// --gitops end to end: a checkout with a helmfile (HTTP and oci: true repositories), Argo CD
// Applications (one multi-source with a $ref values file), an ApplicationSet (list generator)
// and Flux HelmReleases (HelmRepository with valuesFrom a ConfigMap and a Secret; chartRef to an
// OCIRepository), against a real chart repository and a real registry. `images --gitops` must
// name exactly the images real Helm 4 renders for each release given the values its tool gives.
import { execFile } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChartArtifact } from '../../src/charts/chart-artifact.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { RegistryClient } from '../../src/registry/client.js';
import { readBundleLock } from '../../src/bundle/open.js';
import { readGitopsCharts } from '../../src/bundle/gitops/gitops-charts.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { crdProblems } from '../support/crd-schema.js';
import { realHelm } from '../support/tools.js';

const run = promisify(execFile);
const b64 = (s: string) => Buffer.from(s).toString('base64');

let w: BundleWorld;
let env: Record<string, string>;
let tree: string;

function checkout(repo: string, oci: string): Record<string, string> {
  return {
    'helmfile.yaml': [
      'repositories:',
      '  - name: fixtures',
      `    url: ${repo}`,
      '  - name: ocicharts',
      `    url: ${oci}`,
      '    oci: true',
      'releases:',
      '  - name: hf-http',
      '    namespace: team-a',
      '    chart: fixtures/demo',
      '    version: 1.2.0',
      '    values:',
      '      - values/hf.yaml',
      '      - metrics: { image: { tag: "0.1.1" } }',
      '    set:',
      '      - name: helper.image',
      '        value: docker.io/library/busybox:1.36.1',
      '  - name: hf-oci',
      '    chart: ocicharts/demo',
      '    version: 1.2.1',
      '    values:',
      '      - image: { repository: acme/hf-oci }',
      '  - name: not-installed',
      '    chart: fixtures/demo',
      '    installed: false',
      '',
    ].join('\n'),
    'values/hf.yaml': 'image:\n  tag: "1.1.0"\nmetrics:\n  enabled: true\n',
    'argo/single.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: argo-single, namespace: argocd }',
      'spec:',
      '  project: default',
      '  source:',
      `    repoURL: ${repo}`,
      '    chart: demo',
      '    targetRevision: 1.2.1',
      '    helm:',
      '      values: |',
      '        image:',
      '          tag: ignored-when-valuesObject-is-set',
      '      valuesObject:',
      '        image: { tag: "2.0.0" }',
      '      parameters:',
      '        - { name: helper.image, value: "docker.io/library/busybox:1.37" }',
      '        - { name: image.registry, value: quay.io, forceString: true }',
      '  destination: { server: "https://kubernetes.default.svc", namespace: argo-ns }',
      '',
    ].join('\n'),
    'argo/multi.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: argo-multi }',
      'spec:',
      '  project: default',
      '  sources:',
      `    - repoURL: ${oci}`,
      '      chart: demo',
      '      targetRevision: 1.2.1',
      '      helm:',
      '        releaseName: multi',
      '        valueFiles: [$values/envs/prod/demo.yaml]',
      '        values: |',
      '          # the platform team pins this tag',
      '          image:',
      '            tag: "2.1.0"',
      '    - repoURL: https://git.example.com/platform/gitops.git',
      '      targetRevision: main',
      '      ref: values',
      '  destination: { server: "https://kubernetes.default.svc", namespace: multi-ns }',
      '',
    ].join('\n'),
    // Argo CD 3.1's OCI source: the chart is the artifact repoURL names, path its root
    'argo/oci-form.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: argo-oci }',
      'spec:',
      '  project: default',
      '  source:',
      `    repoURL: oci://${oci}/demo`,
      '    targetRevision: 1.2.1',
      '    path: .',
      '    helm:',
      '      valuesObject: { image: { tag: "6.0.0" } }',
      '  destination: { server: "https://kubernetes.default.svc", namespace: oci-ns }',
      '',
    ].join('\n'),
    'envs/prod/demo.yaml': 'image:\n  repository: acme/multi\n  tag: "9.9.9"\nhelper:\n  image: docker.io/library/busybox:1.38\n',
    'argo/appset.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: { name: regions }',
      'spec:',
      '  generators:',
      '    - list:',
      '        elements:',
      '          - { cluster: east, tag: "3.0.0" }',
      '          - { cluster: west, tag: "3.0.1" }',
      '  template:',
      "    metadata: { name: '{{cluster}}-demo' }",
      '    spec:',
      '      project: default',
      '      source:',
      `        repoURL: ${repo}`,
      '        chart: demo',
      '        targetRevision: 1.2.1',
      '        helm:',
      "          parameters: [{ name: image.tag, value: '{{tag}}' }]",
      "      destination: { server: https://kubernetes.default.svc, namespace: '{{cluster}}' }",
      '',
    ].join('\n'),
    'flux/sources.yaml': [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: HelmRepository',
      'metadata: { name: fixtures, namespace: flux-system }',
      `spec: { interval: 10m, url: "${repo}" }`,
      '---',
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: OCIRepository',
      'metadata: { name: demo-oci, namespace: apps }',
      'spec:',
      '  interval: 10m',
      `  url: oci://${oci}/demo`,
      '  ref: { tag: 1.2.1 }',
      '',
    ].join('\n'),
    'flux/release.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: demo-values, namespace: apps }',
      'data:',
      '  values.yaml: |',
      '    image:',
      '      tag: "4.0.0"',
      '    metrics:',
      '      enabled: true',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: demo-secret, namespace: apps }',
      `data: { helper: ${b64('docker.io/library/busybox:1.39')} }`,
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata: { name: flux-demo, namespace: apps }',
      'spec:',
      '  interval: 10m',
      '  targetNamespace: prod',
      '  chart:',
      '    spec:',
      '      chart: demo',
      '      version: "1.2.x"',
      '      sourceRef: { kind: HelmRepository, name: fixtures, namespace: flux-system }',
      '  valuesFrom:',
      '    - { kind: ConfigMap, name: demo-values }',
      '    - { kind: Secret, name: demo-secret, valuesKey: helper, targetPath: helper.image }',
      '  values:',
      '    metrics: { image: { tag: "0.4.0" } }',
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata: { name: flux-oci, namespace: apps }',
      'spec:',
      '  interval: 10m',
      '  chartRef: { kind: OCIRepository, name: demo-oci }',
      '  values: { image: { tag: "5.0.0" } }',
      '',
    ].join('\n'),
    // a chart folder in the checkout: its templates are not GitOps objects
    'charts/local/Chart.yaml': 'apiVersion: v2\nname: local\nversion: 0.1.0\n',
    'charts/local/templates/x.yaml': 'kind: {{ .Values.kind }}\n',
  };
}

beforeAll(async () => {
  w = await startBundleWorld();
  env = worldEnv(w);
  tree = join(w.work, 'gitops');
  await writeFiles(tree, checkout(w.repo.url.replace(/\/$/, ''), `${w.registry.host}/charts`));
}, 120_000);

afterAll(async () => {
  await w?.stop();
});

/** What real Helm 4 renders for one release: pod-spec images and the sidecar the chart names in args. */
async function helmImages(release: string, chart: string[], flags: string[]): Promise<string[]> {
  const { helm } = await realHelm(4);
  const { stdout } = await run(helm, ['template', release, ...chart, ...flags], {
    env: {
      ...process.env,
      HELM_CONFIG_HOME: join(w.work, 'helm-config'),
      HELM_CACHE_HOME: join(w.work, 'helm-cache'),
      HELM_REPOSITORY_CONFIG: join(w.work, 'none.yaml'),
    },
    maxBuffer: 16 << 20,
  });
  return [...podSpecImages(stdout), ...[...stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)];
}

const normal = (ref: string) => (ref.split('/')[0]!.includes('.') ? ref : `docker.io/${ref}`);

/** Flags with each --set/--set-string (plain strings here) turned into a -f file, in place. */
async function setsAsFiles(name: string, flags: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] !== '--set' && flags[i] !== '--set-string') {
      out.push(flags[i]!);
      continue;
    }
    const [path, value] = flags[++i]!.split('=') as [string, string];
    const doc = path.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), value);
    const file = join(w.work, `${name}-set-${i}.json`);
    await writeFile(file, JSON.stringify(doc));
    out.push('-f', file);
  }
  return out;
}

/** Each release as `helm template` flags giving the values its tool gives (the inline layers written to files). */
async function helmReleases(): Promise<Record<string, [string[], string[]]>> {
  const http = (v: string) => ['demo', '--repo', w.repo.url, '--version', v];
  const oci = ['oci://' + `${w.registry.host}/charts/demo`, '--version', '1.2.1', '--plain-http'];
  const inline = async (name: string, text: string) => {
    const f = join(w.work, name);
    await writeFile(f, text);
    return f;
  };
  return {
    'hf-http': [
      http('1.2.0'),
      [
        '-f',
        join(tree, 'values/hf.yaml'),
        '-f',
        await inline('hf-inline.yaml', 'metrics: { image: { tag: "0.1.1" } }\n'),
        '--set',
        'helper.image=docker.io/library/busybox:1.36.1',
      ],
    ],
    'hf-oci': [oci, ['--set', 'image.repository=acme/hf-oci']],
    'argo-single': [
      http('1.2.1'),
      [
        '-f',
        await inline('argo-single.yaml', 'image: { tag: "2.0.0" }\n'),
        '--set',
        'helper.image=docker.io/library/busybox:1.37',
        '--set-string',
        'image.registry=quay.io',
      ],
    ],
    multi: [oci, ['-f', join(tree, 'envs/prod/demo.yaml'), '-f', await inline('multi.yaml', 'image:\n  tag: "2.1.0"\n')]],
    'argo-oci': [oci, ['-f', await inline('argo-oci.yaml', 'image: { tag: "6.0.0" }\n')]],
    'east-demo': [http('1.2.1'), ['--set', 'image.tag=3.0.0']],
    'west-demo': [http('1.2.1'), ['--set', 'image.tag=3.0.1']],
    'prod-flux-demo': [
      http('1.2.1'),
      [
        '-f',
        await inline('flux.yaml', 'image: { tag: "4.0.0" }\nmetrics: { enabled: true, image: { tag: "0.4.0" } }\n'),
        '--set',
        'helper.image=docker.io/library/busybox:1.39',
      ],
    ],
    'flux-oci': [oci, ['--set', 'image.tag=5.0.0']],
  };
}

describe('images --gitops: each release as its tool would install it', () => {
  it('names exactly the images real Helm 4 renders with the same values, for every format', async () => {
    const r = await runCli(['-o', 'json', 'images', '--gitops', tree], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      charts: { name: string; version: string; releaseName: string; namespace: string }[];
      images: { ref: string; need: string }[];
    };
    expect(report.charts.map((c) => `${c.releaseName} ${c.namespace} ${c.version}`).sort()).toEqual(
      [
        'hf-http team-a 1.2.0',
        'hf-oci default 1.2.1',
        'argo-single argo-ns 1.2.1',
        'multi multi-ns 1.2.1',
        'argo-oci oci-ns 1.2.1',
        'east-demo east 1.2.1',
        'west-demo west 1.2.1',
        'prod-flux-demo prod 1.2.1',
        'flux-oci apps 1.2.1',
      ].sort(),
    );
    const expected = (await Promise.all(Object.entries(await helmReleases()).map(([name, [chart, flags]]) => helmImages(name, chart, flags))))
      .flat()
      .map(normal);
    const ours = report.images.filter((i) => i.need !== 'optional').map((i) => i.ref);
    expect([...new Set(ours)].sort()).toEqual([...new Set(expected)].sort());
    // each release's own values reached it (not a default everywhere)
    for (const ref of [
      'quay.io/acme/app:2.0.0',
      'registry.example.com/acme/multi:2.1.0',
      'registry.example.com/acme/app:3.0.1',
      'docker.io/library/busybox:1.39',
      'registry.example.com/acme/metrics:0.4.0',
    ])
      expect(ours).toContain(ref);
  }, 120_000);

  it('values --gitops writes one override per release: real Helm 4 renders every image from the target with it', async () => {
    const out = join(w.work, 'gitops-values');
    const r = await runCli(['values', '--gitops', tree, '--registry', 'mirror.internal:5000/m', '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const [name, [chart, flags]] of Object.entries(await helmReleases())) {
      // the override goes last, as GitOps tools apply it: Helm's --set outranks every -f, so set values become a file first
      const images = await helmImages(name, chart, [...(await setsAsFiles(name, flags)), '-f', join(out, `${name}.values.yaml`)]);
      expect(images.length, name).toBeGreaterThan(0);
      for (const ref of images) expect(ref, name).toMatch(/^mirror\.internal:5000\/m\//);
    }
  }, 120_000);

  it('values --format gitops rewrites the objects in place: charts and images from the target, comments and other fields kept', async () => {
    const copy = join(w.work, 'gitops-rewrite');
    await cp(tree, copy, { recursive: true });
    const flux = join(copy, 'flux/release.yaml');
    await writeFile(flux, `# platform team: demo release\n${await readFile(flux, 'utf8')}`);
    // the charts where push puts them: TARGET/charts/NAME:VERSION
    const client = new RegistryClient();
    for (const v of ['1.2.0', '1.2.1']) {
      const c = await resolveChart({ chart: join(w.repoDir, `demo-${v}.tgz`) }, { cacheDir: join(w.work, 'push-cache'), baseDir: w.work });
      await pushChartArtifact(client.repository(`${w.registry.host}/m/charts/demo`), c, (await readFile(c.archivePath)).length, v);
    }
    const target = `${w.registry.host}/m`;
    const r = await runCli(['values', '--gitops', copy, '--registry', target, '--format', 'gitops'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    // every Argo CD and Flux object, before and after, as the real CRDs of those projects define them
    for (const [dir, label] of [
      [tree, 'as written'],
      [copy, 'rewritten'],
    ] as const)
      for (const f of ['argo/single.yaml', 'argo/multi.yaml', 'argo/appset.yaml', 'argo/oci-form.yaml', 'flux/sources.yaml', 'flux/release.yaml'])
        for (const d of parseAllDocuments(await readFile(join(dir, f), 'utf8'))) {
          const o = d.toJS() as { apiVersion: string; kind: string; spec: { template: { spec: unknown } } };
          if (o.apiVersion === 'v1') continue;
          // an ApplicationSet's template.spec is an Application's spec
          const obj = o.kind === 'ApplicationSet' ? { apiVersion: o.apiVersion, kind: 'Application', metadata: {}, spec: o.spec.template.spec } : o;
          expect(crdProblems(obj), `${label} ${f} ${o.kind}`).toEqual([]);
        }
    // kubectl's own kustomize builds the rewritten objects (valid YAML, one object a document)
    await writeFile(
      join(copy, 'kustomization.yaml'),
      'resources: [argo/single.yaml, argo/multi.yaml, argo/appset.yaml, argo/oci-form.yaml, flux/sources.yaml, flux/release.yaml]\n',
    );
    const { kubectl } = await realHelm(4);
    const built = await run(kubectl, ['kustomize', copy], { maxBuffer: 16 << 20 });
    // a folder holding a kustomization is read as its build: the check's own one goes again
    await rm(join(copy, 'kustomization.yaml'));
    expect(
      parseAllDocuments(built.stdout)
        .map((d) => (d.toJS() as { kind: string }).kind)
        .sort(),
    ).toEqual([
      'Application',
      'Application',
      'Application',
      'ApplicationSet',
      'ConfigMap',
      'HelmRelease',
      'HelmRelease',
      'HelmRepository',
      'OCIRepository',
      'Secret',
    ]);
    // the judge itself refuses what the CRD does not define
    expect(crdProblems({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', spec: { valueFrom: [] } } as never)).toContain(
      '.spec.valueFrom: unknown field',
    );
    expect(crdProblems({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { repoURL: 1 } } } as never).join()).toMatch(
      /repoURL: 1 is not a string/,
    );
    // lines the rewrite has no business with stay as written: flow collections' spacing, and inside
    // a helm.values text its comments and quoting
    const multi = await readFile(join(copy, 'argo/multi.yaml'), 'utf8');
    expect(multi).toContain('        valueFiles: [$values/envs/prod/demo.yaml]\n');
    expect(multi).toContain('          # the platform team pins this tag\n          image:\n            tag: "2.1.0"\n');
    expect(await readFile(join(copy, 'argo/appset.yaml'), 'utf8')).toContain("          parameters: [{ name: image.tag, value: '{{tag}}' }]\n");
    const text = await readFile(flux, 'utf8');
    expect(text.startsWith('# platform team: demo release\n')).toBe(true);
    expect(text).toContain('  interval: 10m');
    expect(text).toContain('valuesFrom:\n    - { kind: ConfigMap, name: demo-values }');
    const docs = parseAllDocuments(await readFile(join(copy, 'flux/sources.yaml'), 'utf8')).map((d) => d.toJS() as { spec: Record<string, unknown> });
    expect(docs[0]!.spec).toMatchObject({ type: 'oci', url: `oci://${target}/charts` });
    expect(docs[1]!.spec).toMatchObject({ url: `oci://${target}/charts/demo`, ref: { tag: '1.2.1' } });
    const app = parseAllDocuments(await readFile(join(copy, 'argo/single.yaml'), 'utf8'))[0]!.toJS() as { spec: { source: Record<string, unknown> } };
    expect(app.spec.source).toMatchObject({ repoURL: `${target}/charts`, chart: 'demo', targetRevision: '1.2.1' });
    const ociApp = parseAllDocuments(await readFile(join(copy, 'argo/oci-form.yaml'), 'utf8'))[0]!.toJS() as { spec: { source: Record<string, unknown> } };
    expect(ociApp.spec.source).toMatchObject({ repoURL: `oci://${target}/charts/demo`, targetRevision: '1.2.1', path: '.' });
    expect(ociApp.spec.source.chart).toBeUndefined();
    // read again as the cluster would: every chart and every image from the target
    const again = await runCli(['-o', 'json', 'images', '--gitops', copy], env);
    expect(again.exitCode, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { charts: { source: unknown }[]; images: { ref: string; need: string }[] };
    expect(report.charts).toHaveLength(9);
    expect(JSON.stringify(report.charts.map((c) => c.source))).not.toContain(w.repo.url);
    const refs = report.images.filter((i) => i.need !== 'optional').map((i) => i.ref);
    expect(refs.length).toBeGreaterThan(8);
    for (const ref of refs) expect(ref).toMatch(new RegExp(`^${target.replace(/[.]/g, '\\.')}/`));
  }, 120_000);

  it('values --format gitops with a map: images where the map says (moved by another tool), charts at --registry where push put them', async () => {
    const listed = await runCli(['-o', 'json', 'images', '--gitops', tree], env);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const refs = [...new Set((JSON.parse(listed.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref))];
    const moved = 'copied.internal:5000/by-skopeo';
    const map = join(w.work, 'skopeo.map.yaml');
    await writeFile(
      map,
      `apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n${refs.map((r) => `  - source: ${r}\n    destination: ${moved}/${r.replace(/^[^/]+\//, '')}\n`).join('')}`,
    );
    const copy = join(w.work, 'gitops-mapped');
    await cp(tree, copy, { recursive: true });
    const charts = 'charts.internal:5000/m';
    const r = await runCli(['values', '--gitops', copy, '--registry', charts, '--map', map, '--format', 'gitops'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const releases = await readGitopsCharts(copy, w.work);
    expect(releases).toHaveLength(9);
    for (const rel of releases) {
      expect(rel.chart.startsWith(`oci://${charts}/charts/`) || rel.repo === `oci://${charts}/charts`, `${rel.releaseName} ${rel.chart} ${rel.repo}`).toBe(
        true,
      );
      const text = JSON.stringify(rel.values);
      expect(text, rel.releaseName).toContain(moved);
      expect(text, rel.releaseName).not.toContain(charts.split('/')[0]);
    }
  }, 120_000);

  it('values BUNDLE --format gitops --pin-digests: every override pinned to the digest the lock records', async () => {
    // one release of each tool, with the images the world's registry holds
    const copy = join(w.work, 'gitops-pinned');
    const all = checkout(w.repo.url.replace(/\/$/, ''), `${w.registry.host}/charts`);
    await writeFiles(copy, {
      'helmfile.yaml': `repositories: [{ name: fixtures, url: "${w.repo.url}" }]\nreleases:\n  - { name: hf, chart: fixtures/demo, version: 1.2.1 }\n`,
      'argo.yaml': all['argo/single.yaml']!.replace('"2.0.0"', '"1.0.1"').replace(/ {6}parameters:\n(.*\n){2}/, ''),
      'flux.yaml': `${all['flux/sources.yaml']}---\n${all['flux/release.yaml']!.split('---\n')[0]!.replace('"4.0.0"', '"1.0.0"')}---\n${[
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata: { name: flux-demo, namespace: apps }',
        'spec:',
        '  chart: { spec: { chart: demo, version: "1.2.x", sourceRef: { kind: HelmRepository, name: fixtures, namespace: flux-system } } }',
        '  valuesFrom: [{ kind: ConfigMap, name: demo-values }]',
        '',
      ].join('\n')}`,
    });
    const out = join(w.work, 'pin.tar');
    const bundled = await runCli(['bundle', '--gitops', copy, ...w.mirrors, '-o', out], env);
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    const lock = await readBundleLock(out);
    const r = await runCli(['values', out, '--gitops', copy, '--registry', 'mirror.internal:5000/m', '--format', 'gitops', '--pin-digests'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const digests = new Set(lock.images.map((i) => i.digest));
    const releases = await readGitopsCharts(copy, w.work);
    expect(releases.map((x) => x.releaseName).sort()).toEqual(['argo-single', 'flux-demo', 'hf']);
    for (const rel of releases) {
      const pinned = [...JSON.stringify(rel.values).matchAll(/sha256:[0-9a-f]{64}/g)].map((m) => m[0]);
      expect(pinned.length, rel.releaseName).toBeGreaterThan(0);
      for (const d of pinned) expect(digests.has(d), `${rel.releaseName} ${d}`).toBe(true);
    }
  }, 180_000);

  it('bundle --gitops - reads the objects from stdin and carries what the release installs', async () => {
    const stdin = [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: HelmRepository',
      'metadata: { name: fixtures }',
      `spec: { url: "${w.repo.url}" }`,
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: tag }',
      'data: { tag: "\\"1.0.1\\"" }',
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata: { name: piped }',
      'spec:',
      '  chart: { spec: { chart: demo, version: 1.2.1, sourceRef: { kind: HelmRepository, name: fixtures } } }',
      '  valuesFrom: [{ kind: ConfigMap, name: tag, valuesKey: tag, targetPath: image.tag }]',
      '',
    ].join('\n');
    const out = join(w.work, 'gitops.tar');
    const r = await runCli(['bundle', '--gitops', '-', ...w.mirrors, '-o', out], env, stdin);
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(out);
    expect(lock.images.map((i) => i.ref).sort()).toEqual(['docker.io/library/busybox:1.36', 'registry.example.com/acme/app:1.0.1']);
    expect(lock.charts.map((c) => `${c.name} ${c.version}`)).toEqual(['demo 1.2.1']);
  }, 120_000);
});
