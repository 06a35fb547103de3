// An operator that runs its components from beside its own image: KubeVirt's virt-operator splits
// its own reference into REGISTRY/PREFIX + virt-operator + :TAG and runs virt-api, virt-controller,
// virt-handler and virt-launcher as REGISTRY/PREFIXvirt-X:TAG (pkg/virt-operator/util/config.go).
// The chart names none of them; `images` lists them at the operator's own registry and path, so a
// distribution's rebuild (SUSE's registry.suse.com/suse/sles/15.7, its tag VERSION-BUILD) gets its
// own components, and a KubeVirt resource that sets spec.imageRegistry takes them elsewhere.
import { describe, expect, it } from 'vitest';
import { deployment, deploymentWithEnv, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; sites: { builtin?: { operator: string; version?: string } }[] }[];
  warnings: { operator?: string; message: string }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const kubevirt = (spec = '  imagePullPolicy: IfNotPresent\n') => `apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: kubevirt\nspec:\n${spec}`;
const components = (at: string, tag: string) => ['virt-api', 'virt-controller', 'virt-handler', 'virt-launcher'].map((c) => `${at}/${c}:${tag}`);

describe("an operator's components at its own registry and path", () => {
  const upstream = templateChart({ 'op.yaml': deployment('virt-operator', 'quay.io/kubevirt/virt-operator:v1.7.0'), 'kv.yaml': kubevirt() });
  const rebuild = templateChart({
    'op.yaml': deployment('virt-operator', 'registry.suse.com/suse/sles/15.7/virt-operator:1.7.0-150700.3.16.2'),
    'kv.yaml': kubevirt(),
  });
  const elsewhere = templateChart({
    'op.yaml': deployment('virt-operator', 'quay.io/kubevirt/virt-operator:v1.7.0'),
    'kv.yaml': kubevirt('  imageRegistry: registry.acme.io/kv\n'),
  });

  it('the upstream image: its components beside it, with its tag, as runtime', async () => {
    const r = await report(upstream());
    for (const ref of components('quay.io/kubevirt', 'v1.7.0')) expect(r.images.find((i) => i.ref === ref)?.need, ref).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });

  it("a distribution's rebuild (tag VERSION-BUILD): its own registry path and tag, not upstream's", async () => {
    const r = await report(rebuild());
    const refs = r.images.map((i) => i.ref);
    for (const ref of components('registry.suse.com/suse/sles/15.7', '1.7.0-150700.3.16.2')) expect(refs).toContain(ref);
    expect(refs.filter((x) => x.startsWith('quay.io/'))).toEqual([]);
    expect(r.images.find((i) => i.ref.includes('/virt-api:'))?.sites[0]?.builtin).toMatchObject({ operator: 'KubeVirt', version: '1.7.0-150700.3.16.2' });
  });

  const byEnv = templateChart({
    'op.yaml': deploymentWithEnv('quay.io/kubevirt/virt-operator:v1.7.0', { VIRT_API_IMAGE: 'registry.acme.io/kv/virt-api@sha256:' + 'a'.repeat(64) }),
    'kv.yaml': kubevirt(),
  });

  it("an env naming one component whole: that one, not the operator's composition", async () => {
    const refs = (await report(byEnv())).images.map((i) => i.ref);
    expect(refs).toContain(`registry.acme.io/kv/virt-api@sha256:${'a'.repeat(64)}`);
    expect(refs).not.toContain('quay.io/kubevirt/virt-api:v1.7.0');
    expect(refs).toContain('quay.io/kubevirt/virt-handler:v1.7.0');
  });

  it('a KubeVirt resource setting spec.imageRegistry: none listed beside the operator', async () => {
    const r = await report(elsewhere());
    expect(r.images.map((i) => i.ref)).toEqual(['quay.io/kubevirt/virt-operator:v1.7.0']);
  });
});
