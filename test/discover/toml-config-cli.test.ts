// A CI runner's TOML config in a ConfigMap its Deployment mounts, written through `tpl` of a
// values string: `[[runners]]` first, then `image = "..."` and `helper_image = "..."` under
// `[runners.kubernetes]`, the images of every job pod the runner spawns (gitlab-runner's
// config.template.toml). Before, the text was taken for YAML (a flow sequence `[["runners"]]`,
// the rest dropped without a word): neither image was read, both listed only as optional values
// blocks, and `values` left them at their source (J).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `image:
  registry: registry.example.io
  repository: ci/runner
  tag: v18.9.0
runners:
  job:
    registry: registry.example.io
    repository: base/ubi9
    tag: "9.7"
  helper:
    registry: registry.example.io
    repository: ci/runner-helper
    tag: v18.9.0
  config: |
    [[runners]]
      cache_dir = "/tmp/cache"
      [runners.kubernetes]
        pull_policy = "always"
        image = "{{ printf "%s/%s:%s" .Values.runners.job.registry .Values.runners.job.repository .Values.runners.job.tag }}"
        helper_image = "{{ printf "%s/%s:%s" .Values.runners.helper.registry .Values.runners.helper.repository .Values.runners.helper.tag }}"
        image_pull_secrets = ["private-registry"]
`;

const TEMPLATES = {
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: runner
data:
  config.template.toml: |
{{ tpl .Values.runners.config . | indent 4 }}
`,
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: runner
spec:
  template:
    spec:
      containers:
      - name: runner
        image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        volumeMounts:
        - name: configmaps
          mountPath: /configmaps
      volumes:
      - name: configmaps
        configMap:
          name: runner
`,
};

describe("a runner's TOML config (table headers, key = value) in a mounted ConfigMap", () => {
  const chart = templateChart(TEMPLATES, VALUES);
  const refs = ['registry.example.io/base/ubi9:9.7', 'registry.example.io/ci/runner-helper:v18.9.0', 'registry.example.io/ci/runner:v18.9.0'];

  it('images lists the job and helper images as needed', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref).sort()).toEqual(refs);
  });

  it('values moves all three, proved by re-render', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });
});
