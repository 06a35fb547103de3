// A chart's values dumped whole into a ConfigMap its application mounts for support tools
// (Confluence's `confluence-helm-values`, `toYaml` of the merged values, holdout HH), in a chart no
// program of which may start pods. Each image block of the dump was read as an image: one the
// templates complete otherwise was composed wrong (Confluence: OpenSearch's repository with
// Confluence's appVersion, listed optional), and `values` wanted the dump's `image.repository`
// block to read as the whole target, which it never does beside a registry value: its proof
// failed (exit 1). The same dump beside a program that may start pods stays read: such a program
// may start what it names.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { boundAccount, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `image:
  repository: acme/wiki
  tag: ""
search:
  enabled: false
  image:
    repository: acme/search
sidecar:
  imageRepo: acme/shipper
  imageTag: "1.2"
`;

const statefulSet = (account: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: wiki
spec:
  template:
    spec:
      serviceAccountName: ${account}
      containers:
        - name: wiki
          image: "{{ .Values.image.registry | default \"docker.io\" }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          volumeMounts: [{name: helm-values, mountPath: /opt/helm}]
        - name: shipper
          image: "{{ .Values.sidecar.imageRepo }}:{{ .Values.sidecar.imageTag }}"
{{- if .Values.search.enabled }}
        - name: search
          image: "{{ .Values.search.image.repository }}:{{ .Values.search.image.tag | default "3.5.0" }}"
{{- end }}
      volumes:
        - name: helm-values
          configMap: {name: wiki-helm-values}
`;

const DUMP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: wiki-helm-values
data:
  values.yaml: |
    {{- toYaml .Values | nindent 4 }}
`;

/** Chart `op` at appVersion 9.1 with these templates, written before the describe's tests. */
const wikiChart = (templates: Record<string, string>) => templateChart(templates, VALUES, '9.1');

const refs = (r: { images: unknown[] }) => (r.images as { ref: string; need: string }[]).map((i) => `${i.need} ${i.ref}`);

describe('a values tree dumped whole for support tools, in a chart with no program that may start pods', () => {
  const chart = wikiChart({ 'wiki.yaml': statefulSet('default'), 'dump.yaml': DUMP });

  it('images lists what the pod templates run, and nothing composed from the dump', async () => {
    expect(refs(await listImages(chart(), ['--include-optional']))).toEqual([
      'default docker.io/acme/shipper:1.2',
      'default docker.io/acme/wiki:9.1',
      'optional docker.io/acme/search:3.5.0',
    ]);
  });

  it('values moves the chart’s images and exits 0', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/docker.io/acme/shipper:1.2', 'mirror.local:5000/m/docker.io/acme/wiki:9.1']);
  });

  it('--explain rejects the dump entries, with the reason', async () => {
    const r = await runCli(['images', chart(), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rejected, values-copy-entry: /);
  });
});

describe('the same dump beside a program that may start pods', () => {
  const chart = wikiChart({
    'wiki.yaml': statefulSet('wiki'),
    'dump.yaml': DUMP,
    'rbac.yaml': boundAccount('wiki', '- {apiGroups: [""], resources: [pods], verbs: [create]}\n'),
  });

  it('keeps the dump entries read (the program may start what the dump names)', async () => {
    const r = await runCli(['images', chart(), '--explain']);
    expect(r.stdout).not.toMatch(/values-copy-entry/);
    expect(r.stdout).toMatch(/<- configmap: op\/templates\/dump\.yaml ConfigMap\/wiki-helm-values/);
  });
});
