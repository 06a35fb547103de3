// Programs read to start only the images their users name (holdout LL: the YTsaurus, RavenDB and
// EA's DoltDB operators; Stakater Reloader, which re-runs its users' Jobs): each may create pods, so
// unread it is warned of as a program that may start images of its own; read in the operator
// defaults table at its release, nothing is said or added.
import { describe, expect, it } from 'vitest';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

// the namespace's default ServiceAccount, which the Deployment runs as, may create StatefulSets
const operator = (image: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: op
rules:
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, list, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: op
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: op}
subjects:
- {kind: ServiceAccount, name: default, namespace: "{{ .Release.Namespace }}"}
---
${deploymentHead('op')}      - name: op
        image: ${image}
`;

describe.each([
  ['docker.io/ytsaurus/k8s-operator:0.36.0'],
  ['docker.io/ravendb/ravendb-operator:1.0.0'],
  ['ghcr.io/electronicarts/doltdb-operator:0.2.0'],
  ['ghcr.io/stakater/reloader:v1.4.21'],
])('%s, read at that release', (image) => {
  const chart = templateChart({ 'op.yaml': operator(image) });

  it('is not said to start images of its own, and nothing is added to the list', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; warnings: unknown[] };
    expect(out.images.map((i) => i.ref)).toEqual([image]);
    expect(out.warnings).toEqual([]);
  });
});
