import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../../../test/support/files.js';
import { readGitopsCharts } from './gitops-charts.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function chartsOf(files: Record<string, string>, input = '.') {
  const dir = await mkdtemp(join(tmpdir(), 'airgap-gitops-'));
  dirs.push(dir);
  await writeFiles(dir, files);
  return readGitopsCharts(input, dir);
}

describe('readGitopsCharts', () => {
  // a `y:` key would be true, as Helm reads YAML 1.1
  it('helmfile: values files and inline maps in order, set escaped as helmfile passes it, lists as {a,b}', async () => {
    const [c] = await chartsOf({
      'helmfile.yaml': [
        'repositories: [{ name: r, url: "https://charts.example.com/" }]',
        'releases:',
        '  - name: rel',
        '    chart: r/app',
        '    values: [a.yaml, { x: 2, w: { z: 1 } }, b.yaml]',
        '    set:',
        '      - { name: note, value: "a,b" }',
        '      - { name: hosts, values: [one, two] }',
        '',
      ].join('\n'),
      'a.yaml': 'x: 1\nw: { keep: true }\n',
      'b.yaml': 'x: 3\n',
    });
    expect(c).toMatchObject({ chart: 'app', repo: 'https://charts.example.com', releaseName: 'rel' });
    expect(c!.values).toEqual({ x: 3, w: { keep: true, z: 1 }, note: 'a,b', hosts: ['one', 'two'] });
  });

  it("helmfile build output: its top-level namespace is the releases' default; templates, renderedvalues and environments read past", async () => {
    const charts = await chartsOf(
      {
        'built.yaml': [
          '---',
          '# Source: helmfile.yaml',
          'filepath: helmfile.yaml',
          'environments:',
          '  default:',
          '    values: [env.yaml]',
          'namespace: staging',
          'repositories:',
          '- name: dev',
          '  url: http://charts.example.com/',
          'releases:',
          '- chart: dev/app',
          '  version: 0.0.12',
          '  name: app',
          '- chart: dev/db',
          '  name: db',
          '  namespace: data',
          'templates: {}',
          'renderedvalues: {}',
          '',
        ].join('\n'),
      },
      'built.yaml',
    );
    expect(charts.map((c) => `${c.releaseName} ${c.namespace} ${c.chart} ${c.repo} ${c.version}`)).toEqual([
      'app staging app http://charts.example.com 0.0.12',
      'db data db http://charts.example.com undefined',
    ]);
  });

  it('a helmfile in parts (--- documents): its repositories serve the releases of every part, as helmfile merges the parts', async () => {
    const charts = await chartsOf({
      'helmfile.yaml': [
        'repositories:',
        '  - { name: r, url: "https://charts.example.com" }',
        '---',
        'namespace: first',
        'releases:',
        '  - { name: a, chart: r/app, version: 1.0.0 }',
        '---',
        'namespace: later',
        'releases: []',
        '',
      ].join('\n'),
    });
    // an empty list sets nothing (mergo.Merge WithOverride); a later scalar replaces an earlier one
    expect(charts.map((c) => `${c.releaseName} ${c.namespace} ${c.chart} ${c.repo}`)).toEqual(['a later app https://charts.example.com']);
  });

  it('sub-helmfiles named by path or glob are read as files of the tree; bases only as helmfile build merged them', async () => {
    const sub = (name: string) => `releases:\n  - name: ${name}\n    chart: oci://r.example.com/c/${name}\n`;
    const charts = await chartsOf({
      'helmfile.yaml': 'helmfiles:\n  - apps/*.yaml\n  - path: infra/helmfile.yaml\nreleases: []\n',
      'apps/a.yaml': sub('a'),
      'apps/b.yaml': sub('b'),
      'infra/helmfile.yaml': sub('infra'),
    });
    expect(charts.map((c) => c.releaseName).sort()).toEqual(['a', 'b', 'infra']);
    // helmfile build prints the merged state with its bases still listed
    const built = await chartsOf({ 'built.yaml': `filepath: helmfile.yaml\nbases: [common.yaml]\n${sub('merged')}renderedvalues: {}\n` }, 'built.yaml');
    expect(built.map((c) => c.releaseName)).toEqual(['merged']);
  });

  it('a missing values file: an error, unless the tool is told to skip it (helmfile missingFileHandler, Argo CD ignoreMissingValueFiles)', async () => {
    const helmfile = (handler: string) => `${handler}releases:\n  - name: a\n    chart: oci://r.example.com/c/a\n    values: [absent.yaml, { k: 1 }]\n`;
    await expect(chartsOf({ 'helmfile.yaml': helmfile('') })).rejects.toThrow(/helmfile\.yaml:4: values file absent\.yaml not found/);
    const [c] = await chartsOf({ 'helmfile.yaml': helmfile('missingFileHandler: Warn\n') });
    expect(c!.values).toEqual({ k: 1 });
  });

  it('Argo CD: valuesObject over values, parameters last (--set then --set-string), commas kept in a value', async () => {
    const [c] = await chartsOf({
      'app.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: { name: web }',
        'spec:',
        '  source:',
        '    repoURL: registry.example.com/charts',
        '    chart: web',
        '    targetRevision: "1.20"',
        '    helm:',
        '      values: "a: 1"',
        '      valuesObject: { a: 2, b: 2 }',
        '      parameters:',
        '        - { name: b, value: "3" }',
        '        - { name: s, value: "x,y", forceString: true }',
        '        - { name: b, value: "4" }',
        '',
      ].join('\n'),
    });
    expect(c).toMatchObject({ chart: 'oci://registry.example.com/charts/web', version: '1.20', releaseName: 'web' });
    expect(c!.values).toEqual({ a: 2, b: 4n, s: 'x,y' });
  });

  it('Argo CD: a $ref naming its own source, or two sources naming each other, resolves in one step each (no cycle to follow)', async () => {
    const charts = await chartsOf({
      'app.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: { name: loop }',
        'spec:',
        '  sources:',
        '    - { repoURL: "https://charts.example.com", chart: a, ref: one, helm: { valueFiles: [$one/v/a.yaml, $two/v/b.yaml] } }',
        '    - { repoURL: "https://charts.example.com", chart: b, ref: two, helm: { valueFiles: [$one/v/b.yaml] } }',
        '',
      ].join('\n'),
      'v/a.yaml': 'x: 1\n',
      'v/b.yaml': 'x: 2\nz: 2\n',
    });
    expect(charts.map((c) => [c.chart, c.values])).toEqual([
      ['a', { x: 2, z: 2 }],
      ['b', { x: 2, z: 2 }],
    ]);
  });

  it('ApplicationSet git files generator: elements from the files it matches, goTemplate keys', async () => {
    const charts = await chartsOf({
      'set.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: ApplicationSet',
        'metadata: { name: s }',
        'spec:',
        '  goTemplate: true',
        '  generators: [{ git: { repoURL: "https://git.example.com/x.git", revision: HEAD, files: [{ path: "clusters/*/config.yaml" }] } }]',
        '  template:',
        "    metadata: { name: '{{.cluster.name}}-{{.path.basename}}' }",
        '    spec:',
        '      source: { repoURL: "https://charts.example.com", chart: demo, helm: { parameters: [{ name: tag, value: "{{.tag}}" }] } }',
        '      destination: { namespace: apps }',
        '',
      ].join('\n'),
      'clusters/east/config.yaml': 'cluster: { name: prod }\ntag: "1.0"\n',
      'clusters/west/config.yaml': 'cluster: { name: dev }\ntag: "2.0"\n',
    });
    expect(charts.map((c) => [c.releaseName, c.values])).toEqual([
      ['prod-east', { tag: '1.0' }],
      ['dev-west', { tag: '2.0' }],
    ]);
  });

  it('Flux: valuesFrom merged in order, a quoted targetPath value kept a string, spec.values last; a long name shortened as helm-controller does', async () => {
    const name = 'a-release-whose-name-is-long-enough-to-be-cut';
    const [c] = await chartsOf({
      'hr.yaml': [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        `metadata: { name: ${name}, namespace: apps }`,
        'spec:',
        '  targetNamespace: production',
        '  chart: { spec: { chart: demo, version: "*", sourceRef: { kind: HelmRepository, name: r } } }',
        '  valuesFrom:',
        '    - { kind: ConfigMap, name: cm }',
        '    - { kind: Secret, name: s, valuesKey: port, targetPath: service.port }',
        '  values: { a: 9 }',
        '---',
        'apiVersion: source.toolkit.fluxcd.io/v1',
        'kind: HelmRepository',
        'metadata: { name: r, namespace: apps }',
        'spec: { type: oci, url: "oci://registry.example.com/charts" }',
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: cm, namespace: apps }',
        'data: { values.yaml: "a: 1\\nb: 1\\n" }',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: s, namespace: apps }',
        `stringData: { port: "'8080'" }`,
        '',
      ].join('\n'),
    });
    expect(c).toMatchObject({ chart: 'oci://registry.example.com/charts/demo', namespace: 'production' });
    expect(c!.version).toBeUndefined();
    expect(c!.releaseName).toMatch(/^production-a-release-whose-name-is-long--[0-9a-f]{12}$/);
    expect(c!.values).toEqual({ a: 9, b: 1, service: { port: '8080' } });
  });

  it('Flux: spec.releaseName names the release as written, in targetNamespace', async () => {
    const [c] = await chartsOf({
      'hr.yaml': [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata: { name: hr, namespace: apps }',
        'spec:',
        '  releaseName: payments',
        '  targetNamespace: prod',
        '  chart: { spec: { chart: demo, sourceRef: { kind: HelmRepository, name: r } } }',
        '---',
        'apiVersion: source.toolkit.fluxcd.io/v1',
        'kind: HelmRepository',
        'metadata: { name: r, namespace: apps }',
        'spec: { url: "https://charts.example.com" }',
        '',
      ].join('\n'),
    });
    expect(c).toMatchObject({ releaseName: 'payments', namespace: 'prod', chart: 'demo', repo: 'https://charts.example.com' });
  });
});
