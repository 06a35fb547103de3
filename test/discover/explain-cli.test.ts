// images --explain (issue 49, the audit), on a chart built here with one candidate of each
// verdict: a pod-spec image (needed), an env image (runtime), a workload behind a toggle
// (optional, with its setting), a full reference in an annotation (doubtful), and strings that
// are not images (label selectors, a CRD's schema example, a CRD's prose inside a ConfigMap, a
// host:port), some inside a base64 Secret, each with the decodings it went through, one only in
// the toggled workload.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { crd } from './template-chart.js';

const VALUES = `image: quay.io/acme/app:1.0
metrics:
  enabled: false
  image: quay.io/acme/exporter:0.3
runtime:
  sandbox:
    image: ghcr.io/acme/sandbox:0.9
  selector: app.kubernetes.io/name:web
`;

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  annotations:
    acme.io/docs: ghcr.io/acme/docs:1.0
spec:
  template:
    spec:
      containers:
      - name: app
        image: {{ .Values.image }}
        env:
        - name: SIDECAR_IMAGE
          value: quay.io/acme/sidecar:2.0
        - name: COMPONENT_SELECTOR
          value: app.kubernetes.io/component:template
        - name: LISTEN
          value: localhost:8080
---
apiVersion: v1
kind: Secret
metadata:
  name: runtime
