// Registry values under keys of the chart's own naming, and a registry key that holds the whole
// repository. `repositoryDomain: public.ecr.aws/team` joined before a repository, and a map of
// registries by region (`repositoryDomainMap: {public: ..., cn-north-1: ...}`) that the template
// indexes with another value, falling back to `public` (amazon-cloudwatch-observability); and
// `image: {registry: registry.k8s.io/sig-storage/csi-attacher, tag: v4.4.0}` rendered as
// `registry:tag` (democratic-csi). Before, none was a value of its image: `values` called every
// such image hard-coded and exited 3 (I: 11 and 8 images).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `region: us-west-2
agent:
  image:
    repository: agent
    tag: "1.3"
    repositoryDomainMap:
      public: public.ecr.example/obs
      cn-north-1: 1234.dkr.ecr.cn-north-1.example.cn
java:
  repositoryDomain: public.ecr.example/instr
  repository: autoinstrumentation-java
  tag: v2.29.0
attacher:
  image:
    registry: registry.example.io/sig-storage/csi-attacher
    tag: v4.4.0
`;

const BY_REGION = `{{- $d := index .Values.agent.image.repositoryDomainMap .Values.region -}}{{- if not $d }}{{ $d = .Values.agent.image.repositoryDomainMap.public }}{{ end -}}{{ printf "%s/%s:%s" $d .Values.agent.image.repository .Values.agent.image.tag }}`;
const DOMAIN = `{{ printf "%s/%s:%s" .Values.java.repositoryDomain .Values.java.repository .Values.java.tag }}`;
const WHOLE = `{{ .Values.attacher.image.registry }}:{{ .Values.attacher.image.tag }}`;

describe('registry values under keys of the chart’s own naming', () => {
  const chart = templateChart(
    {
      'agent.yaml': deployment('agent', BY_REGION),
      'java.yaml': deployment('java', DOMAIN),
      'attacher.yaml': deployment('attacher', WHOLE),
    },
    VALUES,
  );
  const refs = [
    'public.ecr.example/instr/autoinstrumentation-java:v2.29.0',
    'public.ecr.example/obs/agent:1.3',
    'registry.example.io/sig-storage/csi-attacher:v4.4.0',
  ];

  it('images names each registry value, none hard-coded', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; valuesPaths?: string[]; hardcoded?: boolean }[] };
    const byRef = Object.fromEntries(r.images.map((i) => [i.ref, i]));
    expect(Object.keys(byRef).sort()).toEqual(refs);
    expect(byRef['public.ecr.example/obs/agent:1.3']!.valuesPaths).toContain('agent.image.repositoryDomainMap.public');
    expect(byRef['public.ecr.example/instr/autoinstrumentation-java:v2.29.0']!.valuesPaths).toContain('java.repositoryDomain');
    expect(byRef['registry.example.io/sig-storage/csi-attacher:v4.4.0']!.valuesPaths).toContain('attacher.image.registry');
    expect(r.images.filter((i) => i.hardcoded).map((i) => i.ref)).toEqual([]);
  });

  it('values moves every image, proved by re-render', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-registry-keys-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const after = await listImages(chart(), ['-f', join(out, 'rel.values.yaml')]);
      expect(after.images.map((i) => i.ref).sort()).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
