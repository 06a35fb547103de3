// A count of 0 as the switch of a part (Rucio's server and daemons: `if gt .Values.replicaCount 0.0`
// around the whole Deployment, `reaperCount: 0` per daemon): no boolean is off, so the optional
// search flipped nothing and the images were only guessed from their values blocks, with no setting,
// and a hard-coded sidecar behind a plain switch inside the count (`if .Values.monitoring.enabled`,
// the apache exporter) was not listed at all (SS, rucio-server and rucio-daemons: 10
// optional images, none with its setting). A zero count an `if` tests is flipped to 1, and named
// switches that brought nothing alone are tried beside the count that brought images.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `replicaCount: 0
image:
  repository: acme/server
  tag: "3.1"
monitoring:
  enabled: false
`;

const TEMPLATE = `{{- if gt .Values.replicaCount 0.0 }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
      - name: server
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- if .Values.monitoring.enabled }}
      - name: exporter
        image: acme/exporter:1.0
{{- end }}
{{- end }}
`;

describe('a count of 0 as the switch of a part', () => {
  const chart = templateChart({ 'server.yaml': TEMPLATE }, VALUES);

  it('images --optional lists the counted image with the count at 1, and the switch inside it with both', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles]).sort()).toEqual([
      ['docker.io/acme/exporter:1.0', ['replicaCount=1,monitoring.enabled=true']],
      ['docker.io/acme/server:3.1', ['replicaCount=1']],
    ]);
  });

  // the template compares the count with a float, as a values file holds one: --set's integer fails
  // there (in Helm too), so values --include-optional sets it as a values file does, not as --set
  it('values --include-optional renders with the count on and moves both images', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-count-'));
    try {
      const r = await runCli(['values', chart(), '--include-optional', '--registry', 'mirror.local:5000/m', '-o', dir]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      const written = await readFile(join(dir, 'op.values.yaml'), 'utf8');
      expect(written).toContain('mirror.local:5000/m/docker.io/acme/server');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
