// An image whose tag a template takes from the cluster's Kubernetes version (holdout KK: Lago's
// wait-for-minio init container, `rancher/kubectl:{{ .Capabilities.KubeVersion }}` unless
// global.kubectl.imageTag is set). The render names the tag of the version it was given (the
// followed Helm's default: v1.36.0 as 4.2, v1.35.0 as 4.1) and was listed as if that were the chart's: a user mirrored v1.35.0
// and a v1.31 cluster pulled v1.31.x. Now the listing says the tag follows the cluster's version.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

type Out = { images: { ref: string }[]; warnings?: { message: string; next: string }[] };

describe("an image tagged with the cluster's Kubernetes version", () => {
  const chart = templateChart({
    'app.yaml': deployment('app', 'acme/app:1.35.0'),
    'wait.yaml': deployment('wait', 'rancher/kubectl:{{ .Capabilities.KubeVersion }}'),
  });

  it('is listed for the render and warned of, at the version given', async () => {
    for (const [args, tag] of [
      [[], 'v1.36.0'],
      [['--helm-version', '4.1'], 'v1.35.0'],
      [['--kube-version', '1.31.4'], 'v1.31.4'],
    ] as const) {
      const r = await runCli(['images', chart(), ...args, '-o', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Out;
      expect(out.images.map((i) => i.ref)).toContain(`docker.io/rancher/kubectl:${tag}`);
      // acme/app's 1.35.0 is its own version: only the image whose tag moves with the cluster is named
      expect(out.warnings?.map((w) => w.message)).toEqual([
        `op: docker.io/rancher/kubectl:${tag}: its tag follows the cluster's Kubernetes version (.Capabilities.KubeVersion), here the render's ${tag}; the cluster pulls the tag of its own version`,
      ]);
    }
  });
});

describe('a tag the version fills only while a tag value is unset', () => {
  // Lago's kubectlVersion helper: the tag value when set, else the cluster's version
  const chart = templateChart(
    {
      '_helpers.tpl':
        '{{- define "op.kubectlVersion" }}{{ if .Values.kubectl.imageTag }}{{ .Values.kubectl.imageTag }}{{ else }}{{ .Capabilities.KubeVersion }}{{ end }}{{ end }}',
      'wait.yaml': deployment('wait', 'rancher/kubectl:{{ include "op.kubectlVersion" . }}'),
    },
    'kubectl:\n  # imageTag: 1.29.0\n  imageRepository: rancher/kubectl\n',
  );

  it('names that value as the one that pins the tag', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Out).warnings?.map((w) => w.next)).toEqual([
      "pass --kube-version with the cluster's version (images, values, bundle), or pin the tag: set kubectl.imageTag in the values",
    ]);
    const pinned = await runCli(['images', chart(), '--set', 'kubectl.imageTag=1.29.0', '-o', 'json']);
    expect((JSON.parse(pinned.stdout) as Out).images.map((i) => i.ref)).toContain('docker.io/rancher/kubectl:1.29.0');
    expect((JSON.parse(pinned.stdout) as Out).warnings ?? []).toEqual([]);
  });
});

describe('a tag equal to the version by chance, in a chart that never reads it', () => {
  const chart = templateChart({ 'app.yaml': deployment('app', 'registry.k8s.io/kube-proxy:v1.35.0') });

  it('is no warning', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Out).warnings ?? []).toEqual([]);
  });
});

/**
 * A chart whose job template includes only `op.jobImage` (given: its body, the image it composes),
 * which includes `op.kubeTag`, the helper spelling v<Major>.<Minor> of the cluster's version.
 */
const nestedTagChart = (jobImageBody: string, values: string) =>
  templateChart(
    {
      '_helpers.tpl': [
        '{{- define "op.kubeTag" -}}{{ print "v" .Capabilities.KubeVersion.Major "." .Capabilities.KubeVersion.Minor }}{{- end }}',
        `{{- define "op.jobImage" -}}${jobImageBody}{{- end }}`,
      ].join('\n'),
      'job.yaml': deployment('crds', '{{ include "op.jobImage" . }}'),
    },
    values,
  );
const pinned = (paths: string) => `pass --kube-version with the cluster's version (images, values, bundle), or pin the tag: set ${paths} in the values`;

describe('a version read two helpers down from the template', () => {
  // capsule-proxy's CRD job (holdout TT): the template includes the image helper, which takes the tag
  // value when set, else includes the helper that spells the cluster's version. Only helpers reading
  // the version themselves were followed, so no warning was given.
  const chart = nestedTagChart(
    '{{ if .Values.kubectl.image.tag }}{{ printf "%s:%s" .Values.kubectl.image.repository .Values.kubectl.image.tag }}{{ else }}{{ printf "%s:%s" .Values.kubectl.image.repository (include "op.kubeTag" .) }}{{ end }}',
    'kubectl:\n  image:\n    repository: clastix/kubectl\n    tag: ""\n',
  );

  it('is warned of, with the tag value the outer helper reads as the pin', async () => {
    const r = await runCli(['images', chart(), '--helm-version', '4.1', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.images.map((i) => i.ref)).toContain('docker.io/clastix/kubectl:v1.35');
    expect(out.warnings?.map((w) => w.next)).toEqual([pinned('kubectl.image.tag')]);
  });
});

describe('a tag value read through a variable merged from values blocks', () => {
  // Capsule's job image helper: `$Values := mergeOverwrite $.Values.global.jobs.kubectl $.Values.jobs`,
  // then `$Values.image.tag`, else the cluster's version: either block's image.tag pins the tag
  const chart = nestedTagChart(
    '{{- $Values := mergeOverwrite $.Values.global.jobs.kubectl $.Values.jobs -}}{{ if $Values.image.tag }}{{ printf "%s:%s" $Values.image.repository $Values.image.tag }}{{ else }}{{ printf "%s:%s" $Values.image.repository (include "op.kubeTag" .) }}{{ end }}',
    'global:\n  jobs:\n    kubectl:\n      image:\n        repository: clastix/kubectl\n        tag: ""\njobs: {}\n',
  );

  it('names the tag under each merged block as the pin', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Out).warnings?.map((w) => w.next)).toEqual([pinned('global.jobs.kubectl.image.tag or jobs.image.tag')]);
  });
});
