// An OCI artifact a custom resource names as a URL with a registry scheme, which a proxy or a
// policy server pulls at run time: a mesh's WasmPlugin (`url: oci://ghcr.io/acme/wasm/auth:1.0.0`,
// Istio's and Higress'), Kubewarden's policy module (`module: registry://ghcr.io/...:v0.1.0`).
// Before, the scheme made the string no reference: nothing was listed, and values and postrender
// left the module at its source. A chart repository URL without a tag (Flux's HelmRepository,
// Argo CD's repoURL: the chart and its version are named elsewhere) stays out. KubeVirt CDI's
// DataVolume names a disk image to import as `docker://REF`, the same way.
import { describe, expect, it } from 'vitest';
import { listImages, postrendered, templateChart } from './template-chart.js';

const RESOURCES = `apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: basic-auth
spec:
  url: oci://ghcr.io/acme/wasm/basic-auth:1.0.0
  phase: AUTHN
---
apiVersion: policies.kubewarden.io/v1
kind: ClusterAdmissionPolicy
metadata:
  name: safe-labels
spec:
  module: registry://ghcr.io/kubewarden/policies/safe-labels:v0.1.0
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: fedora
spec:
  source:
    registry:
      url: docker://quay.io/containerdisks/fedora:40
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
spec:
  type: oci
  url: oci://ghcr.io/stefanprodan/charts
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: app
spec:
  source:
    repoURL: oci://registry.example.io/charts/app
    targetRevision: 1.2.0
`;

describe('an OCI artifact a custom resource names as oci:// or registry:// URL', () => {
  const chart = templateChart({ 'resources.yaml': RESOURCES });

  it('images lists each tagged artifact as a runtime image (a chart repository URL stays out)', async () => {
    const r = (await listImages(chart())) as unknown as { images: { ref: string; need: string }[]; doubtful: { ref: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['ghcr.io/acme/wasm/basic-auth:1.0.0', 'runtime'],
      ['ghcr.io/kubewarden/policies/safe-labels:v0.1.0', 'runtime'],
      ['quay.io/containerdisks/fedora:40', 'runtime'],
    ]);
    expect(r.doubtful).toEqual([]);
  });

  it('the post-renderer moves each behind its scheme', async () => {
    const docs = await postrendered(chart());
    expect(docs.find((d) => d.kind === 'WasmPlugin')!.spec.url).toBe('oci://mirror.local:5000/m/ghcr.io/acme/wasm/basic-auth:1.0.0');
    expect(docs.find((d) => d.kind === 'ClusterAdmissionPolicy')!.spec.module).toBe(
      'registry://mirror.local:5000/m/ghcr.io/kubewarden/policies/safe-labels:v0.1.0',
    );
    expect((docs.find((d) => d.kind === 'DataVolume')!.spec as { source: { registry: { url: string } } }).source.registry.url).toBe(
      'docker://mirror.local:5000/m/quay.io/containerdisks/fedora:40',
    );
    expect(docs.find((d) => d.kind === 'HelmRepository')!.spec.url).toBe('oci://ghcr.io/stefanprodan/charts');
  });
});
