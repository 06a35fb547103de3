// A runner of holdout HH read from source after the holdout was measured: Gitea's
// act_runner registers with compiled-in labels when neither --labels (the image's run.sh passes
// GITEA_RUNNER_LABELS) nor its config file's runner.labels names any, and each label's image is
// what a job asking for it runs in. Its images are tagged VERSION-dind and VERSION-dind-rootless
// (the runner with Docker inside): the same source as VERSION, so the same defaults.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        {{- with .Values.env }}\n        env:\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`;
const config = `{{ with .Values.config }}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runner-config\ndata:\n  config.yaml: |\n    {{- . | nindent 4 }}\n{{ end }}`;
const resource = `{{ with .Values.resource }}{{ toYaml . }}{{ end }}\n`;
const chart = templateChart({ 'op.yaml': deployment, 'config.yaml': config, 'cr.yaml': resource }, 'image: x\nenv: null\nconfig: null\nresource: null\n');

const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();
const DEFAULTS = ['ubuntu-20.04', 'ubuntu-22.04', 'ubuntu-latest'].map((t) => `docker.io/gitea/runner-images:${t}`);

describe('holdout HH runners', () => {
  it("act_runner 0.2.11: its default labels' images, for the plain, dind and rootless builds", async () => {
    for (const tag of ['0.2.11', '0.2.11-dind', '0.2.11-dind-rootless']) expect(runtime(await report(`gitea/act_runner:${tag}`))).toEqual(DEFAULTS);
  });

  it('act_runner: none of them where the config file names labels', async () => {
    const file = await report('gitea/act_runner:0.2.11-dind-rootless', 'config=runner:\n  labels:\n    - linux:docker://node:22');
    expect(runtime(file)).toEqual(['docker.io/library/node:22']);
  });
});

// Kamaji runs each tenant cluster's control plane as a Deployment of the management cluster, its
// images composed from the resource's Kubernetes version and the registry settings' defaults
// (registry.k8s.io/kube-apiserver:VERSION...); Cluster API's KamajiControlPlane hands its spec.version
// and addons to the TenantControlPlane it writes. Cozystack's kubernetes app renders a
// KamajiControlPlane alone (Kamaji is another chart): its control plane's images were unlisted,
// without a warning.
describe('holdout HH control planes', () => {
  const kcp = [
    'resource.apiVersion=controlplane.cluster.x-k8s.io/v1alpha1',
    'resource.kind=KamajiControlPlane',
    'resource.metadata.name=t',
    'resource.spec.version=v1.35.6',
  ];
  const PLANE = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `registry.k8s.io/${c}:v1.35.6`);

  it("a KamajiControlPlane's components at its version, and Konnectivity's where its addon names a version", async () => {
    expect(runtime(await report('busybox:1.37', ...kcp))).toEqual(PLANE);
    const konn = await report(
      'busybox:1.37',
      ...kcp,
      'resource.spec.addons.konnectivity.server.version=v0.34.0',
      'resource.spec.addons.konnectivity.agent.version=v0.34.0',
    );
    expect(runtime(konn)).toEqual(
      [...PLANE, 'registry.k8s.io/kas-network-proxy/proxy-agent:v0.34.0', 'registry.k8s.io/kas-network-proxy/proxy-server:v0.34.0'].sort(),
    );
  });

  it('a TenantControlPlane at spec.kubernetes.version; at the registry the resource names', async () => {
    const tcp = [
      'resource.apiVersion=kamaji.clastix.io/v1alpha1',
      'resource.kind=TenantControlPlane',
      'resource.metadata.name=t',
      'resource.spec.kubernetes.version=v1.33.2',
    ];
    expect(runtime(await report('busybox:1.37', ...tcp))).toEqual(
      ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `registry.k8s.io/${c}:v1.33.2`),
    );
    // a registry of its own: the same components there
    expect(runtime(await report('busybox:1.37', ...kcp, 'resource.spec.containerRegistry=mirror.example:5000/k8s'))).toEqual(
      PLANE.map((p) => p.replace('registry.k8s.io', 'mirror.example:5000/k8s')),
    );
  });
});

describe('holdout HH: the words for a setting that holds a list', () => {
  it("act_runner's runner.labels is said to be a list of LABEL:docker://IMAGE, never a bare reference", async () => {
    const { overrideWords } = await import('../../src/discover/operators/default-overrides.js');
    expect(overrideWords({ config: 'runner.labels', holds: 'a list of LABEL:docker://IMAGE, this image as one label' })).toBe(
      "field runner.labels (a list of LABEL:docker://IMAGE, this image as one label) of the operator's config file",
    );
  });
});
