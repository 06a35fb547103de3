// A name the chart joins to a tag value it never sets (`"image": "acme/tracer-executor:{{
// .Values.image.executorsTag }}"` where the values carry no such key: testkube's executors.json
// renders `kubeshop/testkube-tracetest-executor:`). No runtime pulls it (the name is invalid), but
// it is image-shaped text a user reads in the render: `--explain` accounts for it as rejected,
// saying why, and nothing lists it. Before, it was in no section of the audit (J).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const TEMPLATES = {
  'op.yaml': `${deploymentHead('op')}      - name: op
        image: registry.example.io/acme/api:2.3.0
        env:
        - name: TRACER_IMAGE
          value: "acme/tracer-executor:{{ .Values.image.executorsTag }}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: executors
data:
  executors.json: |-
    [{"name": "tracer", "executor": {"image": "acme/tracer-executor:{{ .Values.image.executorsTag }}"}},
     {"name": "curl", "executor": {"image": "acme/curl-executor:{{ .Values.executorsTag }}"}}]
`,
};

describe('a name joined to a tag value the chart never sets', () => {
  const chart = templateChart(TEMPLATES, 'executorsTag: 2.1.0\nimage: {}\n');

  it('--explain rejects it, saying the tag is empty; images lists only the real ones', async () => {
    const r = await runCli(['images', chart(), '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; explain: { candidates: { raw: string; verdict: string; reason?: string }[] } };
    expect(out.images.map((i) => i.ref).sort()).toEqual(['docker.io/acme/curl-executor:2.1.0', 'registry.example.io/acme/api:2.3.0']);
    const empty = out.explain.candidates.filter((c) => c.raw === 'acme/tracer-executor:');
    expect(empty.length).toBe(2);
    for (const c of empty) {
      expect(c.verdict).toBe('rejected');
      expect(c.reason).toMatch(/empty tag/);
    }
  });
});
