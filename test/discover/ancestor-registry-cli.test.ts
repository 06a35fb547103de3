// Image blocks of values no render uses (the optional search's last step) in Kube-OVN's shape: one
// block with several repository keys (repository, vpcRepository) and the registry held above it
// (`global.registry.address`), which the operator or template joins before each repository.
// `images --optional` lists an image per repository key, at that registry, not one docker.io
// library image made of the first key.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const values = `configurationSpec:
  global:
    images:
      kubeovn:
        repository: kube-ovn
        vpcRepository: vpc-nat-gateway
        supportArm: true
        tag: v1.14.10
    registry:
      address: docker.io/kubeovn
`;

describe('an unrendered block of several repositories under a shared registry', () => {
  // the block read by a template in a branch no render opens
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n  b: {{ .Values.configurationSpec.global.images.kubeovn | toJson | quote }}\n{{- end }}\n`;
  const chart = templateChart({ 'cm.yaml': cm }, values);

  it('lists each repository at the registry above it, as optional', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; need: string }[] };
    expect(out.optional.map((i) => [i.ref, i.need])).toEqual([
      ['docker.io/kubeovn/kube-ovn:v1.14.10', 'optional'],
      ['docker.io/kubeovn/vpc-nat-gateway:v1.14.10', 'optional'],
    ]);
  });
});
