// `values --include-optional` and an image behind a switch nested under a switch of another name
// (nginx-ingress' WAF: `ipIntelligence.enable` read only inside `v5`): once the search names both
// settings, the image is overridden like any optional one and proven by a render with both on;
// real Helm 4, with the written file and the two settings, pulls it from the target. Before, it
// was a values-only guess and the file left it at its source (R6).
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { templateChart } from '../discover/template-chart.js';
import { WAF, WAF_VALUES } from '../discover/nested-switch-chart.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';

describe('values --include-optional: an image behind a switch nested under another', () => {
  const chart = templateChart({ 'waf.yaml': WAF }, WAF_VALUES);

  it('writes its override, proven with both settings on, and real Helm renders it at the target', async () => {
    const out = join(chart(), '..', 'out');
    const r = await runCli(['values', chart(), '--registry', TARGET, '--include-optional', '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'op.values.yaml');
    const at = (name: string) => ({ image: { repository: `${TARGET}/acme.example/waf/${name}` } });
    expect(parse(await readFile(file, 'utf8'))).toEqual({
      waf: { enforcer: at('enforcer'), ipIntelligence: { ...at('ip-intelligence'), warmup: at('ip-intelligence') } },
    });
    const { helm } = await realHelm(4);
    const set = ['--set', 'waf.v5=true', '--set', 'waf.ipIntelligence.enable=true'];
    const images = podSpecImages((await execa(helm, ['template', 'rel', chart(), '-f', file, ...set])).stdout);
    expect(images).toEqual([
      `${TARGET}/acme.example/waf/enforcer:5.1`,
      `${TARGET}/acme.example/waf/ip-intelligence:5.1`,
      `${TARGET}/acme.example/waf/ip-intelligence:5.1`,
    ]);
  });
});
