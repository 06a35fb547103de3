// Operators of holdout KK, read from source after the holdout was measured, whose
// run-time images no render names:
// - crewlet's NATS operator: every NatsCluster runs the nats server and the config reloader, every
//   NatsBox the nats-box deployment, each from a default compiled into the operator
//   (internal/controller/defaults.go) when the resource's image repository and tag are empty;
// - duchaineo1's Pi-hole operator: every Pihole's StatefulSet is created with the compiled-in
//   image whatever spec.image holds, moved to spec.image only by a later reconcile, so the first
//   pod pulls the default, which no setting moves (the chart's CRD default names the same image;
//   postrender rewriting that default does not reach the first pod).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n`;
const cluster = `{{ with .Values.cluster }}apiVersion: nats.crewlet.cloud/v1alpha1\nkind: NatsCluster\nmetadata:\n  name: nats\nspec:\n  {{- toYaml . | nindent 2 }}\n{{ end }}`;
const chart = templateChart({ 'op.yaml': deployment, 'cluster.yaml': cluster }, 'image: x\ncluster: null\n');

const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();

describe('holdout KK: defaults a messaging operator compiles in for the resources users apply', () => {
  const DEFAULTS = ['docker.io/library/nats:2.12.6-alpine', 'docker.io/natsio/nats-box:0.19.3', 'docker.io/natsio/nats-server-config-reloader:0.21.1'];

  it("crewlet's NATS operator v0.1.0: the server, reloader and nats-box defaults", async () => {
    expect(runtime(await report('ghcr.io/crewlet/nats-operator:v0.1.0'))).toEqual(DEFAULTS);
  });

  it('a rendered NatsCluster naming its own images replaces the server and reloader defaults', async () => {
    const own = await report(
      'ghcr.io/crewlet/nats-operator:v0.1.0',
      'cluster.image.repository=mirror.example/nats',
      'cluster.image.tag=2.12.6',
      'cluster.reloader.image.repository=mirror.example/reloader',
      'cluster.reloader.image.tag=0.21.1',
    );
    // the resource's own references are listed from it; only the NatsBox default remains
    expect(runtime(own)).toEqual(['docker.io/natsio/nats-box:0.19.3', 'mirror.example/nats:2.12.6', 'mirror.example/reloader:0.21.1']);
  });
});

describe('holdout KK: a default the operator creates with before it reads the resource', () => {
  it("duchaineo1's Pi-hole operator v1.0.27: pihole/pihole, which nothing moves", async () => {
    const out = await report('ghcr.io/duchaineo1/pihole-operator:v1.0.27');
    expect(runtime(out)).toEqual(['docker.io/pihole/pihole:2025.11.0']);
    const site = out.images.find((i) => i.ref === 'docker.io/pihole/pihole:2025.11.0');
    expect(JSON.stringify(site)).not.toContain('unless');
  });
});
