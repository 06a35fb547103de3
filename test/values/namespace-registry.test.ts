// A Docker Hub namespace held in a registry key and joined to literal names in some templates and to
// a name value in another (Apache StreamPipes, holdout GG: `{{ .Values.streampipes.registry }}/backend`,
// `.../ui`, `.../{{ .Values.extensions.iiot.imageName }}`, registry `apachestreampipes`). The writer
// set the registry value to the target prefix for the third (which moves all three), but judged the
// two literal-named ones hard-coded: `images` said so and `values` exited 3, naming them as still
// pulled from outside while its own file moved them.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages, podTemplate } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
let dir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-namespace-registry-'));
  dir = join(work, 'sp');
  await writeFiles(dir, {
    'Chart.yaml': 'apiVersion: v2\nname: sp\nversion: 0.1.0\n',
    'values.yaml': 'streampipes:\n  version: "0.98.0"\n  registry: apachestreampipes\nextensions:\n  iiot:\n    imageName: extensions-all-jvm\n',
    'templates/backend.yaml': podTemplate('backend', '{{ .Values.streampipes.registry }}/backend:{{ .Values.streampipes.version }}'),
    'templates/ui.yaml': podTemplate('ui', '{{ .Values.streampipes.registry }}/ui:{{ .Values.streampipes.version }}'),
    'templates/extensions.yaml': podTemplate(
      'extensions',
      '{{ .Values.streampipes.registry }}/{{ .Values.extensions.iiot.imageName }}:{{ .Values.streampipes.version }}',
    ),
  });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const SOURCES = [
  'docker.io/apachestreampipes/backend:0.98.0',
  'docker.io/apachestreampipes/extensions-all-jvm:0.98.0',
  'docker.io/apachestreampipes/ui:0.98.0',
];

describe('a namespace in a registry key, joined to literal names and to a name value', () => {
  it('images: none of the three is hard-coded (the registry value moves them all)', async () => {
    const r = await runCli(['images', dir, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { images: { ref: string }[]; hardcoded: string[] };
    expect(report.images.map((i) => i.ref).sort()).toEqual(SOURCES);
    expect(report.hardcoded).toEqual([]);
  });

  it('values: proven with exit 0, and real Helm renders every image at the target', async () => {
    const out = join(work, 'out');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['sp.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'sp', dir, '-f', join(out, 'sp.values.yaml')])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual(SOURCES.map((s) => `${TARGET}/${s}`));
  });
});
