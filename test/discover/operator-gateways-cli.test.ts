// Gravitee's Kubernetes operator (holdout GG): its Gateway API gateway, a compiled-in
// tagless image it runs per Gateway, only once the chart's switch writes ENABLE_GATEWAY_API=true into
// the settings ConfigMap the operator reads as env (envFrom). Before, nothing named the image: with
// the switch off the operator may create no Deployment, so no creator warning either, and a user
// turning the switch on was never told.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const TEMPLATES = {
  'config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: gko-config
data:
  ENABLE_INGRESS: "true"
  {{- if .Values.gatewayAPI.controller.enabled }}
  ENABLE_GATEWAY_API: "true"
  {{- end }}
`,
  'manager.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gko-controller-manager
spec:
  template:
    spec:
      containers:
      - name: manager
        image: {{ .Values.image }}
        envFrom:
        - configMapRef:
            name: gko-config
`,
  'params.yaml': `{{ with .Values.gatewayImage }}apiVersion: gravitee.io/v1alpha1
kind: GatewayClassParameters
metadata:
  name: gravitee
spec:
  kubernetes:
    deployment:
      template:
        spec:
          containers:
          - name: gateway
            image: {{ . }}
{{ end }}`,
};
const chart = templateChart(TEMPLATES, 'image: graviteeio/kubernetes-operator:4.12.16\ngatewayAPI:\n  controller:\n    enabled: false\ngatewayImage: ""\n');

const GATEWAY = 'docker.io/graviteeio/apim-gateway:latest';
const needed = (r: ListedImages) => r.images.map((i) => `${i.need} ${i.ref}`).sort();

describe("Gravitee's Kubernetes operator: its gateway image, behind the chart's Gateway API switch", () => {
  it('with the switch off: not needed, and --optional lists it under the switch', async () => {
    expect(needed(await listImages(chart()))).toEqual(['default docker.io/graviteeio/kubernetes-operator:4.12.16']);
    const r = await listImages(chart(), ['--optional']);
    expect(r.optional?.find((o) => o.ref === GATEWAY)?.toggles).toEqual(['gatewayAPI.controller.enabled=true']);
  });

  it('with the switch on: the gateway is a run-time image, unless the rendered GatewayClassParameters names its own', async () => {
    const on = ['--set', 'gatewayAPI.controller.enabled=true'];
    expect(needed(await listImages(chart(), on))).toEqual(['default docker.io/graviteeio/kubernetes-operator:4.12.16', `runtime ${GATEWAY}`]);
    const own = await listImages(chart(), [...on, '--set', 'gatewayImage=registry.acme.io/apim-gateway:4.12.3']);
    expect(needed(own)).not.toContain(`runtime ${GATEWAY}`);
    expect(needed(own).join('\n')).toContain('registry.acme.io/apim-gateway:4.12.3');
  });
});
