// Operators of holdout AA read from source after the holdout was measured: an object
// store operator's server per GarageCluster, and a static site operator's nginx and repo-checker
// per WebSite. Each for resources the user applies later, by defaults compiled into the operator.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        {{- with .Values.env }}\n        env:\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`;
const resource = `{{ with .Values.resource }}{{ toYaml . }}{{ end }}\n`;
const chart = templateChart({ 'op.yaml': deployment, 'cr.yaml': resource }, 'image: x\nresource: null\nenv: null\n');

/** `images` with the operator's image and other values (`PATH=V`) set. */
const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();

describe('holdout AA operators whose compiled-in defaults serve resources the user applies later', () => {
  it('the Garage operator: the Garage server of each GarageCluster at the release read, none where the rendered one names its repository', async () => {
    expect(runtime(await report('ghcr.io/quantumdancer/garage-operator:0.1.0'))).toEqual(['docker.io/dxflrs/amd64_garage:v2.3.0']);
    expect(runtime(await report('ghcr.io/quantumdancer/garage-operator:0.1.0-rc.1'))).toEqual(['docker.io/dxflrs/amd64_garage:v2.0.0']);
    const cluster = ['resource.apiVersion=garage.rottler.io/v1alpha1', 'resource.kind=GarageCluster', 'resource.metadata.name=g'];
    const own = await report('ghcr.io/quantumdancer/garage-operator:0.1.0', ...cluster, 'resource.spec.image.repository=registry.acme.io/garage');
    expect(runtime(own)).not.toContain('docker.io/dxflrs/amd64_garage:v2.3.0');
  });

  it("the Website operator: nginx and the repo-checker at the operator's own version, per WebSite, under either image namespace", async () => {
    expect(runtime(await report('ghcr.io/cybozu-go/website-operator:0.11.3'))).toEqual([
      'ghcr.io/cybozu-go/website-operator-nginx:1.28.3.0',
      'ghcr.io/cybozu-go/website-operator-repo-checker:0.11.3',
    ]);
    expect(runtime(await report('ghcr.io/zoetrope/website-operator:0.9.0'))).toEqual(['ghcr.io/zoetrope/nginx:1.22.1', 'ghcr.io/zoetrope/repo-checker:0.9.0']);
  });

  it('the Website operator told its nginx by env: that image, not the compiled-in one', async () => {
    const r = await report('ghcr.io/cybozu-go/website-operator:0.11.3', 'env[0].name=NGINX_CONTAINER_IMAGE', 'env[0].value=registry.acme.io/nginx:1.29');
    expect(runtime(r)).not.toContain('ghcr.io/cybozu-go/website-operator-nginx:1.28.3.0');
    expect(runtime(r)).toContain('ghcr.io/cybozu-go/website-operator-repo-checker:0.11.3');
  });
});
