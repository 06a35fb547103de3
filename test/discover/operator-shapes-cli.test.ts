// Keys of an operator's own naming that hold whole image references, in YAML a ConfigMap carries
// and in custom resources: a map of images keyed by variant under `images` (an ML serving
// operator's model servers: `images: {default: vllm/vllm-openai:v0.8.3, nvidia-gpu: ...}`), and
// a serving engine's map keyed by runtime under a plural `runtimeImages` (LLMariner's engine config:
// `runtimeImages: {ollama: ..., sglang: lmsysorg/sglang:v0.5.3rc1}`, whose host-less entry was
// rejected while its siblings with a host were found), while a plural map of images to match
// (`excludedImages`) stays no image; `<component>ImagePullSpec` fields (open-cluster-management's ClusterManager), and a map keyed by
// device under a singular `image` in a config file a Secret carries (an ML platform's task
// defaults: `task_container_defaults: {image: {cpu: ..., gpu: ..., rocm: ...}}`). Each is a runtime
// image with its value, and `values` moves it. Before, the map entries were rejected as `name:tag`
// in an unnamed place and the pull specs were doubtful (listed, not counted, never moved).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';

const CHARTS: Record<string, { values: string; template: string; helpers?: string }> = {
  srv: {
    values: `modelServers:
  vllm:
    images:
      default: vllm/vllm-openai:v0.8.3
      nvidia-gpu: vllm/vllm-openai:v0.8.3
      cpu: acme/vllm:v0.6.3-cpu
  ollama:
    images:
      default: ollama/ollama:0.6.5
    pullPolicy: IfNotPresent
runtime:
  images:
    base: ghcr.io/acme/runtime-base:2.1
    pullPolicy: Always
engine:
  runtimeImages:
    ollama: mirror.gcr.io/ollama/ollama:0.6.3-rc0
    sglang: lmsysorg/sglang:v0.5.3rc1
  excludedImages:
    scanner: acme/scanner:1.0
`,
    template: `apiVersion: v1
kind: ConfigMap
metadata:
  name: serving-config
data:
  system.yaml: |
    modelServers:
{{ toYaml .Values.modelServers | indent 6 }}
  engine.yaml: |
{{ toYaml .Values.engine | indent 4 }}
---
apiVersion: serving.acme.io/v1
kind: RuntimeConfig
metadata:
  name: default
spec:
{{ toYaml .Values.runtime | indent 2 }}
`,
  },
  tasks: {
    values: `defaultImages:
  cpuImage: acme/pytorch:0736b6d
  gpuImage: acme/pytorch:0736b6d
  rocmImage: acme/environments:rocm-5.6-0736b6d
`,
    template: `apiVersion: v1
kind: Secret
metadata:
  name: master-config
stringData:
  master.yaml: |
    task_container_defaults:
      image:
         cpu: {{ .Values.defaultImages.cpuImage | quote }}
         gpu: {{ .Values.defaultImages.gpuImage | quote }}
         rocm: {{ .Values.defaultImages.rocmImage | quote }}
      pullPolicy: Always
`,
  },
  hub: {
    values: `images:
  registration: quay.io/acme/registration:1.0.0
  work: quay.io/acme/work:1.0.0
  agent: quay.io/acme/agent:1.0.0
`,
    template: `apiVersion: operator.acme.io/v1
kind: ClusterManager
metadata:
  name: cluster-manager
spec:
  imagePullSpec: {{ .Values.images.agent }}
  registrationImagePullSpec: {{ .Values.images.registration }}
  workImagePullSpec: {{ .Values.images.work }}
`,
  },
  trainer: {
    values: `image:
  registry: ghcr.io
  repository: acme/trainer
  tag: v2.3.0
mode: standalone
`,
    helpers: `{{- define "trainer.image" -}}
{{- $registry := .Values.image.registry | default "docker.io" }}
{{- if eq $registry "docker.io" }}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- else }}
{{- printf "%s/%s:%s" $registry .Values.image.repository .Values.image.tag }}
{{- end }}
{{- end }}
`,
    template: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
spec:
  template:
    spec:
      containers:
      - name: manager
        image: {{ include "trainer.image" . }}
{{- if eq .Values.mode "distributed" }}
      - name: coordinator
        image: ghcr.io/acme/coordinator:v2.3.0
{{- end }}
`,
  },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-operator-shapes-'));
  for (const [name, c] of Object.entries(CHARTS))
    await writeFiles(join(dir, name), {
      'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      'values.yaml': c.values,
      'templates/all.yaml': c.template,
      ...(c.helpers ? { 'templates/_helpers.tpl': c.helpers } : {}),
    });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Listed {
  ref: string;
  need: string;
  valuesPaths: string[];
}

/** `images -o json`: the runtime images with their values paths, and the doubtful references. */
async function runtimeImages(chart: string): Promise<{ runtime: Record<string, string[]>; doubtful: string[] }> {
  const r = await runCli(['images', join(dir, chart), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { images: Listed[]; doubtful: Listed[] };
  expect(out.images.every((i) => i.need === 'runtime')).toBe(true);
  return { runtime: Object.fromEntries(out.images.map((i) => [i.ref, [...i.valuesPaths].sort()])), doubtful: out.doubtful.map((d) => d.ref) };
}

/** `values` to mirror.local:5000/m (it must succeed, its re-render proof included): the values written. */
async function movedValues(chart: string): Promise<Record<string, unknown>> {
  const target = join(dir, `${chart}-out`);
  const r = await runCli(['values', join(dir, chart), '--registry', 'mirror.local:5000/m', '-o', target], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
  expect(r.exitCode, r.stderr).toBe(0);
  return parse(await readFile(join(target, `${chart}.values.yaml`), 'utf8')) as Record<string, unknown>;
}

describe('a map of images keyed by variant', () => {
  it('images reports each tagged entry as a runtime image with its value, the pull policies beside them as nothing', async () => {
    expect(await runtimeImages('srv')).toEqual({
      runtime: {
        'docker.io/vllm/vllm-openai:v0.8.3': ['modelServers.vllm.images.default', 'modelServers.vllm.images.nvidia-gpu'],
        'docker.io/acme/vllm:v0.6.3-cpu': ['modelServers.vllm.images.cpu'],
        'docker.io/ollama/ollama:0.6.5': ['modelServers.ollama.images.default'],
        'ghcr.io/acme/runtime-base:2.1': ['runtime.images.base'],
        'mirror.gcr.io/ollama/ollama:0.6.3-rc0': ['engine.runtimeImages.ollama'],
        'docker.io/lmsysorg/sglang:v0.5.3rc1': ['engine.runtimeImages.sglang'],
      },
      doubtful: [],
    });
  });

  it('values moves every entry', async () => {
    const v = (await movedValues('srv')) as {
      modelServers: Record<string, { images: Record<string, string> }>;
      runtime: { images: Record<string, string> };
      engine: { runtimeImages: Record<string, string> };
    };
    expect(v.modelServers.vllm!.images).toEqual({
      default: 'mirror.local:5000/m/docker.io/vllm/vllm-openai:v0.8.3',
      'nvidia-gpu': 'mirror.local:5000/m/docker.io/vllm/vllm-openai:v0.8.3',
      cpu: 'mirror.local:5000/m/docker.io/acme/vllm:v0.6.3-cpu',
    });
    expect(v.modelServers.ollama!.images.default).toBe('mirror.local:5000/m/docker.io/ollama/ollama:0.6.5');
    expect(v.runtime.images.base).toBe('mirror.local:5000/m/ghcr.io/acme/runtime-base:2.1');
    expect(v.engine.runtimeImages.sglang).toBe('mirror.local:5000/m/docker.io/lmsysorg/sglang:v0.5.3rc1');
  });
});

describe.each([
  {
    shape: 'a map keyed by device under a singular image key, in a config file',
    chart: 'tasks',
    runtime: {
      'docker.io/acme/pytorch:0736b6d': ['defaultImages.cpuImage', 'defaultImages.gpuImage'],
      'docker.io/acme/environments:rocm-5.6-0736b6d': ['defaultImages.rocmImage'],
    },
    block: 'defaultImages',
    moved: {
      cpuImage: 'mirror.local:5000/m/docker.io/acme/pytorch:0736b6d',
      gpuImage: 'mirror.local:5000/m/docker.io/acme/pytorch:0736b6d',
      rocmImage: 'mirror.local:5000/m/docker.io/acme/environments:rocm-5.6-0736b6d',
    },
  },
  {
    shape: 'custom resource fields named *ImagePullSpec',
    chart: 'hub',
    runtime: {
      'quay.io/acme/agent:1.0.0': ['images.agent'],
      'quay.io/acme/registration:1.0.0': ['images.registration'],
      'quay.io/acme/work:1.0.0': ['images.work'],
    },
    block: 'images',
    moved: {
      registration: 'mirror.local:5000/m/quay.io/acme/registration:1.0.0',
      work: 'mirror.local:5000/m/quay.io/acme/work:1.0.0',
      agent: 'mirror.local:5000/m/quay.io/acme/agent:1.0.0',
    },
  },
])('$shape', ({ chart, runtime, block, moved }) => {
  it('images reports each as a runtime image with its value, none doubtful', async () => {
    expect(await runtimeImages(chart)).toEqual({ runtime, doubtful: [] });
  });

  it('values moves every one', async () => {
    expect((await movedValues(chart))[block]).toEqual(moved);
  });
});

describe('a registry compared with a word', () => {
  it('images --include-optional lists no other spelling of the same image; a real mode still brings its image', async () => {
    const r = await runCli(['images', join(dir, 'trainer'), '--include-optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { images: { ref: string; need: string; toggles: string[] }[] }).images;
    expect(images.map((i) => [i.need, i.ref, i.toggles])).toEqual([
      ['default', 'ghcr.io/acme/trainer:v2.3.0', []],
      ['optional', 'ghcr.io/acme/coordinator:v2.3.0', ['mode=distributed']],
    ]);
  });

  it('values --include-optional proves its file', async () => {
    const r = await runCli(
      ['values', join(dir, 'trainer'), '--registry', 'mirror.local:5000/m', '--include-optional', '--allow-hardcoded', '-o', join(dir, 'out')],
      {
        HOME: dir,
        HELM_AIRGAP_CACHE: join(dir, 'cache'),
      },
    );
    expect(r.exitCode, r.stderr).toBe(0);
  });
});
