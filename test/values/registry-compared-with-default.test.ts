// A registry value a template compares with its default before joining it (IOMesh's ZookeeperCluster:
// `if eq .Values.global.registry "docker.io/"` renders the repository alone, else the registry in
// front of it). The default render shows the repository alone, so values wrote the whole target
// there; the override also moves global.registry for the chart's other images, which flips the
// branch and put the host in front twice: values refused its own file (exit 1). The proof's retry
// now writes that repository without its host, as for any registry found in front after the fact.
import { describe, expect, it } from 'vitest';
import { templateChart, valuesThenImages } from '../discover/template-chart.js';

const VALUES = `global:
  registry: docker.io/
agent:
  image:
    repository: acme/agent
    tag: "1.0"
zookeeper:
  image:
    repository: acme/zookeeper
    tag: "3.5.9"
`;

const AGENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: {{ .Values.global.registry }}{{ .Values.agent.image.repository }}:{{ .Values.agent.image.tag }}
`;

const ZOOKEEPER = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zookeeper
spec:
  template:
    spec:
      containers:
        - name: zookeeper
          {{- if eq .Values.global.registry "docker.io/" }}
          image: {{ .Values.zookeeper.image.repository }}:{{ .Values.zookeeper.image.tag }}
          {{- else }}
          image: {{ .Values.global.registry }}{{ .Values.zookeeper.image.repository }}:{{ .Values.zookeeper.image.tag }}
          {{- end }}
`;

describe('a registry value a template compares with its default', () => {
  const chart = templateChart({ 'agent.yaml': AGENT, 'zookeeper.yaml': ZOOKEEPER }, VALUES);

  it('values moves the image behind the comparison too: its repository is written without the host the moved registry puts in front', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/docker.io/acme/agent:1.0', 'mirror.local:5000/m/docker.io/acme/zookeeper:3.5.9']);
    expect(r.rendered).toContain('image: mirror.local:5000/m/docker.io/acme/zookeeper:3.5.9');
  });
});

// The same registry value in front of names no value holds (IOMesh's CSI sidecars, through a
// helper: `{{ .Values.global.registry }}iomesh/csi-attacher:v4.3.0`). Written as the target host
// alone, it sent them to mirror.local:5000/acme/sidecar, neither source nor target; it now carries
// the target's path, as the one value every image behind it reads.
const SIDECAR = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: {{ .Values.global.registry }}acme/sidecar:2.1
`;

describe('a registry value also in front of names no value holds', () => {
  const chart = templateChart({ 'agent.yaml': AGENT, 'zookeeper.yaml': ZOOKEEPER, 'node.yaml': SIDECAR }, VALUES);

  it('values sets the registry value to the target prefix, so the literal names land at their targets too', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual([
      'mirror.local:5000/m/docker.io/acme/agent:1.0',
      'mirror.local:5000/m/docker.io/acme/sidecar:2.1',
      'mirror.local:5000/m/docker.io/acme/zookeeper:3.5.9',
    ]);
    expect(r.rendered).toContain('image: mirror.local:5000/m/docker.io/acme/sidecar:2.1');
  });
});
