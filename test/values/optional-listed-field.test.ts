// One field listing several images, behind a setting (OpenStack-Helm's image-repo-sync Job:
// `IMAGE_SYNC_LIST: "ghcr.io/.../agent:v0.0.3,...,quay.io/airshipit/openstack-client:..."` under
// images.local_registry.active). The setting's proof checked that field against the images that
// setting alone brings, so the entries of images the chart pulls anyway, moved as well, read as
// "changed" and `values --include-optional` refused a correct override (WW, mariadb-cluster).
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from '../discover/template-chart.js';
import { runCli } from '../discover/run-cli.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SYNC_JOB = `{{- if .Values.sync.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: sync
spec:
  template:
    spec:
      containers:
      - name: sync
        image: {{ .Values.images.sync | quote }}
        env:
        - name: IMAGE_SYNC_LIST
          value: {{ list .Values.images.api .Values.images.client | join "," | quote }}
{{- end }}
`;

describe('a setting whose field lists images the chart also pulls elsewhere', () => {
  const chart = templateChart(
    { 'api.yaml': deployment('api', '{{ .Values.images.api }}'), 'sync.yaml': SYNC_JOB },
    'sync:\n  enabled: false\nimages:\n  api: quay.io/acme/api:1.0\n  client: quay.io/acme/client:2.0\n  sync: docker.io/library/docker:27.5.0\n',
  );

  it('values --include-optional proves the override and moves every entry', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-listed-field-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out, '--include-optional']);
      expect(v.exitCode, v.stdout + v.stderr).toBe(0);
      const t = await runCli(['template', chart(), '-f', join(out, 'rel.values.yaml'), '--set', 'sync.enabled=true']);
      expect(t.exitCode, t.stderr).toBe(0);
      expect(t.stdout).toContain('value: "mirror.local:5000/m/quay.io/acme/api:1.0,mirror.local:5000/m/quay.io/acme/client:2.0"');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
