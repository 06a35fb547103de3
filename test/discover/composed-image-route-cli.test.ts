// A name a helper composes (ParadeDB's `printf "paradedb/paradedb:%s-v%s"` of two version values,
// pgEdge's `initSpockImageName | default (printf "…:v%s" .Chart.Version)`) unless an image-named
// value nested in a block, empty by default, is set. No value names the composed name, so before
// it was called hard-coded (values exit 3) though setting that value moves it; now the empty value
// is probed with a stand-in (one render, only for a chart with such a site and such a value), and
// is the route unless it is also an operand of another condition (a mode's switch: see
// empty-image-key-cli.test.ts). Holdout OO (paradedb, pgedge).
import { describe, expect, it } from 'vitest';
import { customResource, deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `type: paradedb
version:
  postgresql: "18"
  paradedb: "0.25.0"
cluster:
  imageName: ""
job:
  initImageName: ""
`;

const HELPERS = `{{- define "db.image" -}}
{{- if .Values.cluster.imageName }}{{ .Values.cluster.imageName }}
{{- else if eq .Values.type "postgresql" }}ghcr.io/acme/postgresql:{{ .Values.version.postgresql }}
{{- else }}{{ printf "acme/paradedb:%s-v%s" .Values.version.postgresql .Values.version.paradedb }}{{ end }}
{{- end }}
`;

describe('a composed name that a nested empty image-named value takes over once set', () => {
  const chart = templateChart(
    {
      '_helpers.tpl': HELPERS,
      'cluster.yaml': customResource('Cluster', '  imageName: {{ include "db.image" . }}\n').replace('name: default', 'name: db'),
      'job.yaml': deployment('init', '{{ .Values.job.initImageName | default (printf "ghcr.io/acme/utils:v%s" .Chart.Version) }}'),
      'literal.yaml': deployment('side', '{{ printf "docker.io/acme/side:%s" "1.2" }}'),
    },
    VALUES,
  );

  it('images names each value as the route, not hard-coded; a composed name no value takes stays hard-coded', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; hardcoded?: boolean; valuesPaths?: string[] }[] };
    expect(r.images.map((i) => [i.ref, i.hardcoded ?? false, i.valuesPaths]).sort()).toEqual([
      ['docker.io/acme/paradedb:18-v0.25.0', false, ['cluster.imageName']],
      ['docker.io/acme/side:1.2', true, []],
      ['ghcr.io/acme/utils:v0.1.0', false, ['job.initImageName']],
    ]);
  });

  it("another branch of the helper, a setting's optional image, yields to the same value: its route too, so values names the clash", async () => {
    const r = (await listImages(chart(), ['--optional'])) as { optional?: { ref: string; toggles?: string[]; valuesPaths?: string[] }[] };
    expect(r.optional?.map((i) => [i.ref, i.toggles, i.valuesPaths])).toEqual([['ghcr.io/acme/postgresql:18', ['type=postgresql'], ['cluster.imageName']]]);
  });

  it('values sets each whole reference; both are at the target', async () => {
    const r = await valuesThenImages(chart(), ['--allow-hardcoded']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual([
      'docker.io/acme/side:1.2',
      'mirror.local:5000/m/docker.io/acme/paradedb:18-v0.25.0',
      'mirror.local:5000/m/ghcr.io/acme/utils:v0.1.0',
    ]);
  });
});
