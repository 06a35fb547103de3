// An image helper given `.Values` (or a block of it) as its context that glues a registry prefix to
// the name with no separator of its own: `{{ .registry }}acme/app:{{ .tag }}` with `registry:
// docker.io/` (the trailing-slash prefix of hpe-storage/co-deployments#188's `registryPrefix:
// "quay.io/"`, and IOMesh's `{{ .Values.global.registry }}iomesh/csi-attacher`), or a root prefix left
// empty that a user fills with a slash at its end. No value holds the name, so the prefix is the only
// route: it takes the target's path up to the name, with the `/` the helper leaves to it. Before,
// `values` wrote `{}` and exit 3 for each. Real Helm 4 renders every image at the target with the
// file, and the post-renderer finds nothing left to move.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBuilt } from '../support/built-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-glued-prefix-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const HELPERS = `{{- define "glued.app" -}}
{{ .registry }}acme/app:{{ .tag }}
{{- end -}}
{{- define "glued.exporter" -}}
{{ .imagePrefix }}acme/exporter:{{ .exporter.tag }}
{{- end -}}
{{- define "glued.agent" -}}
{{ .imagePrefix }}{{ .agent.repository }}:{{ .agent.tag }}
{{- end -}}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: glued}
spec:
  template:
    spec:
      containers:
        - name: app
          image: {{ include "glued.app" .Values.image | quote }}
        - name: exporter
          image: {{ include "glued.exporter" .Values | quote }}
        - name: agent
          image: {{ include "glued.agent" .Values | quote }}
`;

async function chart(name: string, registry: string, prefix: string): Promise<string> {
  const dir = join(work, name);
  await writeFiles(dir, {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    'values.yaml': [
      `image: {registry: "${registry}", tag: "1.0"}`,
      '# a prefix for the exporter and agent, with its own trailing slash: empty pulls from Docker Hub',
      `imagePrefix: "${prefix}"`,
      'exporter: {tag: "0.9"}',
      'agent: {repository: acme/agent, tag: "2.3"}',
      '',
    ].join('\n'),
    'templates/_helpers.tpl': HELPERS,
    'templates/deployment.yaml': DEPLOYMENT,
  });
  return dir;
}

describe('values: a prefix a helper glues to the name, given .Values as its context', () => {
  it.each([
    ['prefixes ending in a slash', 'glued-set', 'docker.io/', 'quay.io/'],
    ['an empty prefix', 'glued-empty', 'ghcr.io/', ''],
  ])('%s: exit 0, real Helm 4 renders every image at the target, postrender agrees', async (_label, name, registry, prefix) => {
    const dir = await chart(name, registry, prefix);
    const out = join(work, `${name}-out`);
    const r = await runBuilt(['values', dir, '--registry', TARGET, '--out-dir', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, `${name}.values.yaml`);
    const values = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const host = (s: string) => (s === '' ? 'docker.io' : s.replace(/\/$/, ''));
    // each prefix takes the target's path up to the name, and the slash the helper does not write
    expect(values).toEqual({ image: { registry: `${TARGET}/${host(registry)}/` }, imagePrefix: `${TARGET}/${host(prefix)}/` });
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', name, dir, '-f', file])).stdout;
    const want = [`${host(registry)}/acme/app:1.0`, `${host(prefix)}/acme/exporter:0.9`, `${host(prefix)}/acme/agent:2.3`].map((s) => `${TARGET}/${s}`);
    expect(podSpecImages(rendered)).toEqual(want);
    const post = await runBuilt(['postrender', '--registry', TARGET], { input: rendered });
    expect(post.exitCode, post.stderr).toBe(0);
    expect(podSpecImages(post.stdout)).toEqual(want);
  });
});

// The helper's context is a block of `.Values` whose prefix key is empty under a name no registry
// scan reads (`images.prefix`), or only in a comment (`# imageRegistry: registry.example.com/`):
// the template text names it `.prefix`, never `.Values...`, and no marker shows it. Read off the
// helper's reads joined to the block handed in, probed with a stand-in host.
describe('values: a glued prefix named only relative to the context a helper is handed', () => {
  const helper = (read: string) => `{{- define "ctx.exporter" -}}\n{{ ${read} }}acme/exporter:{{ .exporter.tag }}\n{{- end -}}\n`;
  const deployment = (context: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ctx}\nspec:\n  template:\n    spec:\n      containers:\n        - name: exporter\n          image: {{ include "ctx.exporter" ${context} | quote }}\n`;
  it.each([
    [
      'an empty block key',
      'ctx-block',
      'images:\n  # every image\'s prefix, ending in "/" (empty: Docker Hub)\n  prefix: ""\n  exporter: {tag: "0.9"}\n',
      '.prefix',
      '.Values.images',
      { images: { prefix: `${TARGET}/docker.io/` } },
    ],
    // the value stands for the helper's own default it replaces, not for nothing
    [
      'a helper default in its place',
      'ctx-default',
      'imageRegistry: ""\nexporter: {tag: "0.9"}\n',
      '.imageRegistry | default "docker.io/"',
      '.Values',
      { imageRegistry: `${TARGET}/docker.io/` },
    ],
    [
      'a key only in a comment',
      'ctx-comment',
      '# imageRegistry: registry.example.com/\nexporter: {tag: "0.9"}\n',
      '.imageRegistry',
      '.Values',
      { imageRegistry: `${TARGET}/docker.io/` },
    ],
  ])('%s: exit 0, real Helm 4 renders the image at the target', async (_label, name, values, read, context, want) => {
    const dir = join(work, name);
    await writeFiles(dir, {
      'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      'values.yaml': values,
      'templates/_helpers.tpl': helper(read),
      'templates/deployment.yaml': deployment(context),
    });
    const out = join(work, `${name}-out`);
    const r = await runBuilt(['values', dir, '--registry', TARGET, '--out-dir', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, `${name}.values.yaml`);
    expect(parse(await readFile(file, 'utf8'))).toEqual(want);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', name, dir, '-f', file])).stdout;
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/docker.io/acme/exporter:0.9`]);
    const post = await runBuilt(['postrender', '--registry', TARGET], { input: rendered });
    expect(post.exitCode, post.stderr).toBe(0);
    expect(podSpecImages(post.stdout)).toEqual([`${TARGET}/docker.io/acme/exporter:0.9`]);
  });
});
