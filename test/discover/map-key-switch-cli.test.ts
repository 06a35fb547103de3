// A switch that is a key absent from a values map, compared as text in a helper (holdout YY, Onyx's
// Craft sandbox: `eq (toString (index .Values.configMap "ENABLE_CRAFT" | default "")) "true"`, the
// key only in comments, the helper's verdict compared with "true" around a PodTemplate and a
// prepull DaemonSet), then refused by the chart's checks one after another: a URL the words name
// (`configMap.ONYX_SERVER_URL must be set`), a switch that is off tested through a variable
// (`auth.sandboxPushSecret.enabled must be true`), and a required key. Before, the nested
// parentheses hid the comparison, `index` read the map as the setting, and `true` was no word a
// `--set` could carry: the image was not listed at all.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const SANDBOX = 'docker.io/acme/sandbox:2.1';
const SETTING = 'configMap.ENABLE_CRAFT=true,configMap.SERVER_URL=example,push.enabled=true,push.values.key=example';

const chart = templateChart(
  {
    '_helpers.tpl': [
      '{{- define "op.craftEnabled" -}}',
      '{{- if eq (toString (index .Values.configMap "ENABLE_CRAFT" | default "")) "true" -}}true{{- end -}}',
      '{{- end }}',
      '{{- define "op.sandboxImage" -}}',
      '{{- (index .Values.configMap "SANDBOX_IMAGE") | default "acme/sandbox:2.1" -}}',
      '{{- end }}',
      '',
    ].join('\n'),
    'app.yaml': deployment('app', 'acme/app:2.1'),
    'validation.yaml': [
      '{{- if eq (include "op.craftEnabled" .) "true" }}',
      '{{- if not (index .Values.configMap "SERVER_URL") }}',
      '{{- fail "configMap.SERVER_URL must be set when configMap.ENABLE_CRAFT is enabled" }}',
      '{{- end }}',
      '{{- $push := .Values.push | default dict }}',
      '{{- if ne (toString (dig "enabled" false $push)) "true" }}',
      '{{- fail "push.enabled must be true when configMap.ENABLE_CRAFT is enabled" }}',
      '{{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
    'secret.yaml': [
      '{{- if .Values.push.enabled }}',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: push',
      'stringData:',
      '  key: {{ required "Please set push.values.key" .Values.push.values.key }}',
      '{{- end }}',
      '',
    ].join('\n'),
    'sandbox.yaml': `{{- if eq (include "op.craftEnabled" .) "true" }}\n${deployment('sandbox', '{{ include "op.sandboxImage" . }}')}{{- end }}\n`,
  },
  ['configMap:', '  LOG_LEVEL: info', '  # ENABLE_CRAFT: "true"', 'push:', '  enabled: false', '  values:', '    key: ""', ''].join('\n'),
);

describe('a switch that is a key absent from a values map, compared as text', () => {
  it('names the key with what the checks ask', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    expect(out.optional.find((i) => i.ref === SANDBOX)?.toggles).toEqual([SETTING]);
  });

  it('real Helm runs the sandbox with that setting, and refuses the key alone', async () => {
    const { helm } = await realHelm(4);
    const render = (setting: string) => execa(helm, ['template', 'rel', chart(), ...setting.split(',').flatMap((p) => ['--set', p])], { reject: false });
    const full = await render(SETTING);
    expect(full.stderr).toBe('');
    expect(podSpecImages(full.stdout)).toContain('acme/sandbox:2.1');
    expect((await render('configMap.ENABLE_CRAFT=true')).exitCode).not.toBe(0);
  });
});
