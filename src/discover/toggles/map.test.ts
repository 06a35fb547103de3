import { describe, expect, it } from 'vitest';
import { mapToggles } from './map.js';
import { formatToggles } from './value.js';

describe('mapToggles: maps empty by default whose entry turns on a branch that brings an image', () => {
  const pod = `{{- define "app.pod" -}}
containers:
  - name: app
    image: acme/app:1
    {{- with .Values.resources }}
    resources: {{ toYaml . | nindent 6 }}
    {{- end }}
{{- if .Values.dashboards }}
initContainers:
  - name: download
    image: "{{ .Values.downloadImage }}"
{{- end }}
{{- with .Values.metrics }}
  - name: exporter
    image: acme/exporter:1
{{- end }}
{{- end }}`;
  const config = `{{- range $key, $value := .Values.settings }}
{{- range $elem, $v := $value }}{{ $elem }}={{ $v }}{{ end }}
{{- end }}
{{- range $provider, $dashboards := .Values.dashboards }}
{{- range $key, $value := $dashboards }}
{{- if hasKey $value "url" }}curl {{ $value.url }}{{ end }}
{{- end }}
{{- end }}`;
  const secrets = `{{- if .Values.secrets }}
kind: Job
image: acme/seed:1
{{- range $k, $v := .Values.secrets }}
{{ $k }}: {{ $v | b64enc }}
{{- end }}
{{- end }}`;

  it('one stand-in each, shaped as the ranges walk the map (a map no range walks, a plain key); a branch in the pod helper that brings nothing is none', () => {
    const charts = [{ at: ['grafana'], texts: [pod, config, secrets] }];
    const values = { grafana: { resources: {}, dashboards: {}, metrics: {}, settings: {}, secrets: {} } };
    expect(formatToggles(mapToggles(charts, values))).toBe(
      'grafana.dashboards.example.example.name=example,grafana.metrics.example=example,grafana.secrets.example=example',
    );
  });

  it('a map merged into a variable first is walked through it (Trino: catalogs merged, each printed as text)', () => {
    const catalogs = `{{- if .Values.catalogs }}
kind: Job
image: acme/loader:1
{{- $merged := merge (dict) .Values.catalogs }}
{{- range $name, $props := $merged }}
{{ $name }}: {{ $props | nindent 2 }}
{{- end }}
{{- range $k, $v := .Values.catalogs }}{{ range $x := $v }}{{ end }}{{ end }}
{{- end }}`;
    expect(formatToggles(mapToggles([{ at: [], texts: [catalogs] }], { catalogs: {} }))).toBe('catalogs.example.example=example');
    const merged = catalogs.replace('{{- range $k, $v := .Values.catalogs }}{{ range $x := $v }}{{ end }}{{ end }}', '');
    expect(formatToggles(mapToggles([{ at: [], texts: [merged] }], { catalogs: {} }))).toBe('catalogs.example=example');
  });

  it('a map with entries, or one a list round gives a stand-in already, is none', () => {
    const ranged = '{{ range $n, $g := .Values.gateways }}\n---\nkind: Deployment\nimage: x\n{{ end }}';
    const charts = [{ at: [], texts: [pod, ranged] }];
    expect(formatToggles(mapToggles(charts, { dashboards: { default: {} }, metrics: {}, gateways: {} }))).toBe('metrics.example=example');
  });

  it('a branch that names only how the pod pulls (imagePullPolicy, images.pullPolicy) brings no image (argo-workflows: four empty maps, a render each)', () => {
    const config = `{{- if or .Values.executor.resources .Values.executor.securityContext }}
executor:
  imagePullPolicy: {{ default (.Values.images.pullPolicy) .Values.executor.image.pullPolicy }}
  {{- with .Values.executor.resources }}
  resources: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.executor.securityContext }}
  securityContext: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}`;
    const values = { executor: { resources: {}, securityContext: {}, image: { pullPolicy: '' } }, images: { pullPolicy: 'Always' } };
    expect(formatToggles(mapToggles([{ at: [], texts: [config] }], values))).toBe('');
    // the same branch naming the executor's image is one
    const naming = config.replace('executor:\n', 'executor:\n  image: acme/executor:1\n');
    expect(formatToggles(mapToggles([{ at: [], texts: [naming] }], values))).toBe(
      'executor.resources.example=example,executor.securityContext.example=example',
    );
  });
});
