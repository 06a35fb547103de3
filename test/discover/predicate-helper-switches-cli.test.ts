// A part behind a helper that prints "true" (Milvus' woodpecker StatefulSet: `if eq (include
// "milvus.woodpecker.external.enabled" .) "true"`, the helper `if and (eq
// (.Values.streaming.woodpecker.embedded) false) (.Values.woodpecker.enabled)`): the `if` around the
// image read names no setting, and the two the helper reads bring it only together, one of them a
// boolean on by default that the helper compares with false, so the block was listed from values
// with no setting (GG, milvus). Where such a block is left unrendered, the helper's own
// `if` stands for the include: its switches on, a boolean it compares with false off.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `streaming:
  woodpecker:
    embedded: true
woodpecker:
  enabled: false
  image:
    repository: acme/woodpecker
    tag: "1.2"
`;

const HELPERS = `{{- define "op.woodpecker.external" -}}
{{- if and (eq (.Values.streaming.woodpecker.embedded) false) (.Values.woodpecker.enabled) -}}
true
{{- else -}}
false
{{- end -}}
{{- end -}}
`;

const TEMPLATE = `{{- if eq (include "op.woodpecker.external" .) "true" }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: woodpecker
spec:
  template:
    spec:
      containers:
      - name: woodpecker
        image: "{{ .Values.woodpecker.image.repository }}:{{ .Values.woodpecker.image.tag }}"
{{- end }}
`;

describe('a part behind a helper that prints "true"', () => {
  const chart = templateChart({ '_helpers.tpl': HELPERS, 'woodpecker.yaml': TEMPLATE }, VALUES);

  it('images --optional lists the image with the settings the helper reads', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles])).toEqual([
      ['docker.io/acme/woodpecker:1.2', ['woodpecker.enabled=true,streaming.woodpecker.embedded=false']],
    ]);
  });
});
