// Two switches whose branches write one document (Intel's network operator: a NetworkClusterPolicy
// of the Gaudi mode or of the host-NIC mode, each branch its own metadata and spec, and a `fail`
// the lenient toggled render lets through). Flipped together, the document holds each top-level
// key twice and the later branch wins, so the earlier switch's image was never seen: before, only
// the later switch's image was listed as optional (the earlier one as a values block, no setting).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const policy = `{{- if or .Values.a.enabled .Values.b.enabled }}
{{- if and .Values.a.enabled .Values.b.enabled }}
{{- fail "Either a or b can be enabled, but not both" }}
{{- end }}
apiVersion: example.com/v1
kind: Policy
{{- if .Values.a.enabled }}
metadata:
  name: pa
spec:
  aSpec:
    image: {{ .Values.a.image }}
{{- end }}
{{- if .Values.b.enabled }}
metadata:
  name: pb
spec:
  bSpec:
    image: {{ .Values.b.image }}
{{- end }}
{{- end }}
`;

const chart = templateChart({ 'policy.yaml': policy }, 'a:\n  enabled: false\n  image: example.com/a:1\nb:\n  enabled: false\n  image: example.com/b:1\n');

describe('switches whose branches write the same document', () => {
  it('each image is optional with its own switch named, the earlier branch too', async () => {
    const out = await listImages(chart(), ['--optional']);
    expect((out.optional ?? []).map((e) => [e.ref, e.toggles]).sort()).toEqual([
      ['example.com/a:1', ['a.enabled=true']],
      ['example.com/b:1', ['b.enabled=true']],
    ]);
  });
});
