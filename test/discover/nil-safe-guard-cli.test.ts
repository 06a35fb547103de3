// A switch read through nil-safe parentheses (OpenNMS Horizon: `if gt ((.Values.sentinel).replicaCount|int)
// 0` around its Sentinel, `if ((.Values.dependencies).loki).hostname` around a promtail sidecar, `and
// (gt ((.Values.grafana).replicaCount|int) 0) (gt (((.Values.grafana).imageRenderer).replicaCount|int) 0)`
// around its renderer): the guard was read as the block before the first `)` (`sentinel`, a map), so
// no count or string was flipped and the images were listed from their values blocks with no setting
// (GG, horizon: 5 optional images, none with a setting Helm renders). `(.Values.a).b` is
// the field b of a, read as the path a.b.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `core:
  image:
    repository: acme/core
    tag: "34"
sentinel:
  replicaCount: 0
  image:
    repository: acme/sentinel
    tag: "34"
grafana:
  replicaCount: 0
  imageRenderer:
    replicaCount: 2
    image:
      repository: acme/renderer
      tag: "3"
dependencies:
  loki:
    hostname: ""
promtail:
  image:
    repository: acme/promtail
    tag: "2"
`;

const CORE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: core
spec:
  template:
    spec:
      containers:
      - name: core
        image: "{{ .Values.core.image.repository }}:{{ .Values.core.image.tag }}"
      {{- if ((.Values.dependencies).loki).hostname }}
      - name: promtail
        image: "{{ .Values.promtail.image.repository }}:{{ .Values.promtail.image.tag }}"
      {{- end }}
`;

const SENTINEL = `{{- if gt ((.Values.sentinel).replicaCount|int) 0 }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: sentinel
spec:
  replicas: {{ .Values.sentinel.replicaCount }}
  template:
    spec:
      containers:
      - name: sentinel
        image: "{{ .Values.sentinel.image.repository }}:{{ .Values.sentinel.image.tag }}"
{{- end }}
`;

const RENDERER = `{{- if and (gt ((.Values.grafana).replicaCount|int) 0) (gt (((.Values.grafana).imageRenderer).replicaCount|int) 0) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: renderer
spec:
  template:
    spec:
      containers:
      - name: renderer
        image: "{{ .Values.grafana.imageRenderer.image.repository }}:{{ .Values.grafana.imageRenderer.image.tag }}"
{{- end }}
`;

describe('a switch read through nil-safe parentheses', () => {
  const chart = templateChart({ 'core.yaml': CORE, 'sentinel.yaml': SENTINEL, 'renderer.yaml': RENDERER }, VALUES);

  it('images --optional lists each image with the setting that renders it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] }).optional ?? [];
    const settings = Object.fromEntries(optional.map((o) => [o.ref, o.toggles ?? []]));
    expect(Object.keys(settings).sort()).toEqual(['docker.io/acme/promtail:2', 'docker.io/acme/renderer:3', 'docker.io/acme/sentinel:34']);
    expect(settings['docker.io/acme/sentinel:34']).toEqual(['sentinel.replicaCount=1']);
    expect(settings['docker.io/acme/renderer:3']).toEqual(['grafana.replicaCount=1']);
    expect(settings['docker.io/acme/promtail:2']?.[0]).toMatch(/^dependencies\.loki\.hostname=/);
  });
});
