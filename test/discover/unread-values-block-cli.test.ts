// A values block that names an image but that no template of the chart reads (Otterize
// network-mapper's `visibilitydns`, left in values.yaml and the README after upstream removed its
// template): nothing renders it, whatever the values, so `images --optional` does not list it as
// an image the chart can use; `--explain` says why. A block a template reads but no render shows
// (a branch the search cannot open) is still listed from the values.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const values = `mapper:
  repository: otterize
  image: network-mapper
  tag: v3.0.19
exporter:
  image:
    repository: acme/exporter
    tag: "1.4"
visibilitydns:
  repository: coredns
  image: coredns
  tag: latest
`;
const templates = {
  'mapper.yaml': deployment('mapper', '{{ .Values.mapper.repository }}/{{ .Values.mapper.image }}:{{ .Values.mapper.tag }}'),
  // a helper named for the removed component is no read of its values
  '_helpers.tpl': '{{- define "x.visibilitydns.fullName" -}}{{ .Release.Name }}-dns{{- end }}\n',
  'exporter.yaml': `{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n${deployment('exporter', '{{ .Values.exporter.image.repository }}:{{ .Values.exporter.image.tag }}')}{{- end }}\n`,
};

describe('an image values block no template reads', () => {
  const chart = templateChart(templates, values);

  it('is not listed as optional; a block a template reads behind a branch no render opens still is', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/otterize/network-mapper:v3.0.19']);
    expect(out.optional.map((i) => i.ref)).toEqual(['docker.io/acme/exporter:1.4']);
  });

  it('--explain gives it a verdict with the reason', async () => {
    const r = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as { explain: { candidates: { fieldPath: string; verdict: string; rule?: string }[] } }).explain;
    const dns = e.candidates.filter((c) => c.fieldPath.startsWith('visibilitydns'));
    expect(dns.length).toBeGreaterThan(0);
    expect(new Set(dns.map((c) => `${c.verdict} ${c.rule}`))).toEqual(new Set(['rejected unread-values-block']));
  });
});
