// An image-named value left empty outside any image block (NetApp Trident's root `operatorImage:
// ""`, `tridentImage: ""`) that a helper tests: `if .Values.operatorImage` it is the whole
// reference, else a literal `docker.io/netapp/...:TAG`. No marker shows an empty value, so before
// each image was called hard-coded (values exit 3, though setting the value moves it); now the
// value is probed like an empty block's repository (G, trident-operator).
import { describe, expect, it } from 'vitest';
import { customResource, deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `imageRegistry: ""
operatorImage: ""
operatorImageTag: ""
engineImage: ""
type: postgresql
cluster:
  # empty, it is also what makes the catalog (CloudNativePG's cluster.imageName, an operand of the
  # TimescaleDB mode's condition): not probed
  imageName: ""
`;

const HELPERS = `{{- define "op.image" -}}
{{- if .Values.operatorImage }}{{ .Values.operatorImage }}
{{- else if .Values.imageRegistry }}{{ .Values.imageRegistry }}/op:{{ .Values.operatorImageTag | default "2.1.0" }}
{{- else }}docker.io/acme/op:{{ .Values.operatorImageTag | default "2.1.0" }}{{ end }}
{{- end }}
{{- define "db.image" -}}
{{- if and (eq .Values.type "timescaledb") (empty .Values.cluster.imageName) }}ghcr.io/acme/timescaledb:16
{{- else if .Values.cluster.imageName }}{{ .Values.cluster.imageName }}{{ else }}ghcr.io/acme/postgresql:16{{ end }}
{{- end }}
{{- define "engine.image" -}}
{{- if .Values.engineImage }}{{ .Values.engineImage }}{{ else }}docker.io/acme/engine:2.1.0{{ end }}
{{- end }}
`;

describe('an image-named value left empty outside an image block, which a helper tests before a literal', () => {
  const chart = templateChart(
    {
      '_helpers.tpl': HELPERS,
      'deployment.yaml': deployment('op', '{{ include "op.image" . }}'),
      'orchestrator.yaml': customResource('Orchestrator', '  engineImage: {{ include "engine.image" . }}\n'),
      'cluster.yaml': customResource('Cluster', '  imageName: {{ include "db.image" . }}\n').replace('name: default', 'name: db'),
    },
    VALUES,
  );

  it('images names a top-level value as the route, not hard-coded; a nested one that is a mode switch too stays hard-coded', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; hardcoded?: boolean; valuesPaths?: string[] }[] };
    expect(r.images.map((i) => [i.ref, i.hardcoded ?? false, i.valuesPaths]).sort()).toEqual([
      ['docker.io/acme/engine:2.1.0', false, ['engineImage']],
      ['docker.io/acme/op:2.1.0', false, expect.arrayContaining(['operatorImage'])],
      ['ghcr.io/acme/postgresql:16', true, []],
    ]);
  });

  it('values sets each whole reference; both are at the target', async () => {
    const r = await valuesThenImages(chart(), ['--allow-hardcoded']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['ghcr.io/acme/postgresql:16', 'mirror.local:5000/m/docker.io/acme/engine:2.1.0', 'mirror.local:5000/m/docker.io/acme/op:2.1.0']);
  });
});
