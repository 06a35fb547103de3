// An image block `{name, repository, tag}` whose `repository` is a registry with a path and whose
// `name` is the image's last component, which the operator joins repository/name:tag (KAI
// Scheduler's Config: `image: {name: binder, repository: {{ .Values.global.registry }}, tag}`,
// its operator's Image.Url()). Before, `name` was dropped: every component was reported as the
// one wrong reference `REGISTRY:TAG` (D, kai-scheduler: 8 runtime images missed).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { listImages, templateChart } from './template-chart.js';

const VALUES = `global:
  registry: ghcr.io/acme/sched
  tag: ""
binder:
  image:
    name: binder
scaler:
  image:
    name: scalingpod
`;

const CONFIG = `apiVersion: sched.acme.io/v1
kind: Config
metadata:
  name: sched-config
spec:
  binder:
    service:
      image:
        name: {{ .Values.binder.image.name }}
        repository: {{ .Values.global.registry }}
        tag: {{ .Values.global.tag | default "1.4.0" }}
        pullPolicy: IfNotPresent
  scaler:
    args:
      scalingPodImage:
        name: {{ .Values.scaler.image.name }}
        repository: {{ .Values.global.registry }}
        tag: {{ .Values.global.tag | default "1.4.0" }}
  own:
    image:
      name: controller
      repository: quay.io/acme/controller
      tag: v2.0.0
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: sched-images
data:
  images.yaml: |
    agent:
      image:
        name: agent
        repository: {{ .Values.global.registry }}
        tag: "1.4.0"
`;

describe('an image block whose name is the last component under a repository path', () => {
  const chart = templateChart({ 'config.yaml': CONFIG, 'cm.yaml': CONFIGMAP }, VALUES);

  it('images joins repository/name:tag (a repository already ending in the name stays as it is)', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; need?: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['ghcr.io/acme/sched/agent:1.4.0', 'runtime'],
      ['ghcr.io/acme/sched/binder:1.4.0', 'runtime'],
      ['ghcr.io/acme/sched/scalingpod:1.4.0', 'runtime'],
      ['quay.io/acme/controller:v2.0.0', 'runtime'],
    ]);
  });

  it('values writes the registry so that the operator composes each at the target', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-name-repo-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect([3, 0]).toContain(v.exitCode);
      // on exit 3 (the controller's own image stays hard-coded) the file is kept only as .rejected
      const written = join(out, v.exitCode === 0 ? 'rel.values.yaml' : 'rel.values.yaml.rejected');
      const after = await listImages(chart(), ['-f', written]);
      expect(
        after.images
          .map((i) => i.ref)
          .filter((r) => !r.includes('controller'))
          .sort(),
      ).toEqual([
        'mirror.local:5000/m/ghcr.io/acme/sched/agent:1.4.0',
        'mirror.local:5000/m/ghcr.io/acme/sched/binder:1.4.0',
        'mirror.local:5000/m/ghcr.io/acme/sched/scalingpod:1.4.0',
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
