// Operators of holdout MM, read from source after the holdout was measured, whose
// run-time images no render names:
// - mbround18's Meilisearch operator (Rust): every Server gets a StatefulSet running spec.image,
//   or the compiled-in getmeili/meilisearch:latest when it is unset
//   (crates/meilisearch-operator/src/server_controller.rs:287); the chart's CRD gives spec.image
//   no default. Its chart runs the operator at :latest, a moving tag: the default is named in a
//   warning, not listed.
// - C5C3's Memcached operator: the CRD defaults spec.monitoring.exporterImage beside
//   spec.monitoring.enabled (a boolean without default); the exporter sidecar runs only when a
//   Memcached turns monitoring on (internal/controller/deployment.go:202), so the optional image's
//   setting names the switch too, not only the field left unset.
import { describe, expect, it } from 'vitest';
import { listImages, specCrd, templateChart, type ListedImages } from './template-chart.js';

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

describe("holdout MM: a CRD image default beside its object's own switch", () => {
  const monitoring = (enabled: string) => `              image:
                type: string
                default: memcached:1.6
              monitoring:
                type: object
                properties:
                  enabled:
                    type: boolean${enabled}
                  exporterImage:
                    type: string
                    default: prom/memcached-exporter:v0.15.4
`;
  const role = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: op\nrules:\n- apiGroups: [memcached.example]\n  resources: [memcacheds]\n  verbs: [get, list, watch]\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [create]\n`;
  const charts = {
    off: templateChart(
      { 'op.yaml': deployment, 'crd.yaml': specCrd('Memcached', 'memcached.example', monitoring('')), 'role.yaml': role },
      'image: acme/op:1.0\n',
    ),
    on: templateChart(
      { 'op.yaml': deployment, 'crd.yaml': specCrd('Memcached', 'memcached.example', monitoring('\n                    default: true')), 'role.yaml': role },
      'image: acme/op:1.0\n',
    ),
  };
  const toggles = async (which: 'off' | 'on') => {
    const out = await listImages(charts[which]());
    return out.optional?.find((i) => i.ref === 'docker.io/prom/memcached-exporter:v0.15.4')?.toggles ?? [];
  };

  it('a switch without default (off): the setting turns it on and leaves the image unset', async () => {
    expect(await toggles('off')).toEqual([
      'a Memcached (memcached.example) resource that sets spec.monitoring.enabled: true and leaves spec.monitoring.exporterImage unset',
    ]);
  });

  it('a switch defaulted on: only the field left unset', async () => {
    expect(await toggles('on')).toEqual(['a Memcached (memcached.example) resource that leaves spec.monitoring.exporterImage unset']);
  });
});
