// A values block that names an image but that no template of the chart reads (Otterize
// network-mapper's `visibilitydns`, left in values.yaml and the README after upstream removed its
// template): nothing renders it, whatever the values, so `images --optional` does not list it as
// an image the chart can use; `--explain` says why. A block a template reads but no render shows
// (a branch the search cannot open) is still listed from the values.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const values = `mapper:
  repository: otterize
  image: network-mapper
  tag: v3.0.19
exporter:
  image:
    repository: acme/exporter
    tag: "1.4"
visibilitydns:
  repository: coredns
  image: coredns
  tag: latest
`;
const templates = {
  'mapper.yaml': deployment('mapper', '{{ .Values.mapper.repository }}/{{ .Values.mapper.image }}:{{ .Values.mapper.tag }}'),
  // a helper named for the removed component is no read of its values
  '_helpers.tpl': '{{- define "x.visibilitydns.fullName" -}}{{ .Release.Name }}-dns{{- end }}\n',
  'exporter.yaml': `{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n${deployment('exporter', '{{ .Values.exporter.image.repository }}:{{ .Values.exporter.image.tag }}')}{{- end }}\n`,
};

describe('an image values block no template reads', () => {
  const chart = templateChart(templates, values);

  it('is not listed as optional; a block a template reads behind a branch no render opens still is', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/otterize/network-mapper:v3.0.19']);
    expect(out.optional.map((i) => i.ref)).toEqual(['docker.io/acme/exporter:1.4']);
  });

  it('--explain gives it a verdict with the reason', async () => {
    const r = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as { explain: { candidates: { fieldPath: string; verdict: string; rule?: string }[] } }).explain;
    const dns = e.candidates.filter((c) => c.fieldPath.startsWith('visibilitydns'));
    expect(dns.length).toBeGreaterThan(0);
    expect(new Set(dns.map((c) => `${c.verdict} ${c.rule}`))).toEqual(new Set(['rejected unread-values-block']));
  });
});

// Reads that name a key, and text that cannot read the block: `index .Values "gw" "enabled"` and
// `hasKey .Values "tracing"` read those keys (GPUStack's `higress-core` switch left Higress'
// `global.proxy.image: proxyv2` listed doubtful); `(index .Values` in NOTES prose is no action
// (simplyblock's prometheus subchart left `defaultBackend.image` listed optional); a subchart's
// template that hands its whole `.Values` on hands its own values, not its parent's.
const parentValues = `mapper:
  image: acme/mapper:1.0
gw:
  enabled: false
tracing:
  enable: false
extra:
  image:
    repository: acme/extra
    tag: "1.5"
`;
const mapper = deployment('mapper', '{{ .Values.mapper.image }}');
const shapes: Record<string, Record<string, string>> = {
  'index with literal keys': { 'templates/gw.yaml': `{{- if index .Values "gw" "enabled" }}\nkind: ConfigMap\n{{- end }}\n` },
  'hasKey with a literal key': { 'templates/tracing.yaml': `{{- if and (hasKey .Values "tracing") .Values.tracing.enable }}\nkind: ConfigMap\n{{- end }}\n` },
  'prose outside actions': { 'templates/NOTES.txt': 'use (index .Values\n  "gw" "enabled") to turn it on\n' },
  // Bitnami common's getValueFromKey under a subchart (GreptimeDB cluster's grafana): a library
  // helper that walks the context it is handed (`$.context.Values`) by the key string its callers
  // give; no template names `extra`, so no caller walks to it (a `jaeger-all-in-one` block left in
  // values.yaml after its dependency was removed was listed optional, with the parent's appVersion)
  "a library helper walking its caller's values by a key string": {
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'charts/sub/values.yaml': 'name: sub\n',
    'charts/sub/templates/cm.yaml': 'kind: ConfigMap\ndata:\n  v: {{ include "common.get" (dict "key" "name" "context" $) }}\n',
    'charts/sub/charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n',
    'charts/sub/charts/common/templates/_utils.tpl':
      '{{- define "common.get" -}}\n{{- $obj := $.context.Values -}}\n{{- range (splitList "." .key) }}{{- $obj = index $obj . -}}{{- end -}}\n{{- $obj -}}\n{{- end -}}\n',
  },
  "a subchart's whole values": {
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'charts/sub/values.yaml': 'name: sub\n',
    'charts/sub/templates/cm.yaml': 'kind: ConfigMap\ndata: {{ toYaml (dict "Values" .Values) | nindent 2 }}\n',
  },
};

describe.each(Object.entries(shapes))('a values block no template reads, beside %s', (_, files) => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-unread-'));
    const chart = { 'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n', 'values.yaml': parentValues, 'templates/mapper.yaml': mapper };
    await writeFiles(join(dir, 'op'), { ...chart, ...files });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is rejected as unread, not listed', async () => {
    const r = await runCli(['images', join(dir, 'op'), '--optional', '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string }[]; explain: { candidates: { fieldPath: string; verdict: string; rule?: string }[] } };
    expect(out.optional.map((i) => i.ref)).toEqual([]);
    const extra = out.explain.candidates.filter((c) => c.fieldPath.startsWith('extra'));
    expect(new Set(extra.map((c) => `${c.verdict} ${c.rule}`))).toEqual(new Set(['rejected unread-values-block']));
  });
});

// The same helper reaches a block whose key a caller names (a branch no render opens): still read,
// so the block stays listed from the values.
describe('a values block a library helper walks to by a key a template names', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-unread-'));
    await writeFiles(join(dir, 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 0.1.0\n',
      'values.yaml': parentValues,
      'templates/mapper.yaml': mapper,
      'templates/extra.yaml': `{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n${deployment('extra', '{{ include "common.get" (dict "key" "extra.image.repository" "context" $) }}:1.5')}{{- end }}\n`,
      'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n',
      'charts/common/templates/_utils.tpl':
        '{{- define "common.get" -}}\n{{- $obj := $.context.Values -}}\n{{- range (splitList "." .key) }}{{- $obj = index $obj . -}}{{- end -}}\n{{- $obj -}}\n{{- end -}}\n',
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is listed optional', async () => {
    const r = await runCli(['images', join(dir, 'op'), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string }[] };
    expect(out.optional.map((i) => i.ref)).toEqual(['docker.io/acme/extra:1.5']);
  });
});
