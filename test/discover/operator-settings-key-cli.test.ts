// An operator whose built-in default a data key of its settings ConfigMap overrides (OpenELB's
// `openelb-images` proxy-image and forward-image, pkg/controllers/lb/nodeproxy.go:161-186), which
// the chart writes only once its value (customImage.proxyImage) is set. Before, the default stayed
// listed beside the image the key named, and `values` could not move it (exit 3): the key is now
// the default's override, found by the probe render as the chart's value that writes it.
import { describe, expect, it } from 'vitest';
import { deploymentHead, listImages, templateChart, valuesThenImages } from './template-chart.js';

const controller = `${deploymentHead('openelb-controller')}      - name: controller
        image: {{ .Values.image | quote }}
`;
const images = `apiVersion: v1
kind: ConfigMap
metadata:
  name: openelb-images
data:
  {{- if .Values.customImage.forwardImage }}
  forward-image: {{ .Values.customImage.forwardImage }}
  {{- end }}
  {{- if .Values.customImage.proxyImage }}
  proxy-image: {{ .Values.customImage.proxyImage }}
  {{- end }}
`;

describe('an operator default a key of its settings ConfigMap overrides, written from a value left empty', () => {
  const chart = templateChart(
    { 'controller.yaml': controller, 'images.yaml': images },
    'image: kubesphere/openelb-controller:v0.6.0\ncustomImage:\n  forwardImage: ""\n  proxyImage: ""\n',
  );

  it('is listed with the value that writes the key as its route', async () => {
    const r = await listImages(chart());
    const proxy = r.images.find((i) => i.ref === 'docker.io/kubesphere/openelb-proxy:master');
    expect(proxy?.valuesPaths).toEqual(['customImage.proxyImage']);
  });

  it('the key set, the image it names is listed instead of the default', async () => {
    const r = await listImages(chart(), ['--set', 'customImage.proxyImage=quay.io/acme/proxy:1']);
    const refs = r.images.map((i) => i.ref);
    expect(refs).toContain('quay.io/acme/proxy:1');
    expect(refs).not.toContain('docker.io/kubesphere/openelb-proxy:master');
    expect(refs).toContain('docker.io/kubesphere/openelb-forward:master');
  });

  it('values moves both defaults through those values, proven by the re-render', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual([
      'mirror.local:5000/m/docker.io/kubesphere/openelb-controller:v0.6.0',
      'mirror.local:5000/m/docker.io/kubesphere/openelb-forward:master',
      'mirror.local:5000/m/docker.io/kubesphere/openelb-proxy:master',
    ]);
  });
});
