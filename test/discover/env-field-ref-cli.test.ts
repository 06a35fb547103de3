// Env vars a container reads from its own pod's annotations (the downward API's fieldRef), holding
// the parts of an image the program joins (holdout RR, chideat's valkey-operator: annotations
// `defaultExporterImageName: oliver006/redis_exporter` and `defaultExporterVersion: v1.67.0-alpine`,
// read as DEFAULT_EXPORTER_IMAGE_NAME and DEFAULT_EXPORTER_VERSION). Before, the annotations were
// any strings (the repository doubtful as :latest) and the exporter was missed; values could not
// move it. A label read the same way that is no image (the app's version) names nothing.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `exporter:
  image: oliver006/redis_exporter
  version: v1.67.0-alpine
`;

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: op }
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/version: "1.4.2"
      annotations:
        defaultExporterImageName: {{ .Values.exporter.image | quote }}
        defaultExporterVersion: {{ .Values.exporter.version | quote }}
    spec:
      containers:
      - name: op
        image: registry.example.io/op/valkey-operator:1.4.2
        env:
        - name: DEFAULT_EXPORTER_IMAGE_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.annotations['defaultExporterImageName']
        - name: DEFAULT_EXPORTER_VERSION
          valueFrom:
            fieldRef:
              fieldPath: metadata.annotations['defaultExporterVersion']
        - name: APP_VERSION
          valueFrom:
            fieldRef:
              fieldPath: metadata.labels['app.kubernetes.io/version']
`;

interface Report {
  images: { ref: string; need: string }[];
  doubtful?: { ref: string }[];
}

describe('env vars read from the pod’s own annotations by fieldRef', () => {
  const chart = templateChart({ 'all.yaml': TEMPLATE }, VALUES);

  it('joins the repository and version they hold into the run-time image', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.images.map((i) => `${i.ref} ${i.need}`).sort()).toEqual([
      'docker.io/oliver006/redis_exporter:v1.67.0-alpine runtime',
      'registry.example.io/op/valkey-operator:1.4.2 default',
    ]);
    expect(report.doubtful ?? []).toEqual([]);
  });

  it('values moves it through the value the annotation is written from', async () => {
    const out = join(chart(), '..', 'values-out');
    const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '-o', out, '--allow-hardcoded']);
    expect(v.exitCode, v.stderr).toBe(0);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    expect(written).toMatch(/exporter:\n\s+image: mirror\.local:5000\/m\/docker\.io\/oliver006\/redis_exporter\n/);
  });
});
