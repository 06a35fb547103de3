// A chart's values dumped whole into a ConfigMap no script of the chart reads (komodor-agent's
// `installed-values.yaml: {{ toYaml .Values }}`, kept for the agent to report what was installed),
// while its templates join each image block to a registry value of their own
// (`{{ .Values.imageRepo }}/{{ .name }}:{{ .tag }}`). Read alone, each block of the dump is a
// host-less `name:tag` on Docker Hub that nothing pulls: before, every one was listed as a
// run-time image, and `values` set the blocks for those too, which broke the chart's own images
// (L: komodor-agent, 7 false positives and `values` exit 1).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `imageRepo: public.ecr.example/acme
components:
  agent:
    image: {name: agent, tag: "0.2.1"}
  metrics:
    image: {name: telegraf, tag: v2.0.7-alpine}
  supervisor:
    image: {name: agent, tag: null}
  proxy:
    enabled: false
    image: {name: nginx, tag: "1.31"}
`;

const image = (c: string) => `{{ .Values.imageRepo }}/{{ .Values.components.${c}.image.name }}:{{ .Values.components.${c}.image.tag }}`;
const TEMPLATES = {
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: agent-config
data:
  agent.yaml: |
    clusterName: corpus
  installed-values.yaml: |
    {{ toYaml .Values | nindent 4 }}
`,
  'agent.yaml': deployment('agent', image('agent')),
  'metrics.yaml': deployment('metrics', image('metrics')),
  // a block without a version, which the template fills
  'supervisor.yaml': deployment(
    'supervisor',
    '{{ .Values.imageRepo }}/{{ .Values.components.supervisor.image.name }}:{{ .Values.components.supervisor.image.tag | default "0.2.1" }}',
  ),
  'proxy.yaml': `{{- if .Values.components.proxy.enabled }}\n${deployment('proxy', image('proxy'))}{{- end }}\n`,
};

describe('a values tree dumped whole into a ConfigMap, its image blocks joined to a registry by the templates', () => {
  const chart = templateChart(TEMPLATES, VALUES);

  it('images lists the images the templates make of the blocks, and none from the dump', async () => {
    const r = await listImages(chart(), ['--include-optional']);
    const byNeed = (r.images as { ref: string; need: string; toggles: string[] }[]).map((i) => [i.need, i.ref, i.toggles]);
    expect(byNeed).toEqual([
      ['default', 'public.ecr.example/acme/agent:0.2.1', []],
      ['default', 'public.ecr.example/acme/telegraf:v2.0.7-alpine', []],
      ['optional', 'public.ecr.example/acme/nginx:1.31', ['components.proxy.enabled=true']],
    ]);
  });

  it('values moves the chart’s images and exits 0', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/public.ecr.example/acme/agent:0.2.1', 'mirror.local:5000/m/public.ecr.example/acme/telegraf:v2.0.7-alpine']);
  });

  it('--explain rejects the dump entries, with the reason', async () => {
    const r = await runCli(['images', chart(), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rejected, values-dump-entry: [^\n]*\n(\s+\S+\s+<-[^\n]*\n)*\s+nginx:1\.31\s+<- [^\n]*installed-values\.yaml/);
  });
});
