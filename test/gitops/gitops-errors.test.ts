// Bad GitOps input is the user's to fix: each a usage error (exit 2) naming the file and line
// and a next: step, read before any chart is fetched, and nothing read outside the tree given.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';

let root: string;
const env = () => ({ HELM_AIRGAP_CACHE: join(root, 'cache'), HELM_REPOSITORY_CONFIG: join(root, 'none.yaml'), CI: 'true' });
const b64 = (b: Buffer) => b.toString('base64');

const APP = (helm: string[]) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata: { name: app }',
    'spec:',
    '  sources:',
    '    - repoURL: https://charts.example.com',
    '      chart: demo',
    '      targetRevision: 1.0.0',
    '      helm:',
    ...helm.map((l) => `        ${l}`),
    '    - { repoURL: "https://git.example.com/x.git", ref: values }',
    '',
  ].join('\n');

const HR = (extra: string[]) =>
  [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata: { name: hr, namespace: apps }',
    'spec:',
    '  chart: { spec: { chart: demo, sourceRef: { kind: HelmRepository, name: repo } } }',
    ...extra,
    '---',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: HelmRepository',
    'metadata: { name: repo, namespace: apps }',
    'spec: { url: "https://charts.example.com" }',
    '',
  ].join('\n');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'airgap-gitops-bad-'));
  await writeFiles(root, {
    'secret-outside.yaml': 'image: { tag: stolen }\n',
    'tree/unknown/app.yaml': APP(['valueFile: [x.yaml]']),
    'tree/templated/helmfile.yaml': 'releases:\n  - name: a\n    chart: ./a\n    version: {{ .Values.version }}\n',
    'tree/templated-quoted/helmfile.yaml': 'releases:\n  - name: a\n    chart: ./a\n    version: "{{ .Values.version }}"\n',
    'tree/gotmpl/helmfile.yaml.gotmpl': 'releases: []\n',
    'tree/bases/helmfile.yaml': 'bases: [common.yaml]\nreleases:\n  - name: a\n    chart: common/demo\n',
    'tree/bases/common.yaml': 'repositories: [{ name: common, url: "https://charts.example.com" }]\n',
    'tree/sub/helmfile.yaml': 'helmfiles:\n  - path: ../../elsewhere/helmfile.yaml\nreleases: []\n',
    'tree/missing-secret/hr.yaml': HR(['  valuesFrom: [{ kind: Secret, name: absent }]']),
    'tree/binary-secret/hr.yaml': [
      HR(['  valuesFrom: [{ kind: Secret, name: bin }]']),
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: bin, namespace: apps }',
      `data: { values.yaml: ${b64(Buffer.from([0xff, 0xfe, 0x00, 0x01]))} }`,
      '',
    ].join('\n'),
    'tree/escape/app.yaml': APP(['valueFiles: [$values/../secret-outside.yaml]']),
    'tree/no-ref/app.yaml': APP(['valueFiles: [$other/values.yaml]']),
    'tree/chart-file-late/app.yaml': APP(['valueFiles: [$values/v.yaml, values-prod.yaml]']),
    'tree/url/app.yaml': APP(['valueFiles: ["https://example.com/values.yaml"]']),
    'tree/chart-file-late/v.yaml': 'image: { tag: "1" }\n',
    'tree/appset/set.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: { name: s }',
      'spec:',
      '  generators: [{ list: { elements: [{ cluster: east }] } }]',
      '  template:',
      "    metadata: { name: '{{cluster}}-{{region}}' }",
      '    spec: { source: { repoURL: "https://charts.example.com", chart: demo }, destination: { namespace: x } }',
      '',
    ].join('\n'),
    'tree/nothing/readme.yaml': 'hello: world\n',
    'tree/oci-subpath/app.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: app }',
      'spec:',
      '  source: { repoURL: "oci://registry.example.com/bundles/platform", targetRevision: 1.0.0, path: charts/demo }',
      '',
    ].join('\n'),
    'tree/deep/app.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec: ${'['.repeat(150)}${']'.repeat(150)}\n`,
    'tree/many/objects.yaml': 'kind: ConfigMap\n---\n'.repeat(10_001),
  });
  await writeFiles(join(root, 'tree/link'), { 'app.yaml': APP(['valueFiles: [$values/v.yaml]']) });
  await symlink(join(root, 'secret-outside.yaml'), join(root, 'tree/link/v.yaml'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const CASES: [string, RegExp, RegExp][] = [
  ['unknown', /app\.yaml:10: unknown field "valueFile" in source\.helm/, /known fields: valueFiles,/],
  ['templated', /helmfile\.yaml:4: unevaluated template "\{\{ \.Values\.version \}\}"/, /helmfile build --embed-values/],
  ['templated-quoted', /helmfile\.yaml:4: unevaluated template "\{\{ \.Values\.version \}\}/, /helmfile build --embed-values/],
  ['gotmpl', /helmfile\.yaml\.gotmpl: a templated helmfile/, /helmfile -f .* build --embed-values/],
  ['bases', /helmfile\.yaml:1: bases: helmfile merges common\.yaml into this helmfile/, /helmfile -f .* build --embed-values/],
  ['sub', /helmfile\.yaml:2: helmfiles\[0\] \.\.\/\.\.\/elsewhere\/helmfile\.yaml is not among the files --gitops read/, /give --gitops a folder holding it/],
  ['missing-secret', /hr\.yaml:6: valuesFrom Secret absent is not among the files given/, /add the Secret/],
  ['binary-secret', /hr\.yaml:17: Secret bin data\.values\.yaml is binary/, /as text/],
  ['escape', /app\.yaml:10: values file \.\.\/secret-outside\.yaml resolves outside/, /inside the tree/],
  ['link', /app\.yaml:10: values file v\.yaml resolves outside .* \(through a link\)/, /inside the tree/],
  ['no-ref', /app\.yaml:10: valueFiles \$other\/values\.yaml: no source has ref: other/, /add a source with ref: other/],
  ['chart-file-late', /app\.yaml:10 \(Application app\): values file values-prod\.yaml \(inside the chart\) comes after a file from another source/, /first/],
  ['url', /app\.yaml:10: valueFiles https:\/\/example\.com\/values\.yaml: a values file fetched from a URL is not read/, /ref: source/],
  ['appset', /set\.yaml:7 \(s element 1\): \{\{region\}\} has no value from the generator/, /give every element that key/],
  ['deep', /app\.yaml: nested more than 100 levels deep/, /fix the file/],
  ['many', /objects\.yaml: more than 10000 YAML documents/, /smaller folder/],
  ['nothing', /nothing: no release found/, /point --gitops at the file or folder/],
  ['oci-subpath', /app\.yaml:5: path charts\/demo: a chart below the root of the OCI artifact is not read/, /helm push/],
];

describe('images --gitops refuses bad input by file and line', () => {
  it.each(CASES)('%s', async (dir, message, hint) => {
    const r = await runCli(['images', '--gitops', join(root, 'tree', dir)], env());
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/next: /);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toContain('stolen');
  });
});

describe('GitOps input given where another input goes: the hint names --gitops', () => {
  it('images FILE of GitOps objects is refused as an image list, naming --gitops', async () => {
    const r = await runCli(['images', join(root, 'tree/missing-secret/hr.yaml')], env());
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/hr\.yaml holds a HelmRelease, not an image list/);
    expect(r.stderr).toMatch(/next: give it with --gitops .*hr\.yaml/);
  });

  it('values --gitops DIR with neither --format gitops nor --out-dir names both', async () => {
    const r = await runCli(['values', '--gitops', join(root, 'tree/missing-secret'), '--registry', 'mirror.example.com/m'], env());
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--format gitops \(the objects rewritten where they are\) or --out-dir DIR/);
  });
});
