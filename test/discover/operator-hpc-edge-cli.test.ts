// Operators of holdout DD read from source after the holdout was measured: a tunnel
// operator's client per ExitNode, a Slurm operator's init container per SlurmCluster, a WebAssembly
// host operator's NATS leaf per host config (its host image only from a resource's version), and
// an edge AI manager's download initializer a user's remote dataset brings. Each for resources the
// user applies later, by defaults compiled into the operator.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n`;
const resource = `{{ with .Values.resource }}{{ toYaml . }}{{ end }}\n`;
const chart = templateChart({ 'op.yaml': deployment, 'cr.yaml': resource }, 'image: x\nresource: null\n');

/** `images` with the operator's image and a resource's fields (`resource.PATH=V`) set. */
const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();
const warned = (r: ListedImages, operator: string) => r.warnings?.find((w) => w.operator === operator)?.message;

describe('HPC, edge, Wasm and tunnel operators whose compiled-in defaults serve resources the user applies later', () => {
  it('the Chisel operator: the tagless chisel client of each ExitNode, none when the rendered ExitNode names its own', async () => {
    expect(runtime(await report('ghcr.io/fyralabs/chisel-operator:v0.7.1'))).toEqual(['docker.io/jpillora/chisel:latest']);
    const node = [
      'resource.apiVersion=chisel-operator.io/v2',
      'resource.kind=ExitNode',
      'resource.metadata.name=e',
      'resource.spec.host=h',
      'resource.spec.port=9090',
    ];
    const own = await report('ghcr.io/fyralabs/chisel-operator:v0.7.1', ...node, 'resource.spec.chisel_image=registry.acme.io/chisel:1.10');
    expect(runtime(own)).not.toContain('docker.io/jpillora/chisel:latest');
  });

  it('the Chisel operator at a release not read: nothing guessed, the operator named in a warning', async () => {
    const r = await report('ghcr.io/fyralabs/chisel-operator:v0.5.1');
    expect(runtime(r)).toEqual([]);
    expect(warned(r, 'Chisel Operator')).toContain('0.7.1');
  });

  it("Nebius' Slurm operator: the busybox init container of each SlurmCluster's sconfig controller", async () => {
    expect(runtime(await report('cr.eu-north1.nebius.cloud/soperator/slurm-operator:4.1.7'))).toEqual(['cr.eu-north1.nebius.cloud/soperator/busybox:latest']);
  });

  it("wasmCloud's operator under either name: the NATS leaf listed, the host image (its tag a resource's version) warned until a resource gives it", async () => {
    for (const image of ['ghcr.io/wasmcloud/wadm-operator:0.5.1', 'ghcr.io/wasmcloud/wasmcloud-operator:0.4.2']) {
      const r = await report(image);
      expect(runtime(r)).toEqual(['docker.io/library/nats:2.10-alpine']);
      expect((r.warnings ?? []).map((w) => w.message).join('\n')).toContain('ghcr.io/wasmcloud/wasmcloud:VERSION');
    }
    const host = [
      'resource.apiVersion=k8s.wasmcloud.dev/v1alpha1',
      'resource.kind=WasmCloudHostConfig',
      'resource.metadata.name=h',
      'resource.spec.version=1.4.2',
    ];
    expect(runtime(await report('ghcr.io/wasmcloud/wadm-operator:0.5.1', ...host))).toEqual([
      'docker.io/library/nats:2.10-alpine',
      'ghcr.io/wasmcloud/wasmcloud:1.4.2',
    ]);
  });

  it("Sedna's global manager: its storage initializer, pulled only for a user's remote dataset, named in a warning and not listed", async () => {
    const r = await report('kubeedge/sedna-gm:v0.6.0');
    expect(runtime(r)).toEqual([]);
    expect(warned(r, 'Sedna global manager')).toContain('docker.io/kubeedge/sedna-storage-initializer:v0.3.0');
  });
});
