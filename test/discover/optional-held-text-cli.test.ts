// An optional image held inside a longer values string (LangSmith's operator: a StatefulSet's YAML
// in `operator.templates.db`, rendered into the operator's ConfigMap under config.deployment.enabled,
// holding pgvector/pgvector:pg15): no values path names the image itself, so `values
// --include-optional` left it out ("no values path names it") though the same shape, needed, is
// moved by rewriting the string (SS; langgraph-dataplane's needed twin). Included, it is
// moved the same way, proven with its toggle on.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const VALUES = `image: docker.io/acme/app:1.0
deployments:
  enabled: false
templates:
  db: |
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: \${name}
    spec:
      template:
        spec:
          containers:
          - name: postgres
            image: pgvector/pgvector:pg15
`;

const CONFIG = `{{- if .Values.deployments.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: operator-config
data:
  database-statefulset.yaml.tmpl: |
{{ .Values.templates.db | indent 4 }}
{{- end }}
`;

describe('an optional image held inside a longer values string', () => {
  const chart = templateChart({ 'app.yaml': deployment('app', '{{ .Values.image }}'), 'config.yaml': CONFIG }, VALUES);

  it('values --include-optional moves it by that string', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-held-'));
    try {
      const r = await runCli(['values', chart(), '--include-optional', '--registry', 'mirror.local:5000/m', '-o', dir]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stderr + r.stdout).not.toContain('no values path names it');
      const written = await readFile(join(dir, 'op.values.yaml'), 'utf8');
      expect(written).toContain('image: mirror.local:5000/m/docker.io/pgvector/pgvector:pg15');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
