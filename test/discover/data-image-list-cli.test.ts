// A ConfigMap entry a program reads as an env var (envFrom) whose value is a list of `name=image`
// pairs separated by `;` (holdout RR, che's kubernetes-image-puller: `IMAGES: "che-code=quay.io/
// che-incubator/che-code:next; base-developer-image=...;"`, the images its DaemonSet runs). Before,
// the line was split on spaces only, so `che-code=quay.io/...:next;` was no reference and both
// images were missed; an env var's value was already split so. Also one setting's value holding a
// list (`IMAGES=a=x,b=y` on one line of an env file) and a data entry that is one list. Prose stays prose.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const VALUES = `image: quay.io/eclipse/kubernetes-image-puller:next
images: >
  che-code=quay.io/che-incubator/che-code:next;
  base-developer-image=quay.io/devfile/base-developer-image:ubi9-latest;
`;

const TEMPLATE = `${deployment('puller', '{{ .Values.image }}')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: puller
data:
  IMAGES: "{{ .Values.images }}"
  CACHING_INTERVAL_HOURS: "1"
`;

const ENV_FILE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: env-file
data:
  settings.env: |
    PREPULL=registry.example.io/tools/a:1.0,registry.example.io/tools/b:2.0
    GREETING=hello, world; goodbye
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: one-line
data:
  PREPULL_IMAGES: "registry.example.io/tools/c:3.0, registry.example.io/tools/d:4.0"
  NOTE: "pulls registry.example.io/tools/e:5.0 first, then stops"
`;

interface Report {
  images: { ref: string; need: string }[];
}

async function images(chart: string): Promise<string[]> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Report).images.map((i) => `${i.ref} ${i.need}`).sort();
}

describe('a data entry holding a list of name=image pairs', () => {
  const chart = templateChart({ 'all.yaml': TEMPLATE }, VALUES);

  it('names each image of the list as run-time', async () => {
    expect(await images(chart())).toEqual([
      'quay.io/che-incubator/che-code:next runtime',
      'quay.io/devfile/base-developer-image:ubi9-latest runtime',
      'quay.io/eclipse/kubernetes-image-puller:next default',
    ]);
  });

  it('values rewrites each reference inside the one value that holds the list', async () => {
    const out = join(chart(), '..', 'values-out');
    const v = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '-o', out]);
    expect(v.exitCode, v.stderr).toBe(0);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    expect(written).toContain('che-code=mirror.local:5000/m/quay.io/che-incubator/che-code:next;');
    expect(written).toContain('base-developer-image=mirror.local:5000/m/quay.io/devfile/base-developer-image:ubi9-latest;');
  });
});

describe('a comma list as one setting of an env file, or as a whole data entry', () => {
  const chart = templateChart({ 'all.yaml': `${deployment('op', 'registry.example.io/tools/op:1.0')}---\n${ENV_FILE}` });

  it('names each image of the list, and nothing from a list of words', async () => {
    expect(await images(chart())).toEqual([
      'registry.example.io/tools/a:1.0 runtime',
      'registry.example.io/tools/b:2.0 runtime',
      'registry.example.io/tools/c:3.0 runtime',
      'registry.example.io/tools/d:4.0 runtime',
      'registry.example.io/tools/op:1.0 default',
    ]);
  });
});
