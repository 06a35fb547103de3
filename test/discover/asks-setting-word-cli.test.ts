// A toggle whose branch the chart's own check refuses unless another setting holds a given word,
// the words naming it `KEY=WORD` (holdout KK, AstraDNS: `clusterDNS.forwardExternalToAstraDNS with
// profile=node-local requires agent.network.mode=linkLocal`, around the kubectl Job that patches
// CoreDNS). Before, the optional image was listed under the toggle alone, which real Helm refuses,
// with the chart's words beside it: the setting that renders it was left to the reader.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const KUBECTL = 'docker.io/bitnami/kubectl:1.31.4';
const SETTING = 'dns.patch.enabled=true,agent.network.mode=linkLocal';

const chart = templateChart(
  {
    'agent.yaml': deployment('agent', 'acme/agent:1.0'),
    'patch.yaml': [
      '{{- if .Values.dns.patch.enabled }}',
      '{{- if ne .Values.agent.network.mode "linkLocal" }}',
      '{{- fail "dns.patch with profile=node-local requires agent.network.mode=linkLocal" }}',
      '{{- end }}',
      deployment('patch', '{{ .Values.dns.patch.kubectlImage }}'),
      '{{- end }}',
      '',
    ].join('\n'),
  },
  ['agent:', '  network:', '    mode: hostPort', 'dns:', '  patch:', '    enabled: false', '    kubectlImage: bitnami/kubectl:1.31.4', ''].join('\n'),
);

describe('a check whose words name the setting it asks for, KEY=WORD', () => {
  it('names the toggle with that setting', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    expect(out.optional.find((i) => i.ref === KUBECTL)?.toggles).toEqual([SETTING]);
  });

  it('real Helm renders the Job with that setting, and refuses the toggle alone', async () => {
    const { helm } = await realHelm(4);
    const render = (setting: string) => execa(helm, ['template', 'rel', chart(), ...setting.split(',').flatMap((p) => ['--set', p])], { reject: false });
    const full = await render(SETTING);
    expect(full.stderr).toBe('');
    expect(podSpecImages(full.stdout)).toContain('bitnami/kubectl:1.31.4');
    expect((await render('dns.patch.enabled=true')).exitCode).not.toBe(0);
  });
});
