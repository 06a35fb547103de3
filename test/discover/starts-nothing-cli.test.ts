// A server whose chart's role lets it create pods though its program never does (Apache
// Celeborn's master and worker, bound to a Role that may create pods; Clusterpedia's three
// servers, bound to a ClusterRole that may create workloads; Velero UI, bound to cluster-admin;
// Apache Linkis' services, bound to a Role that may create pods): read at the chart's version, the
// operator defaults table says it starts nothing, so `images` no longer warns that it "may start
// pods of its own", for any workload running it; at a version nobody read, it says what was read.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

/** A workload named `name` running `image` as ServiceAccount srv. */
const workload = (name: string, image: string) => `---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  template:
    spec:
      serviceAccountName: srv
      containers:
      - name: ${name}
        image: ${image}
`;

const server = (...images: string[]) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: srv
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: srv
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["create", "list", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: srv
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: srv}
subjects:
- {kind: ServiceAccount, name: srv}
${images.map((image, i) => workload(`srv${i}`, image)).join('')}`;

const warnings = async (chart: string) => {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { warnings: { message: string }[] }).warnings.map((w) => w.message);
};

describe('a server read to start nothing, bound to a role that may create pods', () => {
  // master and worker run one image; Clusterpedia's three servers are three images of one entry:
  // the table speaks for each workload, not only the first it sights
  const celeborn = templateChart({ 'srv.yaml': server('docker.io/apache/celeborn:0.7.0', 'docker.io/apache/celeborn:0.7.0') });
  const clusterpedia = templateChart({
    'srv.yaml': server(
      'ghcr.io/clusterpedia-io/clusterpedia/apiserver:v0.9.0',
      'ghcr.io/clusterpedia-io/clusterpedia/clustersynchro-manager:v0.9.0',
      'ghcr.io/clusterpedia-io/clusterpedia/controller-manager:v0.9.0',
    ),
  });
  // Velero UI creates only Velero's custom objects; Linkis 1.3.2 (services and web console, images
  // named without a registry as its chart does) starts engines as local processes
  const veleroUi = templateChart({ 'srv.yaml': server('docker.io/otwld/velero-ui:0.10.0') });
  const linkis = templateChart({ 'srv.yaml': server('linkis:1.3.2', 'linkis-web:1.3.2') });
  const unread = templateChart({ 'srv.yaml': server('docker.io/apache/celeborn:0.6.1') });

  const switched = templateChart(
    {
      'srv.yaml': server('{{ .Values.image }}'),
      'worker.yaml': `{{- if .Values.worker.enabled }}\n${workload('worker', '{{ .Values.image }}')}{{- end }}\n`,
    },
    'image: docker.io/apache/celeborn:0.7.0\nworker:\n  enabled: false\n',
  );

  it('is not said to start pods of its own at the version read', async () => {
    expect(await warnings(celeborn())).toEqual([]);
    expect(await warnings(clusterpedia())).toEqual([]);
    expect(await warnings(veleroUi())).toEqual([]);
    expect(await warnings(linkis())).toEqual([]);
  });

  it('nor under a switch that brings another workload of it (a toggled render, its images marked)', async () => {
    const r = await runCli(['images', switched(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('at another version, says what was read', async () => {
    expect(await warnings(unread())).toEqual([
      "Apache Celeborn 0.6.1 (its image's tag, in op/templates/srv.yaml) starts only the images its users name at 0.7.0, as its source was read; 0.6.1 was not read",
    ]);
  });
});