data:
  values.yaml: {{ toYaml .Values.runtime | b64enc }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: crds
data:
  crds.yaml: |
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: mirrors.acme.io
    spec:
      versions:
      - name: v1
        schema:
          openAPIV3Schema:
            properties:
              registry:
                type: string
                description: |
                  The registry to mirror to, for example
                  fictional.registry.example:10443
{{- if .Values.metrics.enabled }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics
spec:
  template:
    spec:
      containers:
      - name: exporter
        image: {{ .Values.metrics.image }}
        env:
        - name: SCRAPE_SELECTOR
          value: app.kubernetes.io/name:metrics
{{- end }}
`;

const CRD = crd(
  'Mirror',
  'acme.io',
  'v1',
  `          image:
            type: string
            example: docker.io/library/busybox:1.36
`,
);

interface Candidate {
  raw: string;
  ref?: string;
  verdict: string;
  reason?: string;
  rule?: string;
  setting?: string;
  otherSettings?: true;
  kind: string;
  name: string;
  fieldPath: string;
  encodings: string[];
}
interface Explained {
  images: { ref: string; need: string }[];
  explain: { candidates: Candidate[]; counts: Record<string, number>; unaccounted: unknown[] };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-explain-'));
  await writeFiles(join(dir, 'acme'), {
    'Chart.yaml': 'apiVersion: v2\nname: acme\nversion: 0.1.0\n',
    'values.yaml': VALUES,
    'templates/all.yaml': TEMPLATE,
    'templates/crd.yaml': CRD,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('images --explain', () => {
  it('-o json: each candidate with its verdict, its reason or setting, and where it came from through each decoding', async () => {
    const r = await runCli(['images', join(dir, 'acme'), '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const x = (JSON.parse(r.stdout) as Explained).explain;
    const line = (c: Candidate) => [c.verdict, c.ref ?? c.raw, c.rule ?? c.setting ?? '', `${c.kind}/${c.name} ${c.fieldPath}`, c.encodings.join('>')];
    expect(x.candidates.map(line)).toEqual([
      ['needed', 'quay.io/acme/app:1.0', '', 'Deployment/app spec.template.spec.containers[0].image', ''],
      ['runtime', 'ghcr.io/acme/sandbox:0.9', '', 'Secret/runtime data["values.yaml"] > base64.sandbox.image', 'base64>yaml'],
      ['runtime', 'quay.io/acme/sidecar:2.0', '', 'Deployment/app spec.template.spec.containers[0].env[0].value', ''],
      ['optional', 'quay.io/acme/exporter:0.3', 'metrics.enabled=true', 'Deployment/metrics spec.template.spec.containers[0].image', ''],
      ['doubtful', 'ghcr.io/acme/docs:1.0', '', 'Deployment/app metadata.annotations["acme.io/docs"]', ''],
      [
        'rejected',
        'docker.io/library/busybox:1.36',
        'crd-schema',
        'CustomResourceDefinition/mirrors.acme.io spec.versions[0].schema.openAPIV3Schema.properties.image.example',
        '',
      ],
      [
        'rejected',
        'fictional.registry.example:10443',
        'crd-schema',
        'ConfigMap/crds data["crds.yaml"] > spec.versions[0].schema.openAPIV3Schema.properties.registry.description',
        'yaml>lines',
      ],
      ['rejected', 'app.kubernetes.io/component:template', 'label-selector', 'Deployment/app spec.template.spec.containers[0].env[1].value', ''],
      ['rejected', 'app.kubernetes.io/name:metrics', 'label-selector', 'Deployment/metrics spec.template.spec.containers[0].env[0].value', ''],
      ['rejected', 'app.kubernetes.io/name:web', 'label-selector', 'Secret/runtime data["values.yaml"] > base64.selector', 'base64>yaml'],
      ['rejected', 'localhost:8080', 'unnamed-place', 'Deployment/app spec.template.spec.containers[0].env[2].value', ''],
    ]);
    expect(x.counts).toEqual({ needed: 1, runtime: 2, optional: 1, doubtful: 1, rejected: 6, total: 11 });
    // met only in the optional search's render with metrics.enabled on
    expect(x.candidates.filter((c) => c.otherSettings).map((c) => c.raw)).toEqual(['app.kubernetes.io/name:metrics']);
    expect(x.unaccounted).toEqual([]);
    for (const c of x.candidates.filter((c) => c.verdict === 'rejected')) expect(c.reason?.length ?? 0, c.raw).toBeGreaterThan(40);
  });

  it('the needed and runtime candidates are exactly what images lists', async () => {
    const plain = await runCli(['images', join(dir, 'acme'), '-o', 'json']);
    const audit = await runCli(['images', join(dir, 'acme'), '--explain', '-o', 'json']);
    const listed = (JSON.parse(plain.stdout) as Explained).images.map((i) => i.ref).sort();
    const counted = (JSON.parse(audit.stdout) as Explained).explain.candidates.filter((c) => c.verdict === 'needed' || c.verdict === 'runtime');
    expect([...new Set(counted.map((c) => c.ref))].sort()).toEqual(listed);
  });

  it('text: grouped by verdict, one line per candidate, rejections under their reason', async () => {
    const r = await runCli(['images', join(dir, 'acme'), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('audited 11 candidate(s): 1 needed, 2 runtime, 1 optional, 1 doubtful, 6 rejected');
    expect(r.stdout).toContain(
      '  app.kubernetes.io/name:metrics  <- acme/templates/all.yaml Deployment/metrics spec.template.spec.containers[0].env[0].value  (with other settings)',
    );
    const after = (title: RegExp) => lines[lines.findIndex((l) => title.test(l)) + 1];
    expect(after(/^needed/)).toBe('  quay.io/acme/app:1.0  <- pod-spec: acme/templates/all.yaml Deployment/app spec.template.spec.containers[0].image');
    expect(after(/^optional/)).toMatch(/^ {2}quay\.io\/acme\/exporter:0\.3 {2}when metrics\.enabled=true {2}<- /);
    expect(r.stdout).toContain(
      '  ghcr.io/acme/sandbox:0.9  <- secret: acme/templates/all.yaml Secret/runtime data["values.yaml"] > base64.sandbox.image (via base64 > yaml)',
    );
    expect(r.stdout).toMatch(/\nrejected, label-selector: a label as a selector spells it[^\n]*:\n {2}app\.kubernetes\.io\/component:template {2}<- /);
    expect(r.stdout).not.toMatch(/WITHOUT A VERDICT/);
  });

  it('--explain with --plain is a usage error that says what to run', async () => {
    const r = await runCli(['images', join(dir, 'acme'), '--explain', '--plain']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--explain prints an audit[\s\S]*next: helm airgap images CHART --explain/);
  });
});
