// An edition switch of another name than `enabled` that one helper reads for every image (holdout
// YY, Mender: `global.enterprise` picks registry.mender.io/mender-server-enterprise over
// docker.io/mendersoftware, for every service through `include "mender.image" (dict "dot" .
// "component" "gui" "override" .Values.gui)`):
// - a part that needs the edition AND its own switch (`and .Values.global.enterprise
//   .Values.generate_delta_worker.enabled`) was never named: the edition was first switched on by
//   the round of a list beside it (the cronjob list of an enterprise-only service), which credited
//   the edition's images to that round; the guard round then saw nothing new, so the edition did
//   not count as bringing images and was never paired with the switches beside it;
// - the helper reads `.override.image.registry` after testing `.override.image`: the probe of
//   absent repository values set `gui.image` to a whole reference there, which breaks the helper
//   (`can't evaluate field registry`), so no service image got `default.image.repository` as its
//   values path and `values` called them all hard-coded.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const HELPERS = `{{- define "op.image.registry" }}
{{- if and .override.image .override.image.registry }}{{ .override.image.registry }}
{{- else if and .dot.Values.default.image .dot.Values.default.image.registry }}{{ .dot.Values.default.image.registry }}
{{- else if .dot.Values.global.enterprise }}registry.acme.io
{{- else }}docker.io{{ end }}
{{- end }}
{{- define "op.image.repository" }}
{{- if and .override.image .override.image.repository }}{{ .override.image.repository }}
{{- else if and .dot.Values.default.image .dot.Values.default.image.repository }}{{ .dot.Values.default.image.repository }}
{{- else if .dot.Values.global.enterprise }}op-enterprise
{{- else }}opsoftware{{ end }}
{{- end }}
{{- define "op.image" }}
{{- printf "%s/%s/%s:%s" (include "op.image.registry" .) (include "op.image.repository" .) .component "v4.1.3" }}
{{- end }}
`;

const service = (name: string) => `${deploymentHead(name)}      - name: ${name}
        image: {{ include "op.image" (dict "dot" . "component" "${name}" "override" .Values.${name}) }}
`;

const CRONJOBS = `{{- if and .Values.global.enterprise .Values.tenants.cronjobs.enabled }}
{{- range .Values.tenants.cronjobs.jobs }}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tenants-{{ .name }}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            image: {{ include "op.image" (dict "dot" $ "component" "tenants" "override" $.Values.tenants) }}
{{- end }}
{{- end }}
`;

const chart = templateChart(
  {
    '_helpers.tpl': HELPERS,
    'gui.yaml': service('gui'),
    'tenants.yaml': `{{- if .Values.global.enterprise }}\n${service('tenants')}{{- end }}\n`,
    'cronjobs.yaml': CRONJOBS,
    'delta.yaml': `{{- if and .Values.global.enterprise .Values.delta.enabled }}\n${service('delta')}{{- end }}\n`,
  },
  [
    'global:',
    '  enterprise: false',
    'default:',
    '  image: {}',
    'gui: {}',
    'tenants:',
    '  cronjobs:',
    '    enabled: false',
    '    jobs: []',
    'delta:',
    '  enabled: false',
    '',
  ].join('\n'),
);

const DELTA = 'registry.acme.io/op-enterprise/delta:v4.1.3';

describe('an edition switch read by every image, and a part behind it and its own switch', () => {
  it("names the part with both settings, and the shared default block as every image's values", async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      images: { ref: string; valuesPaths: string[] }[];
      optional: { ref: string; toggles: string[] }[];
      hardcoded: string[];
    };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['registry.acme.io/op-enterprise/gui:v4.1.3']).toEqual(['global.enterprise=true']);
    expect(toggles[DELTA]?.map((t) => t.split(',').sort().join(','))).toEqual(['delta.enabled=true,global.enterprise=true']);
    const gui = out.images.find((i) => i.ref === 'docker.io/opsoftware/gui:v4.1.3');
    expect(gui?.valuesPaths).toContain('default.image.repository');
  });

  it('real Helm runs the part with both settings, and not with one alone', async () => {
    const { helm } = await realHelm(4);
    const images = async (...set: string[]) => podSpecImages((await execa(helm, ['template', 'rel', chart(), ...set.flatMap((p) => ['--set', p])])).stdout);
    expect(await images('global.enterprise=true', 'delta.enabled=true')).toContain(DELTA);
    expect(await images('global.enterprise=true')).not.toContain(DELTA);
    expect(await images('delta.enabled=true')).not.toContain(DELTA);
  });
});
