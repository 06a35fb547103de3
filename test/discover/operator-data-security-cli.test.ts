// Operators of holdout EE read from source after the holdout was measured: Mondoo's
// security-scanning operator runs its cnspec scanner, compiled in at the release's major tag, for
// each MondooAuditConfig the user applies later (the chart renders none): listed as a run-time
// image, at the tag of the operator's release; an audit config naming its scanner image drops it.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
}

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: manager\n        image: {{ .Values.image }}\n`;
const audit = `{{ with .Values.scanner }}apiVersion: k8s.mondoo.com/v1alpha2\nkind: MondooAuditConfig\nmetadata:\n  name: mondoo-client\nspec:\n  scanner:\n    image:\n      name: {{ .name }}\n      tag: {{ .tag }}\n{{ end }}`;

async function runtime(chart: string, ...set: string[]): Promise<string[]> {
  const r = await runCli(['images', chart, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Report).images
    .filter((i) => i.need === 'runtime')
    .map((i) => i.ref)
    .sort();
}

describe('Mondoo Operator: the cnspec scanner of audit configs the user applies later', () => {
  const chart = templateChart({ 'op.yaml': deployment, 'audit.yaml': audit }, 'image: x\nscanner: null\n');

  it('none rendered: the scanner at the major tag of the operator’s release', async () => {
    expect(await runtime(chart(), 'image=ghcr.io/mondoohq/mondoo-operator:v13.3.0')).toEqual(['ghcr.io/mondoohq/mondoo-operator/cnspec:13-rootless']);
    expect(await runtime(chart(), 'image=ghcr.io/mondoohq/mondoo-operator:v12.0.1')).toEqual(['ghcr.io/mondoohq/mondoo-operator/cnspec:12-rootless']);
    // 13.0.0 still compiled in the 12 scanner (the constant moved to 13 in v13.0.1)
    expect(await runtime(chart(), 'image=ghcr.io/mondoohq/mondoo-operator:v13.0.0')).toEqual(['ghcr.io/mondoohq/mondoo-operator/cnspec:12-rootless']);
  });

  it('an audit config naming its scanner image: that image, not the default', async () => {
    const refs = await runtime(chart(), 'image=ghcr.io/mondoohq/mondoo-operator:v13.3.0', 'scanner.name=registry.acme.io/cnspec', 'scanner.tag=13');
    expect(refs).not.toContain('ghcr.io/mondoohq/mondoo-operator/cnspec:13-rootless');
  });
});
