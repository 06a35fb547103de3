// `values --include-optional` and an image behind a switch nested under a switch of another name
// (nginx-ingress' WAF: `ipIntelligence.enable` read only inside `appprotect.v5`): once the search
// names both settings, the image is overridden like any optional one and proven by a render with
// both on; real Helm 4, with the written file and the two settings, pulls it from the target.
// Before, it was a values-only guess and the file left it at its source (session 30 R6).
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { templateChart } from '../discover/template-chart.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const VALUES = `appprotect:
  v5: false
  waf: {image: "ghcr.io/acme/waf:5.1"}
  ipIntelligence:
    enable: false
    image: {repository: ghcr.io/acme/ip-intelligence, tag: "5.1"}
`;

const SIDECARS = `{{- if .Values.appprotect.v5 }}
apiVersion: v1
kind: Pod
metadata:
  name: waf
spec:
  containers:
  - name: waf
    image: {{ .Values.appprotect.waf.image }}
{{- if .Values.appprotect.ipIntelligence.enable }}
  - name: ip-intelligence
    image: {{ .Values.appprotect.ipIntelligence.image.repository }}:{{ .Values.appprotect.ipIntelligence.image.tag }}
{{- end }}
{{- end }}
`;

describe('values --include-optional: an image behind a switch nested under another', () => {
  const chart = templateChart({ 'waf.yaml': SIDECARS }, VALUES);

  it('writes its override, proven with both settings on, and real Helm renders it at the target', async () => {
    const out = join(chart(), '..', 'out');
    const r = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--include-optional', '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'op.values.yaml');
    expect(parse(await readFile(file, 'utf8'))).toEqual({
      appprotect: {
        waf: { image: 'mirror.local:5000/m/ghcr.io/acme/waf:5.1' },
        ipIntelligence: { image: { repository: 'mirror.local:5000/m/ghcr.io/acme/ip-intelligence' } },
      },
    });
    expect(r.stdout).toMatch(/moved: ghcr\.io\/acme\/ip-intelligence:5\.1 -> mirror\.local:5000\/m\/ghcr\.io\/acme\/ip-intelligence:5\.1/);
    const { helm } = await realHelm(4);
    const set = ['--set', 'appprotect.v5=true', '--set', 'appprotect.ipIntelligence.enable=true'];
    const images = podSpecImages((await execa(helm, ['template', 'rel', chart(), '-f', file, ...set])).stdout);
    expect(images).toEqual(['mirror.local:5000/m/ghcr.io/acme/waf:5.1', 'mirror.local:5000/m/ghcr.io/acme/ip-intelligence:5.1']);
  });
});
