// A chart that keeps a copy of its values under another name of the root context and reads its
// switches there (StackRox's secured cluster, holdout QQ: `$rox := deepCopy $values`,
// `set $ "_rox" $rox`, then `{{ if ._rox.collector.famEnabled }}` around the fact container, a key
// values.yaml leaves out: the copy is filled from defaults files the chart ships). No `.Values.`
// path showed the switch, so quay.io/stackrox-io/fact was not listed at all.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const INIT = `{{- define "op.init" -}}
{{- $values := deepCopy $.Values -}}
{{- $rox := deepCopy $values -}}
{{- $_ := set $rox "fact" (dict "image" "acme.example/fact:0.3.1") -}}
{{- $_ := set $ "_rox" $rox -}}
{{- end -}}
`;

const COLLECTOR = `{{- include "op.init" . -}}
${deploymentHead('collector')}      - name: collector
        image: acme.example/collector:4.11.1
      {{- if ._rox.collector.famEnabled }}
      - name: fact
        image: {{ ._rox.fact.image | quote }}
      {{- end }}
`;

describe('switches read through a copy of the values kept on the root context', () => {
  const chart = templateChart({ '_init.tpl': INIT, 'collector.yaml': COLLECTOR }, 'collector: {}\n');

  it('images --optional lists the image a switch-named key of the copy brings, with that key', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { images: { ref: string }[]; optional?: { ref: string; toggles?: string[] }[] };
    expect(j.images.map((i) => i.ref)).toEqual(['acme.example/collector:4.11.1']);
    expect((j.optional ?? []).map((o) => [o.ref, o.toggles])).toEqual([['acme.example/fact:0.3.1', ['collector.famEnabled=true']]]);
  });
});
