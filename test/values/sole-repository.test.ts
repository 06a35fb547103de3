// One value group read two ways: by default the template joins registry + repository + tag
// (`{{ if .registry }}{{ .registry }}/{{ end }}{{ .repository }}:{{ .tag }}`), and behind a switch
// (trino's image.useRepositoryAsSoleImageReference) it takes the repository alone, a whole
// reference. `values --include-optional` set the registry to the target host and the repository to
// the path for the first reading, then wanted the whole target in the same repository for the
// second (a conflict, the first won): the switched render pulled `docker.io/<path>` and the proof
// rejected the file (exit 1). Both readings are routed by an empty registry and the whole target
// path in the repository; real Helm 4 renders both at the target.
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-sole-repository-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const HELPER = `{{- define "app.image" -}}
{{- if .Values.image.useRepositoryAsSoleImageReference -}}
{{- .Values.image.repository -}}
{{- else -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag | toString -}}
{{- if .Values.image.registry -}}{{ .Values.image.registry }}/{{ end -}}
{{- .Values.image.repository }}:{{ $tag -}}
{{- end -}}
{{- end -}}
`;

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  template:
    spec:
      containers:
        - name: app
          image: {{ include "app.image" . | quote }}
`;

async function chart(name: string, registry: string): Promise<string> {
  const dir = join(work, name);
  await writeFiles(dir, {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\nappVersion: "480"\n`,
    'values.yaml': `image:\n  registry: "${registry}"\n  repository: acme/app\n  tag: ""\n  useRepositoryAsSoleImageReference: false\n`,
    'templates/_helpers.tpl': HELPER,
    'templates/coordinator.yaml': DEPLOYMENT('coordinator'),
    'templates/worker.yaml': DEPLOYMENT('worker'),
  });
  return dir;
}

describe('values --include-optional: a repository a switch reads alone, else joined to a registry', () => {
  it.each([
    ['empty registry (trino)', '', 'docker.io/acme/app'],
    // the same image named with its host: the switch still reads it alone (Docker Hub's short name)
    ['registry docker.io', 'docker.io', 'docker.io/acme/app'],
  ])('%s: proven, and real Helm renders both readings at the target', async (label, registry, source) => {
    const name = `sole-${label.replace(/[^a-z]+/g, '-').replace(/-$/, '')}`;
    const dir = await chart(name, registry);
    const out = join(work, `${name}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--include-optional', '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual([`${name}.values.yaml`]);
    const file = join(out, `${name}.values.yaml`);
    expect(parse(await readFile(file, 'utf8'))).toEqual({ image: { registry: '', repository: `${TARGET}/${source}` } });
    const { helm } = await realHelm(4);
    const render = async (...set: string[]) => podSpecImages((await execa(helm, ['template', name, dir, '-f', file, ...set])).stdout);
    expect(await render()).toEqual([`${TARGET}/${source}:480`, `${TARGET}/${source}:480`]);
    // the switched render pulls the repository alone: the target, its tag implied (latest)
    expect(await render('--set', 'image.useRepositoryAsSoleImageReference=true')).toEqual([`${TARGET}/${source}`, `${TARGET}/${source}`]);
  });
});
