// Operators of holdout MM (session 43), read from source after the holdout was measured, whose
// run-time images no render names:
// - mbround18's Meilisearch operator (Rust): every Server gets a StatefulSet running spec.image,
//   or the compiled-in getmeili/meilisearch:latest when it is unset
//   (crates/meilisearch-operator/src/server_controller.rs:287); the chart's CRD gives spec.image
//   no default. Its chart runs the operator at :latest, a moving tag: the default is named in a
//   warning, not listed.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n`;
const server = `{{ with .Values.server }}apiVersion: meili.operator.dev/v1beta1\nkind: Server\nmetadata:\n  name: meili\nspec:\n  {{- toYaml . | nindent 2 }}\n{{ end }}`;
const chart = templateChart({ 'op.yaml': deployment, 'server.yaml': server }, 'image: x\nserver: null\n');

const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();

describe('holdout MM: a default a search operator compiles in for the Servers users apply', () => {
  it("mbround18's Meilisearch operator 0.1.0: getmeili/meilisearch:latest for a Server without spec.image", async () => {
    expect(runtime(await report('mbround18/meilisearch-operator:0.1.0'))).toEqual(['docker.io/getmeili/meilisearch:latest']);
  });

  it('a rendered Server naming its image replaces the default', async () => {
    const own = await report('mbround18/meilisearch-operator:0.1.0', 'server.image=mirror.example/meilisearch:v1.24.0', 'server.port=7700');
    expect(runtime(own)).toEqual(['mirror.example/meilisearch:v1.24.0']);
  });

  it('at :latest (the chart default) the default is named in a warning, as the newest read pulls it', async () => {
    const out = await report('mbround18/meilisearch-operator:latest');
    expect(runtime(out)).toEqual([]);
    expect(JSON.stringify(out.warnings)).toContain('docker.io/getmeili/meilisearch:latest');
  });
});
