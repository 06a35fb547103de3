// An API gateway operator whose data plane image is compiled into it (unseen block Y's Envoy
// Gateway v1.9.0: api/v1alpha1/shared_types.go DefaultEnvoyProxyImage), overridden by a field of
// its config file (the EnvoyGateway in a ConfigMap) that the chart writes only once a value it
// leaves empty is set, through a helper that splits the value at its first `/` and puts an empty
// global registry in place of its host. Before: `images` listed the control plane and the rate
// limiter the file names, never the Envoy proxy each Gateway runs, and `values` set the registry
// to the host and each value to the path, which the helper's split dropped (proof failed, exit 1).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; sites: { site: string; builtin?: { operator: string; at: string } }[] }[];
}

async function report(chart: string, args: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const ENVOY = 'docker.io/envoyproxy/envoy:distroless-v1.39.0';

// Envoy Gateway's own helpers (charts/gateway-helm/templates/_helpers.tpl at v1.9.0), in short
const helpers = `{{- define "eg.image" -}}
{{- $parts := splitn "/" 2 .Values.global.images.envoyGateway.image -}}
{{- printf "%s/%s" (default $parts._0 .Values.global.imageRegistry) $parts._1 -}}
{{- end -}}
{{- define "eg.ratelimit.image" -}}
{{- $parts := splitn "/" 2 .Values.global.images.ratelimit.image -}}
{{- printf "%s/%s" (default $parts._0 .Values.global.imageRegistry) $parts._1 -}}
{{- end -}}
{{- define "eg.envoyProxy.image" -}}
{{- $parts := splitn "/" 2 .Values.global.images.envoyProxy.image -}}
{{- $name := splitn ":" 2 $parts._1 -}}
{{- printf "%s/%s:%s" (default $parts._0 .Values.global.imageRegistry) $name._0 (default "distroless-v1.39.0" $name._1) -}}
{{- end -}}
`;
const controlPlane = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: envoy-gateway
spec:
  template:
    spec:
      containers:
      - name: envoy-gateway
        image: {{ include "eg.image" . }}
        args: [server, --config-path=/config/envoy-gateway.yaml]
`;
const config = `apiVersion: v1
kind: ConfigMap
metadata:
  name: envoy-gateway-config
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    {{- if .Values.global.images.envoyProxy.image }}
    envoyProxy:
      provider:
        type: Kubernetes
        kubernetes:
          envoyDeployment:
            container:
              image: {{ include "eg.envoyProxy.image" . }}
    {{- end }}
    provider:
      type: Kubernetes
      kubernetes:
        rateLimitDeployment:
          container:
            image: {{ include "eg.ratelimit.image" . }}
`;
const values = `global:
  images:
    envoyGateway:
      image: docker.io/envoyproxy/gateway:v1.9.0
    ratelimit:
      image: docker.io/envoyproxy/ratelimit:17b1956c
    envoyProxy:
      image: ""
  imageRegistry: ""
`;

describe('Envoy Gateway: the Envoy proxy image compiled in, overridden by its config file', () => {
  const chart = templateChart({ '_helpers.tpl': helpers, 'deployment.yaml': controlPlane, 'configmap.yaml': config }, values);

  it('lists the compiled-in Envoy proxy as runtime, from the operator defaults table', async () => {
    const r = await report(chart());
    const envoy = r.images.find((i) => i.ref === ENVOY);
    expect(envoy?.need).toBe('runtime');
    expect(envoy?.sites.some((s) => s.builtin?.operator === 'Envoy Gateway')).toBe(true);
  });

  it('lists the image the config file names instead, once the chart writes one', async () => {
    const r = await report(chart(), ['--set', 'global.images.envoyProxy.image=registry.acme.io/envoy:v1.39.0-acme']);
    expect(r.images.find((i) => i.ref === ENVOY)).toBeUndefined();
    expect(r.images.find((i) => i.ref === 'registry.acme.io/envoy:v1.39.0-acme')?.need).toBe('runtime');
  });

  // holdout VV: Formbricks vendors gateway-helm 1.7.1, whose proxy default is Envoy 1.37.1
  it('an earlier release gets the Envoy tag compiled into that release', async () => {
    const r = await report(chart(), ['--set', 'global.images.envoyGateway.image=docker.io/envoyproxy/gateway:v1.7.1']);
    expect(r.images.find((i) => i.ref === ENVOY)).toBeUndefined();
    expect(r.images.find((i) => i.ref === 'docker.io/envoyproxy/envoy:distroless-v1.37.1')?.need).toBe('runtime');
  });

  it('an Envoy Gateway of a version no entry was read for gets no guess', async () => {
    const r = await report(chart(), ['--set', 'global.images.envoyGateway.image=docker.io/envoyproxy/gateway:v1.2.0']);
    expect(r.images.find((i) => i.ref === ENVOY)).toBeUndefined();
  });

  it('values moves all three, the proxy through the value the helper writes the file from, the registry left unset (exit 0)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-envoy-gateway-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.example:5000/m', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const text = (await Promise.all((await readdir(out)).map((n) => readFile(join(out, n), 'utf8')))).join('\n');
      expect(text).toContain('image: mirror.example:5000/m/docker.io/envoyproxy/envoy:distroless-v1.39.0');
      expect(text).toContain('image: mirror.example:5000/m/docker.io/envoyproxy/gateway:v1.9.0');
      expect(text).toContain('image: mirror.example:5000/m/docker.io/envoyproxy/ratelimit:17b1956c');
      expect(text).not.toMatch(/imageRegistry:/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// holdout VV: Formbricks installs Envoy Gateway under `envoy.controller.enabled`, which its own check
// refuses without `envoy.enabled` (and a Redis). The control plane's image was named with all three
// settings, the Envoy proxy it starts by default with the first alone, marked "asks more": a
// compiled-in default is spelled in no document, so the render with the check's companions never
// showed it. Now the document that configures the operator shows it.
describe('Envoy Gateway behind a switch the chart checks: the proxy named with what the check asks', () => {
  const guarded = (text: string) => `{{- if .Values.controller.enabled }}\n${text}{{- end }}\n`;
  const check = `{{- if and .Values.controller.enabled (not .Values.routes.enabled) }}
{{- fail "controller.enabled requires routes.enabled=true" }}
{{- end }}
`;
  const chart = templateChart(
    { '_helpers.tpl': helpers, 'deployment.yaml': guarded(controlPlane), 'configmap.yaml': guarded(config), 'validation.yaml': check },
    `controller:\n  enabled: false\nroutes:\n  enabled: false\n${values}`,
  );

  it('names the proxy with the same settings as the control plane that starts it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[]; sites: { toggleAsksMore?: boolean }[] }[] };
    const byRef = new Map(out.optional.map((i) => [i.ref, i]));
    expect(byRef.get('docker.io/envoyproxy/gateway:v1.9.0')?.toggles).toEqual(['controller.enabled=true,routes.enabled=true']);
    expect(byRef.get(ENVOY)?.toggles).toEqual(['controller.enabled=true,routes.enabled=true']);
    expect(byRef.get(ENVOY)?.sites.some((x) => x.toggleAsksMore)).toBe(false);
  });
});
