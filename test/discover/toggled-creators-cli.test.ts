// A workload that may start pods only with a switch of the chart on (holdout GG: Gravitee's
// operator gets its Role to create Deployments under `gatewayAPI.controller.enabled`, and then runs
// a gateway image compiled into it). The creator check ran on the default render alone, where the
// workload has no such rights, and --optional, which renders the switch, said nothing of it: a user
// turning the switch on was never told. Now --optional warns of it, naming the switch.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  optional?: { ref: string; toggles?: string[] }[];
  warnings: { creator?: string; message: string; next: string }[];
}

const RBAC = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: gw
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: gw
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
{{- if .Values.gateway.enabled }}
- apiGroups: [apps]
  resources: [deployments]
  verbs: [create, update, delete]
{{- end }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: gw
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gw}
subjects:
- {kind: ServiceAccount, name: gw, namespace: "{{ .Release.Namespace }}"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gw
spec:
  template:
    spec:
      serviceAccountName: gw
      containers:
      - name: gw
        image: registry.example/acme/gw-operator:1.0.0
`;
const METRICS = `{{ if .Values.metrics.enabled }}${deployment('metrics', 'registry.example/acme/exporter:2.0')}{{ end }}`;
const VALUES = 'gateway:\n  enabled: false\nmetrics:\n  enabled: false\ndebug:\n  enabled: false\ningress:\n  enabled: false\n';
const chart = templateChart({ 'rbac.yaml': RBAC, 'metrics.yaml': METRICS }, VALUES);

async function report(args: string[]): Promise<Report> {
  const r = await runCli(['images', chart(), ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const creators = (r: Report) => r.warnings.filter((w) => w.creator !== undefined).map((w) => w.message);

describe('a workload that may start pods only with a switch on', () => {
  it('without --optional: no warning (with the defaults it may create nothing)', async () => {
    expect(creators(await report([]))).toEqual([]);
  });

  it('--optional warns of it, narrowed to the one switch that grants it, beside the optional images', async () => {
    const r = await report(['--optional']);
    expect(r.optional?.map((o) => [o.ref, o.toggles])).toEqual([['registry.example/acme/exporter:2.0', ['metrics.enabled=true']]]);
    const said = creators(r);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^with gateway\.enabled=true: Deployment gw \(.*running registry\.example\/acme\/gw-operator:1\.0\.0\) may start pods of its own/);
  });

  it('with the switch on in the values: the default render warns, and --optional does not say it twice', async () => {
    const r = await report(['--optional', '--set', 'gateway.enabled=true']);
    expect(creators(r)).toHaveLength(1);
    expect(creators(r)[0]).toMatch(/^Deployment gw /);
  });
});
