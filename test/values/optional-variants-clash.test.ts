// Two settings whose optional images want one value differently: a component's switch runs its
// image from one registry, and with a site setting beside it from another (Datadog's gateway
// collector: registry.datadoghq.com, or gcr.io with providers.gke.gdc), both through the same
// empty repository value. `values --include-optional` wrote the first wanted and its own proof
// failed (exit 1); now the setting of fewer parts keeps the value, and the other is named as not
// included with the value that clashes. The search finds the second through a ternary inside the
// switch's block (a guard the same template reads beside the switch).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { deployment, listImages, templateChart } from '../discover/template-chart.js';

const VALUES = 'gw:\n  enabled: false\n  image:\n    repository: ""\n    tag: "1.0"\ngdc: false\n';
const GW = `{{- if .Values.gw.enabled }}\n${deployment('gw', '{{ .Values.gw.image.repository | default (ternary "gcr.io/acme/col" "registry.acme.com/col" .Values.gdc) }}:{{ .Values.gw.image.tag }}')}{{- end }}\n`;

describe('optional images of two settings that want one value differently', () => {
  const chart = templateChart({ 'gw.yaml': GW }, VALUES);

  it('images lists both, each with its settings', async () => {
    const r = await listImages(chart(), ['--optional']);
    const byRef = Object.fromEntries((r.optional ?? []).map((i) => [i.ref, i.toggles]));
    expect(byRef['registry.acme.com/col:1.0']).toEqual(['gw.enabled=true']);
    expect(byRef['gcr.io/acme/col:1.0']).toEqual(['gw.enabled=true,gdc=true']);
  });

  it('values --include-optional moves the one of fewer settings, names the other, and proves what it wrote', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-optional-clash-'));
    try {
      const v = await runCli(['values', chart(), '--include-optional', '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      expect(v.stdout + v.stderr).toContain('gw.image.repository also names the images of a setting of fewer parts');
      expect(await readFile(join(out, 'rel.values.yaml'), 'utf8')).toContain('mirror.local:5000/m/registry.acme.com/col');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
