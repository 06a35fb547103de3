// A repository of data, not of images, under a key named for it (holdout AA, Starboard's
// `trivy.dbRepository`: the vulnerability database Trivy downloads itself, an OCI artifact no
// kubelet pulls). Before, the values block was listed as an optional image tagged with the
// appVersion (ghcr.io/aquasecurity/trivy-db:0.15.37) and a tagged one in a ConfigMap as a runtime
// image. A database image under a block named for its database (mongodb.repository) stays an image.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `trivy:
  imageRef: docker.io/aquasec/trivy:0.25.2
  dbRepository: ghcr.io/aquasecurity/trivy-db
  javaDbRepository: ghcr.io/aquasecurity/trivy-java-db:1
mongodb:
  enabled: false
  repository: docker.io/bitnami/mongodb
  tag: "7.0"
`;

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: op
spec:
  template:
    spec:
      containers:
      - name: op
        image: docker.io/aquasec/scanner-operator:0.15.37
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: trivy-config
data:
  trivy.imageRef: {{ .Values.trivy.imageRef | quote }}
  trivy.dbRepository: {{ .Values.trivy.dbRepository | quote }}
  TRIVY_JAVA_DB_REPOSITORY: {{ .Values.trivy.javaDbRepository | quote }}
{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}
# read by a template, rendered by none: {{ .Values.mongodb.repository }}:{{ .Values.mongodb.tag }}
{{- end }}
`;

interface Candidate {
  raw: string;
  verdict: string;
  rule?: string;
  fieldPath: string;
}
interface Report {
  images: { ref: string }[];
  optional?: { ref: string }[];
  explain?: { candidates: Candidate[] };
}

async function report(chart: string, args: string[]): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('a database repository under a key named for it', () => {
  const chart = templateChart({ 'all.yaml': TEMPLATE }, VALUES);

  it('is no image, needed or optional; the images beside it stay', async () => {
    const r = await report(chart(), ['--optional']);
    const refs = [...r.images, ...(r.optional ?? [])].map((i) => i.ref).sort();
    expect(refs).toEqual(['docker.io/aquasec/scanner-operator:0.15.37', 'docker.io/aquasec/trivy:0.25.2', 'docker.io/bitnami/mongodb:7.0']);
  });

  it('--explain rejects each once with the reason: where the render spells it, else as its values block', async () => {
    const r = await report(chart(), ['--explain', '--optional']);
    const rejected = r.explain!.candidates.filter((c) => c.verdict === 'rejected').map((c) => [c.raw, c.rule, c.fieldPath]);
    expect(rejected.sort()).toEqual([
      ['ghcr.io/aquasecurity/trivy-db', 'data-repository', 'trivy.dbRepository'],
      ['ghcr.io/aquasecurity/trivy-java-db:1', 'data-repository', 'data.TRIVY_JAVA_DB_REPOSITORY'],
    ]);
  });
});
