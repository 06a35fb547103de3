// A workload that may start pods only with a switch of the chart on (holdout GG: Gravitee's
// operator gets its Role to create Deployments under `gatewayAPI.controller.enabled`, and then runs
// a gateway image compiled into it). The creator check ran on the default render alone, where the
// workload has no such rights, and --optional, which renders the switch, said nothing of it: a user
// turning the switch on was never told. Now --optional warns of it, naming the switch.
// A map's stand-in entry that makes one more object of the same template (SeaweedFS' StatefulSet
// per entry of `volumes`, beside `volume.enabled`'s: Langfuse's s3 subchart) is the same program:
// said once, with the switch.
import { describe, expect, it } from 'vitest';
import { boundAccount, deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  optional?: { ref: string; toggles?: string[] }[];
  warnings: { creator?: string; message: string; next: string }[];
}

const RBAC = `${boundAccount(
  'gw',
  `- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
{{- if .Values.gateway.enabled }}
- apiGroups: [apps]
  resources: [deployments]
  verbs: [create, update, delete]
{{- end }}
`,
)}apiVersion: apps/v1
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

const VOLUMES = `${boundAccount(
  'vol',
  `- apiGroups: [""]
  resources: [pods]
  verbs: [create, delete]
`,
)}{{- define "vol.sts" }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ . }}
spec:
  template:
    spec:
      serviceAccountName: vol
      containers:
      - name: vol
        image: registry.example/acme/volume-server:4.0
{{- end }}
{{- if .Values.volume.enabled }}
---
{{- include "vol.sts" "vol" }}
{{- end }}
{{- range $name, $v := .Values.volumes }}
---
{{- include "vol.sts" (printf "vol-%s" $name) }}
{{- end }}
`;
const volumes = templateChart({ 'volume.yaml': VOLUMES }, 'volume:\n  enabled: false\nvolumes: {}\n');

describe('a map stand-in entry beside a switch, both bringing one template', () => {
  it('--optional warns once, with the switch', async () => {
    const r = await runCli(['images', volumes(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const said = creators(JSON.parse(r.stdout) as Report);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^with volume\.enabled=true: StatefulSet vol \(/);
  });
});
