// A mutating webhook that injects into pods as they are created (a secrets agent, a proxy) adds
// images of its own choosing without any grant to create pods, so the pod-creator warning never
// named it: Infisical's agent injector adds its compiled-in CLI, and `images` listed the injector
// alone as if complete (XX). Now one whose chart tells it no image, and that the operator
// defaults table has not read, is named; one told its images (an env var) or read is not.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { creator?: string; message: string; next: string }[];
}

async function report(chart: string, set: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const injector = `apiVersion: v1
kind: Service
metadata:
  name: agent-svc
spec:
  selector: {app: agent}
  ports: [{port: 443, targetPort: 8443}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: {{ .Values.webhookName }}
webhooks:
- name: agent.example.com
  sideEffects: None
  admissionReviewVersions: [v1]
  clientConfig:
    service: {name: agent-svc, namespace: default, path: /mutate}
  rules:
  - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: {{ .Values.image }}
        {{- with .Values.sidecarImage }}
        env:
        - name: SIDECAR_IMAGE
          value: {{ . }}
        {{- end }}
`;

describe('a mutating webhook on pod creation that says it injects', () => {
  const chart = templateChart(
    { 'agent.yaml': injector },
    'webhookName: agent-injector-cfg\nimage: registry.example/acme/agent-injector:1.0.0\nsidecarImage: ""\n',
  );

  it('is named when nothing tells its program an image', async () => {
    const w = (await report(chart())).warnings.filter((x) => x.creator === 'Deployment/agent');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('serves MutatingWebhookConfiguration agent-injector-cfg, which injects into pods as they are created');
    expect(w[0]!.next).toContain('check what registry.example/acme/agent-injector:1.0.0 adds to pods');
  });

  it('told its sidecar through its env: listed, nothing said', async () => {
    const r = await report(chart(), ['sidecarImage=registry.example/acme/sidecar:2.0.0']);
    expect(r.images.find((i) => i.ref === 'registry.example/acme/sidecar:2.0.0')?.need).toBe('runtime');
    expect(r.warnings.filter((x) => x.creator)).toEqual([]);
  });

  it('a webhook that does not say it injects (one that sets labels or readiness gates): nothing said', async () => {
    expect((await report(chart(), ['webhookName=pod-readiness-gate'])).warnings.filter((x) => x.creator)).toEqual([]);
  });

  it('an injector the operator defaults table has read: its sidecar listed, nothing said', async () => {
    const r = await report(chart(), ['image=docker.io/infisical/infisical-agent-injector:v0.1.12']);
    expect(r.images.find((i) => i.ref === 'docker.io/infisical/cli:0.43.55')?.need).toBe('runtime');
    expect(r.warnings.filter((x) => x.creator)).toEqual([]);
  });
});
