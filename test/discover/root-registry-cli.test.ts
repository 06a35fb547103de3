// A root registry value left empty that a helper defaults before each tool's repository
// (ZITADEL: `{{ $registry := .Values.imageRegistry | default "docker.io" }}` then
// `printf "%s/%s:%s" $registry .Values.tools.kubectl.image.repository $tag`). No marker shows an
// empty value, so `values` wrote each repository as a whole target reference and the helper put
// "docker.io/" before it: its own proof failed and it exited 1 (holdout HH). Probed with a stand-in
// host as an empty global registry is, it is the route.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `imageRegistry: ""
tools:
  kubectl:
    image:
      repository: alpine/k8s
      tag: "1.35.0"
  wait4x:
    image:
      repository: wait4x/wait4x
      tag: "3.6"
`;

const TOOL = (t: string) =>
  `{{ $registry := .Values.imageRegistry | default "docker.io" }}{{ printf "%s/%s:%s" $registry .Values.tools.${t}.image.repository .Values.tools.${t}.image.tag }}`;

describe('a root registry value left empty that a helper defaults', () => {
  const chart = templateChart({ 'kubectl.yaml': deployment('kubectl', TOOL('kubectl')), 'wait4x.yaml': deployment('wait4x', TOOL('wait4x')) }, VALUES);

  it('images names it among the values of each image', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; valuesPaths?: string[] }[] };
    expect(r.images.map((i) => i.ref).sort()).toEqual(['docker.io/alpine/k8s:1.35.0', 'docker.io/wait4x/wait4x:3.6']);
    for (const i of r.images) expect(i.valuesPaths).toContain('imageRegistry');
  });

  it('values moves both, proved by re-render', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-root-registry-'));
    try {
      const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(0);
      const after = await listImages(chart(), ['-f', join(out, 'rel.values.yaml')]);
      expect(after.images.map((i) => i.ref).sort()).toEqual([
        'mirror.local:5000/m/docker.io/alpine/k8s:1.35.0',
        'mirror.local:5000/m/docker.io/wait4x/wait4x:3.6',
      ]);
      expect(await readFile(join(out, 'rel.values.yaml'), 'utf8')).toContain('imageRegistry');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
