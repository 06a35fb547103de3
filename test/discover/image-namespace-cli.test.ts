// A repository value that is the namespace the chart's own images sit under (holdout Y, Octopus'
// kubernetes-agent: scriptPods.calamariImageVolume.image.repository `octopusdeploy`, to which the
// agent appends each tool's image path at run time). Before, the values block was listed as an
// optional image, docker.io/library/octopusdeploy:APPVERSION, a reference nothing pulls; a bare
// repository that names no such namespace (redis), or that has a tag of its own, stays the
// values-only guess.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deploymentHead } from './template-chart.js';
import { templateChart } from './template-chart.js';

const VALUES = `image:
  repository: acme/agent
  tag: "1.0"
volume:
  enabled: false
  image:
    repository: acme
    pullPolicy: IfNotPresent
cache:
  image:
    repository: redis
proxy:
  image:
    repository: acme
    tag: "2.0"
`;

const TEMPLATE = `${deploymentHead('agent')}      - name: agent
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        env:
        - name: AGENT_MODE
          value: run
        {{- if .Values.volume.enabled }}
        - name: AGENT_VOLUME_REPOSITORY
          value: {{ .Values.volume.image.repository | quote }}
        {{- end }}
{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}
# read by a template, rendered by none: {{ .Values.cache.image.repository }} {{ .Values.proxy.image.repository }}:{{ .Values.proxy.image.tag }}
{{- end }}
`;

interface Candidate {
  raw: string;
  verdict: string;
  rule?: string;
  fieldPath: string;
}

describe("a repository that is the namespace of the chart's own images", () => {
  const chart = templateChart({ 'agent.yaml': TEMPLATE }, VALUES);

  it('is no optional image; a bare repository naming no such namespace, or with a tag key, still is', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/acme/agent:1.0']);
    expect(out.optional.map((i) => i.ref).sort()).toEqual(['docker.io/library/acme:2.0', 'docker.io/library/redis:latest']);
  });

  it('--explain says why', async () => {
    const r = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    const c = (JSON.parse(r.stdout) as { explain: { candidates: Candidate[] } }).explain.candidates;
    expect(c.filter((x) => x.verdict === 'rejected').map((x) => [x.raw, x.rule, x.fieldPath])).toEqual([
      ['docker.io/acme', 'image-namespace', 'volume.image.repository'],
    ]);
  });
});
