// Switches read relative to a `with .Values.P` block (holdout VV: PostHog's Loki subchart).
// - Its check `with .Values.monitoring.selfMonitoring` then `if and (not .enabled) .lokiCanary.enabled`
//   then `fail`: the canary was named with lokiCanary.enabled alone, which the chart refuses; the
//   check's companions were read only as `.Values` paths, so `.enabled` was none.
// - Its helm-test Pod: `with .Values.test` then `if and .enabled $.Values...selfMonitoring.enabled
//   ...lokiCanary.enabled`, its image through a helper reading `.Values.test.image`: listed from its
//   values block alone, with no setting (and the chart's appVersion for a tag the helper never uses).
// Now a check's `.field` inside such a block is read as P.field, and a values block still unused is
// tried with the switches of the templates that read it, through the helpers they include.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const VALIDATE = `{{- with .Values.monitoring.selfMonitoring }}
{{- if and (not .enabled) .canary.enabled }}
{{- fail "Canary requires self monitoring to also be enabled" }}
{{- end }}
{{- end }}
`;
const CANARY = `{{- if .Values.monitoring.selfMonitoring.canary.enabled }}
${deploymentHead('canary')}      - name: canary
        image: {{ .Values.canaryImage }}
{{- end }}
`;
const HELPERS = `{{- define "op.testImage" -}}
{{- $tag := .Values.test.image.tag | default "latest" -}}
{{ .Values.test.image.repository }}:{{ $tag }}
{{- end -}}
`;
const TEST = `{{- with .Values.test }}
{{- if and .enabled .address $.Values.monitoring.selfMonitoring.enabled $.Values.monitoring.selfMonitoring.canary.enabled }}
apiVersion: v1
kind: Pod
metadata:
  name: op-test
  annotations:
    helm.sh/hook: test
spec:
  containers:
  - name: test
    image: {{ include "op.testImage" $ }}
    args: [{{ .address | quote }}]
{{- end }}
{{- end }}
`;
const VALUES = `image: acme/op:1.0
canaryImage: acme/canary:1.0
monitoring:
  selfMonitoring:
    enabled: false
    canary:
      enabled: false
test:
  enabled: false
  address: ""
  image:
    repository: acme/op-test
    tag: ""
`;

const CANARY_ON = 'monitoring.selfMonitoring.canary.enabled=true,monitoring.selfMonitoring.enabled=true';

describe('switches read relative to a `with .Values` block', () => {
  const chart = templateChart(
    {
      'deployment.yaml': `${deploymentHead('op')}      - name: op\n        image: {{ .Values.image }}\n`,
      'validate.yaml': VALIDATE,
      'canary.yaml': CANARY,
      '_helpers.tpl': HELPERS,
      'tests/test.yaml': TEST,
    },
    VALUES,
    '1.0',
  );

  it('names each part with every setting it needs', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/canary:1.0']).toEqual([CANARY_ON]);
    const test = toggles['docker.io/acme/op-test:latest'];
    expect(test).toHaveLength(1);
    expect(test![0]!.split(',').sort()).toEqual([...CANARY_ON.split(','), 'test.address=example', 'test.enabled=true'].sort());
    expect(Object.keys(toggles)).not.toContain('docker.io/acme/op-test:1.0');
  });

  it('real Helm renders each with those settings, and refuses the canary without self monitoring', async () => {
    const { helm } = await realHelm(4);
    const render = (set: string) => execa(helm, ['template', 'rel', chart(), ...set.split(',').flatMap((p) => ['--set', p])]);
    expect(podSpecImages((await render(CANARY_ON)).stdout)).toContain('acme/canary:1.0');
    expect(podSpecImages((await render(`${CANARY_ON},test.enabled=true,test.address=example`)).stdout)).toContain('acme/op-test:latest');
    await expect(render('monitoring.selfMonitoring.canary.enabled=true')).rejects.toThrow(/requires self monitoring/);
  });
});
