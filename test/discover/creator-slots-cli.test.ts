// A program that may start pods and is told some images by its chart may still compile others in:
// the chart says so where it writes an image value into the program's settings only once the value
// is set (MatrixOne's `bucketCleanJob.image` in the operator's ConfigMap, absent by default; Envoy
// Gateway's empty `global.images.envoyProxy.image`). Left unset, the program starts a default of its
// own for that slot, which no render names: the creator warning names the slot, its value and
// where the chart writes it, though the render tells the program other images.
import { describe, expect, it } from 'vitest';
import { boundAccount, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; valuesPaths?: string[] }[];
  warnings: { creator?: string; message: string; next: string }[];
}

async function report(chart: string, set: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const creators = (r: Report) => r.warnings.filter((w) => w.creator !== undefined);

const rbac = `${boundAccount('ctl', '- apiGroups: [batch]\n  resources: [jobs]\n  verbs: [create, delete]\n')}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ctl
spec:
  template:
    spec:
      serviceAccountName: ctl
      containers:
      - name: ctl
        image: registry.example/acme/ctl:1.0.0
        {{- if .Values.proxyImage }}
        env:
        - name: PROXY_IMAGE
          value: {{ .Values.proxyImage | quote }}
        {{- end }}
        volumeMounts:
        - {name: config, mountPath: /etc/ctl}
      volumes:
      - name: config
        configMap: {name: ctl-config}
`;

// the backup image always told; the clean Job's only once its block is set (MatrixOne's shape)
const config = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ctl-config
data:
  backup: |
    image: "{{ .Values.backup.image }}"
  {{- with .Values.cleanJob }}
  cleanJob: |
    image: {{ .image | default "acme/cleaner:latest" | quote }}
  {{- end }}
  logLevel: info
`;

describe('a controller told one image, whose chart writes another image value into its ConfigMap only once set', () => {
  const chart = templateChart(
    { 'ctl.yaml': rbac, 'config.yaml': config },
    'backup:\n  image: quay.io/acme/backup:2.0\n# cleanJob:\n#   image: acme/cleaner:latest\n',
  );

  it('names the slot left to the program, with its value and where the chart writes it', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toContain('quay.io/acme/backup:2.0');
    const w = creators(r);
    expect(w.map((x) => x.creator)).toEqual(['Deployment/ctl']);
    expect(w[0]!.message).toContain('cleanJob.image');
    expect(w[0]!.message).toContain('ConfigMap/ctl-config');
    // the chart cannot say whether the program fills the slot or leaves that part off (an opt-in installer)
    expect(w[0]!.message).toContain('may start a default of its own there (or leave that part off');
    expect(w[0]!.next).toContain('cleanJob.image');
  });

  it('set (and the proxy image too), the image is listed where the chart writes it, and nothing is said', async () => {
    const r = await report(chart(), ['cleanJob.image=quay.io/acme/cleaner:3.0', 'proxyImage=quay.io/acme/proxy:1.0']);
    expect(r.images.find((i) => i.ref === 'quay.io/acme/cleaner:3.0')?.need).toBe('runtime');
    expect(creators(r)).toEqual([]);
  });
});

describe('an empty image value the chart writes into the controller env only once set', () => {
  const chart = templateChart(
    { 'ctl.yaml': rbac, 'config.yaml': config },
    'backup:\n  image: quay.io/acme/backup:2.0\nproxyImage: ""\ncleanJob:\n  image: quay.io/acme/cleaner:3.0\n',
  );

  it('is named as the program default it leaves', async () => {
    const w = creators(await report(chart()));
    expect(w.map((x) => x.creator)).toEqual(['Deployment/ctl']);
    expect(w[0]!.message).toContain('proxyImage');
    expect(w[0]!.message).not.toContain('cleanJob.image');
  });
});

describe('an unset image value that only a pod spec of the chart would run', () => {
  const podOnly = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: {{ .Values.migrate.image | default "registry.example/acme/ctl:1.0.0" }}
`;
  const chart = templateChart(
    { 'ctl.yaml': rbac, 'config.yaml': config, 'job.yaml': podOnly },
    'backup:\n  image: quay.io/acme/backup:2.0\nproxyImage: quay.io/acme/proxy:1.0\ncleanJob:\n  image: quay.io/acme/cleaner:3.0\nmigrate:\n  image: ""\n',
  );

  it('is no setting of the program: nothing is said', async () => {
    expect(creators(await report(chart()))).toEqual([]);
  });
});

describe("an image value that brings a whole section of a custom resource the chart renders (kube-prometheus-stack's Prometheus spec.thanos)", () => {
  // set, it turns a feature of the resource on (a Thanos sidecar) rather than naming what the
  // program would start by default: no slot. A field of a section the resource holds is one.
  const cr = `apiVersion: monitoring.acme.io/v1
kind: Engine
metadata:
  name: engine
spec:
  replicas: 1
  {{- with .Values.sidecar }}
  sidecar:
    image: {{ .image | quote }}
  {{- end }}
  {{- with .Values.engine.image }}
  image: {{ . | quote }}
  {{- end }}
`;
  const values =
    'backup:\n  image: quay.io/acme/backup:2.0\nproxyImage: quay.io/acme/proxy:1.0\ncleanJob:\n  image: quay.io/acme/cleaner:3.0\nengine:\n  image: ""\n';
  const chart = templateChart({ 'ctl.yaml': rbac, 'config.yaml': config, 'engine.yaml': cr }, values);

  it('is no slot; the empty image of a section the resource holds is', async () => {
    const w = creators(await report(chart()));
    expect(w.map((x) => x.creator)).toEqual(['Deployment/ctl']);
    expect(w[0]!.message).toContain('engine.image into Engine/engine spec.image');
    expect(w[0]!.message).not.toContain('sidecar.image');
  });
});
