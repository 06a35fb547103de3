// Plugins an operator starts only as its settings say (holdout AA, Starboard 0.15.37), on a chart
// of that shape built here. An env var of the operator's container keeps a plugin off while the
// chart still writes the plugin's image into a ConfigMap (OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED,
// false by default, over polaris.imageRef): before, Polaris was listed as a runtime image (a false
// positive); now it is optional, with the value that turns the env var on. And an image the
// operator names from a fixed repository and its own version, for the plugin a settings key picks
// (starboard-scanner-aqua for `vulnerabilityReports.scanner: Aqua`): before, missed; now optional,
// with the value that picks that plugin.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `image:
  tag: 0.15.37
operator:
  configAuditScannerEnabled: false
plugins:
  vulnerability: Trivy
  configAudit: Polaris
`;

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: starboard
spec:
  template:
    spec:
      containers:
      - name: operator
        image: docker.io/aquasec/starboard-operator:{{ .Values.image.tag }}
        env:
        - name: OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED
          value: {{ .Values.operator.configAuditScannerEnabled | quote }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: starboard
data:
  vulnerabilityReports.scanner: {{ .Values.plugins.vulnerability | quote }}
  kube-bench.imageRef: docker.io/aquasec/kube-bench:v0.6.9
{{- if eq .Values.plugins.configAudit "Polaris" }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: starboard-polaris-config
data:
  polaris.imageRef: quay.io/fairwinds/polaris:4.2
{{- end }}
{{- if eq .Values.plugins.vulnerability "Aqua" }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: starboard-aqua-config
data:
  aqua.imageRef: docker.io/aquasec/scanner:5.3
{{- end }}
`;

interface Entry {
  ref: string;
  need: string;
  toggles: string[];
}
interface Report {
  images: Entry[];
  optional?: Entry[];
}

async function report(chart: string, args: string[]): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const POLARIS = 'quay.io/fairwinds/polaris:4.2';
const AQUA_CLIENT = 'docker.io/aquasec/starboard-scanner-aqua:0.15.37';

describe("an operator's plugins, on or off by its settings (Starboard)", () => {
  const chart = templateChart({ 'all.yaml': TEMPLATE }, VALUES);

  it('a plugin its env var keeps off is optional, named by the value that turns it on', async () => {
    const r = await report(chart(), ['--optional']);
    expect(r.images.map((i) => i.ref)).not.toContain(POLARIS);
    expect(r.images.map((i) => i.ref)).toContain('docker.io/aquasec/kube-bench:v0.6.9');
    expect(r.optional!.find((i) => i.ref === POLARIS)).toMatchObject({ need: 'optional', toggles: ['operator.configAuditScannerEnabled=true'] });
  });

  it('with the env var on, the plugin is pulled', async () => {
    const r = await report(chart(), ['--set', 'operator.configAuditScannerEnabled=true']);
    expect(r.images.find((i) => i.ref === POLARIS)?.need).toBe('runtime');
  });

  it('the client image the operator names from its own version is optional, named by the value that picks its plugin', async () => {
    const r = await report(chart(), ['--optional']);
    expect(r.images.map((i) => i.ref)).not.toContain(AQUA_CLIENT);
    expect(r.optional!.find((i) => i.ref === AQUA_CLIENT)).toMatchObject({ need: 'optional', toggles: ['plugins.vulnerability=Aqua'] });
  });

  it('with that plugin picked, the operator pulls it, at its own version', async () => {
    const r = await report(chart(), ['--set', 'plugins.vulnerability=Aqua', '--set', 'image.tag=0.15.30']);
    expect(r.images.find((i) => i.ref === 'docker.io/aquasec/starboard-scanner-aqua:0.15.30')?.need).toBe('runtime');
  });
});
