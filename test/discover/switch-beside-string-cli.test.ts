// A CronJob behind `and .Values.backup.enabled .Values.backup.schedule (not .Values.backup.useSystemBucket)`
// (holdoutHH, Cozystack's ClickHouse app: the legacy backup CronJob): a named switch, an empty
// string and a switch read under `not`. The search turned on backup.enabled (it brings a sidecar
// elsewhere) with every guard read beside it, useSystemBucket too, which hides the CronJob; and
// where backup.enabled brings nothing alone, never tried it with the string. Both found now.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const cronJob = `{{- if and .Values.backup.enabled .Values.backup.schedule (not .Values.backup.useSystemBucket) }}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: {{ .Values.backup.schedule | quote }}
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: backup
            image: acme/backup:1.0
{{- end }}
`;
const sidecar = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: db
        image: acme/db:1.0
      {{- if .Values.backup.enabled }}
      - name: agent
        image: acme/agent:1.0
      {{- end }}
        {{- $bucket := "own" }}
        {{- if .Values.backup.useSystemBucket }}
        {{- $bucket = "system" }}
        {{- end }}
        env:
        - name: BUCKET
          value: {{ $bucket }}
`;
const VALUES = 'backup:\n  enabled: false\n  schedule: ""\n  useSystemBucket: false\n';
const optional = async (chart: string) =>
  ((await listImages(chart, ['--optional'])).optional ?? []).map((i) => `${i.ref} ${(i.toggles ?? []).join(' ')}`).sort();

describe('a switch beside an empty string and a switch under not', () => {
  const both = templateChart({ 'cron.yaml': cronJob, 'db.yaml': sidecar }, VALUES);
  const alone = templateChart({ 'cron.yaml': cronJob }, 'backup:\n  enabled: false\n  schedule: ""\n');

  it('where the switch brings another image alone: the CronJob with the string set and the hiding switch left off', async () => {
    expect(await optional(both())).toContain('docker.io/acme/backup:1.0 backup.enabled=true,backup.schedule=example');
  });

  it('where the switch brings nothing alone: the CronJob with both on', async () => {
    expect(await optional(alone())).toEqual(['docker.io/acme/backup:1.0 backup.enabled=true,backup.schedule=example']);
  });
});
