// An empty repository value a helper reads for every edition of an image (lakekeeper's
// catalog.image.repository: set, it names the image; else the plus edition's or the core one's),
// in an object whose other container another toggle adds first (a wait-for init container): the
// probe of optional images' empty values, matched by object, looks past that container to the
// one that took the stand-in, so the plus edition's image carries the value too and `values`
// names the clash instead of writing the core image's target for both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const helper = `{{- define "c.image" -}}
{{- $repository := "" -}}
{{- if .Values.catalog.image.repository -}}
{{- $repository = .Values.catalog.image.repository -}}
{{- else if eq .Values.edition "plus" -}}
{{- $repository = "quay.io/vendor/app-plus" -}}
{{- else -}}
{{- $repository = "quay.io/project/app" -}}
{{- end -}}
{{- printf "%s:%s" $repository (ternary "v2-plus" "v2" (eq .Values.edition "plus")) -}}
{{- end -}}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      {{- if .Values.waitFor.enabled }}
      initContainers:
      - name: wait
        image: "{{ .Values.waitFor.image.repository }}:{{ .Values.waitFor.image.tag }}"
      {{- end }}
      containers:
      - name: app
        image: {{ include "c.image" . }}
`;

const values = `edition: core
catalog:
  image:
    repository: ~
    tag: ~
waitFor:
  enabled: false
  image:
    repository: groundnuty/k8s-wait-for
    tag: v2.0
`;

describe('an empty repository value read by every edition, in an object another toggle adds a container to first', () => {
  const chart = templateChart({ '_helpers.tpl': helper, 'app.yaml': deployment }, values);

  it('the other edition, found optional, carries the value; values names the clash and leaves it out', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      images: { ref: string; valuesPaths: string[] }[];
      optional: { ref: string; valuesPaths: string[]; toggles: string[] }[];
    };
    expect(report.images.find((i) => i.ref === 'quay.io/project/app:v2')?.valuesPaths).toEqual(['catalog.image.repository']);
    const plus = report.optional.find((i) => i.ref === 'quay.io/vendor/app-plus:v2-plus');
    expect(plus?.toggles).toEqual(['edition=plus']);
    expect(plus?.valuesPaths).toEqual(['catalog.image.repository']);
    const out = await mkdtemp(join(tmpdir(), 'airgap-probed-object-'));
    const v = await runCli(['values', chart(), '--registry', 'mirror.example:5000/m', '--include-optional', '--out-dir', out, '-o', 'json']);
    await rm(out, { recursive: true, force: true });
    expect(v.exitCode, v.stderr).toBe(0);
    const notMoved = (JSON.parse(v.stdout) as { releases: { accounting: { notMoved: { source: string; detail?: string }[] } }[] }).releases[0]!.accounting
      .notMoved;
    expect(notMoved.find((n) => n.source === 'quay.io/vendor/app-plus:v2-plus')?.detail).toContain('catalog.image.repository also names the default images');
  });
});
