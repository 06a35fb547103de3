// An image behind three switches of two blocks, one read through a range variable (nautobot's nginx
// exporter: `and $.Values.metrics.enabled $nautobot.nginx.enabled $.Values.metrics.nginxExporter.enabled`,
// `$nautobot` ranging over a map the chart builds with mustFromJson): the nested-switch round turned
// on the switches enclosing the exporter's values block (metrics.enabled beside
// metrics.nginxExporter.enabled) but not the sidecar's, which no `.Values` path shows beside them, so
// the image was guessed from its values block with no setting (SS). A nested group that
// brings nothing is tried once more with every switch that brought images on, and named by the fewest.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `auditA:
  enabled: false
server:
  enabled: true
  image: docker.io/acme/server:2.0
  proxy:
    enabled: false
    image:
      repository: acme/proxy
      tag: "1.29"
metrics:
  enabled: false
  proxyExporter:
    enabled: false
    image:
      repository: acme/proxy-exporter
      tag: "1.5"
auditB:
  enabled: false
`;

const HELPERS = `{{- define "app.servers" -}}
{{- $out := dict -}}
{{- $out = set $out "default" (deepCopy .Values.server) -}}
{{- mustToJson $out -}}
{{- end -}}
`;

const TEMPLATE = `{{- $servers := (include "app.servers" .) | mustFromJson -}}
{{- range $name, $server := $servers }}
{{- if $server.enabled }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
spec:
  template:
    spec:
      containers:
      - name: server
        image: {{ $server.image }}
{{- if $server.proxy.enabled }}
      - name: proxy
        image: "{{ $.Values.server.proxy.image.repository }}:{{ $.Values.server.proxy.image.tag }}"
{{- end }}
{{- if and $.Values.metrics.enabled $server.proxy.enabled $.Values.metrics.proxyExporter.enabled }}
      - name: proxy-exporter
        image: "{{ $.Values.metrics.proxyExporter.image.repository }}:{{ $.Values.metrics.proxyExporter.image.tag }}"
{{- end }}
{{- end }}
{{- end }}
`;

// as in nautobot's, two switches break the render together (not alone), so the search halves its
// first group and the three switches land in different halves
const BROKEN = `{{- if and .Values.auditA.enabled .Values.auditB.enabled }}{{ .Values.audit.sink.url }}{{- end }}
`;

describe('an image behind switches of two blocks, one read through a range variable', () => {
  const chart = templateChart({ '_helpers.tpl': HELPERS, 'servers.yaml': TEMPLATE, 'audit.yaml': BROKEN }, VALUES);

  it('images --optional names the exporter with all three switches, rendered', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    type Optional = { ref: string; toggles?: string[]; sites: { site: string }[] };
    const optional = (JSON.parse(r.stdout) as { optional?: Optional[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles, o.sites[0]?.site]).sort()).toEqual([
      ['docker.io/acme/proxy-exporter:1.5', ['server.proxy.enabled=true,metrics.enabled=true,metrics.proxyExporter.enabled=true'], 'pod-spec'],
      ['docker.io/acme/proxy:1.29', ['server.proxy.enabled=true'], 'pod-spec'],
    ]);
  });
});
