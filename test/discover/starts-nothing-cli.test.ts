// A server whose chart's role lets it create pods though its program never does (Apache
// Celeborn's master and worker, bound to a Role that may create pods; Clusterpedia's three
// servers, bound to a ClusterRole that may create workloads): read at the chart's version, the
// operator defaults table says it starts nothing, so `images` no longer warns that it "may start
// pods of its own"; at a version nobody read, it says what was read.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const server = (image: string) => `apiVersion: v1
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
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srv
spec:
  template:
    spec:
      serviceAccountName: srv
      containers:
      - name: srv
        image: ${image}
`;

const warnings = async (chart: string) => {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { warnings: { message: string }[] }).warnings.map((w) => w.message);
};

describe('a server read to start nothing, bound to a role that may create pods', () => {
  const celeborn = templateChart({ 'srv.yaml': server('docker.io/apache/celeborn:0.7.0') });
  const clusterpedia = templateChart({ 'srv.yaml': server('ghcr.io/clusterpedia-io/clusterpedia/clustersynchro-manager:v0.9.0') });
  const unread = templateChart({ 'srv.yaml': server('docker.io/apache/celeborn:0.6.1') });

  it('is not said to start pods of its own at the version read', async () => {
    expect(await warnings(celeborn())).toEqual([]);
    expect(await warnings(clusterpedia())).toEqual([]);
  });

  it('at another version, says what was read', async () => {
    expect(await warnings(unread())).toEqual([
      "Apache Celeborn 0.6.1 (its image's tag, in op/templates/srv.yaml) starts only the images its users name at 0.7.0, as its source was read; 0.6.1 was not read",
    ]);
  });
});
