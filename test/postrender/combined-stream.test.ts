// The post-renderer inside real Helm 4.1.4 and 4.2.3 (a postrenderer/v1 plugin that starts this
// checkout's launcher: `npm run build` first), seen from both sides: Helm 4 hands it templates and
// hooks in one stream, every document annotated with the file it came from
// (postrenderer.helm.sh/postrender-filename), and files the documents again by that annotation; a
// document that comes back without it is Helm's `generated-by-postrender-<i>.yaml`. Every document
// we write back keeps its annotation, so every document Helm prints is under its own template, and
// the hooks' images are moved too.
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helm4WithPostRenderer } from '../support/helm4-postrenderer.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
const FILENAME = 'postrenderer.helm.sh/postrender-filename';

const pod = (name: string, image: string, hook?: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${hook ? `  annotations:\n    helm.sh/hook: ${hook}\n` : ''}spec:\n  containers:\n  - name: c\n    image: ${image}\n`;

const TEMPLATES: Record<string, string> = {
  'app.yaml': `${pod('app', 'nginx:1.27')}---\n${pod('sidecar', 'quay.io/acme/side:2')}\n\n`,
  'hooks.yaml': `${pod('migrate', 'acme/migrate:1', 'pre-install')}---\n${pod('test', 'busybox:1.36', 'test')}`,
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n',
};

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-combined-stream-'));
  const chart = join(work, 'chart');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: combined\nversion: 0.1.0\n');
  for (const [f, text] of Object.entries(TEMPLATES)) await writeFile(join(chart, 'templates', f), text);
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface Doc {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { containers?: { image?: string }[] };
}
const docs = (stream: string) =>
  parseAllDocuments(stream)
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => d !== null);
const fileOf = (d: Doc) => d.metadata?.annotations?.[FILENAME];

describe.each(['4.1', '4.2'] as const)('inside real Helm %s: the combined stream, hooks included', (line) => {
  it('every document written back keeps its file-name annotation; Helm files each under its own template, hooks moved too', async () => {
    const home = join(work, `helm-${line}`);
    await mkdir(home, { recursive: true });
    // a wrapper keeps what Helm gave the post-renderer and what it gave back
    const wrapper = join(home, 'tee-postrender');
    await writeFile(
      wrapper,
      `#!/bin/sh\ntee "${home}/in.yaml" | "${join(ROOT, 'bin/helm-airgap')}" "$@" > "${home}/out.yaml" || exit 1\ncat "${home}/out.yaml"\n`,
    );
    await chmod(wrapper, 0o755);
    const { helm4, env } = await helm4WithPostRenderer(home, line, wrapper);
    const r = await execa(
      helm4,
      ['template', 'rel', join(work, 'chart'), '--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`],
      { env, extendEnv: false, reject: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const given = docs(await readFile(join(home, 'in.yaml'), 'utf8'));
    const back = docs(await readFile(join(home, 'out.yaml'), 'utf8'));
    // Helm's stream: the hooks are in it, every document annotated with its file
    expect(given.map((d) => [d.metadata?.name, fileOf(d)])).toEqual([
      ['app', 'combined/templates/app.yaml'],
      ['sidecar', 'combined/templates/app.yaml'],
      ['cfg', 'combined/templates/cm.yaml'],
      ['migrate', 'combined/templates/hooks.yaml'],
      ['test', 'combined/templates/hooks.yaml'],
    ]);
    // ours: the same documents in the same order, each annotation kept
    expect(back.map((d) => [d.metadata?.name, fileOf(d)])).toEqual(given.map((d) => [d.metadata?.name, fileOf(d)]));
    // Helm's output: no document lost its file (no generated-by-postrender-*), the annotation taken off,
    // and every image at the target, the hooks' too
    const printed = r.stdout;
    expect(printed).not.toContain('generated-by-postrender');
    expect(printed).not.toContain(FILENAME);
    for (const f of ['app.yaml', 'cm.yaml', 'hooks.yaml']) expect(printed).toContain(`# Source: combined/templates/${f}`);
    const images = docs(printed).flatMap((d) => (d.spec?.containers ?? []).map((c) => c.image));
    expect(images.sort()).toEqual(
      ['docker.io/acme/migrate:1', 'docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27', 'quay.io/acme/side:2'].map((i) => `${TARGET}/${i}`).sort(),
    );
  });
});
