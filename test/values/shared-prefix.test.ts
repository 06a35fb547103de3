// Issue 49 item 6: one registry value shared by many images, joined to repositories and to a map
// of `name:tag` strings (`{{ $.Values.global.imageRegistry }}/{{ $v.image }}`). The writer once set
// the registry to one image's full target path and each string to a whole target reference, so
// every image rendered with the path twice (its proof caught it, exit 1). Now the shared value
// absorbs the change where the naming keeps the path after it, and takes only the host where it
// does not; real Helm renders each image at the target exactly once, for a hub with a path and for
// a plain host.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-shared-prefix-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: op}
spec:
  template:
    spec:
      containers:
        - name: operator
          image: "{{ .Values.global.imageRegistry }}/{{ .Values.operator.repository }}:{{ .Values.global.imageTag }}"
        - name: agent
          image: "{{ .Values.global.imageRegistry }}/{{ .Values.agent.repository }}:{{ .Values.global.imageTag }}"
        {{- range $k, $v := .Values.sidecars }}
        - name: {{ $k }}
          image: "{{ $.Values.global.imageRegistry }}/{{ $v.image }}"
        {{- end }}
`;

async function chart(name: string, registry: string, path: string): Promise<string> {
  const dir = join(work, name);
  await writeFiles(dir, {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    'values.yaml': [
      'global:',
      `  imageRegistry: ${registry}`,
      '  imageTag: "1.0"',
      `operator: {repository: ${path}operator}`,
      `agent: {repository: ${path}agent}`,
      'sidecars:',
      `  exporter: {image: "${path}exporter:2.1"}`,
      `  reloader: {image: "${path}reloader:0.9"}`,
      '',
    ].join('\n'),
    'templates/deployment.yaml': TEMPLATE,
  });
  return dir;
}

const SOURCES = ['quay.io/myorg/agent:1.0', 'quay.io/myorg/exporter:2.1', 'quay.io/myorg/operator:1.0', 'quay.io/myorg/reloader:0.9'];
const flat = (s: string) => `${TARGET}/${s.slice('quay.io/'.length).replace('/', '-')}`;

describe('values: one registry value shared by repositories and name:tag strings', () => {
  it.each([
    ['hub with a path, naming full', 'quay.io/myorg', '', 'full', (s: string) => `${TARGET}/${s}`],
    ['hub with a path, naming flat', 'quay.io/myorg', '', 'flat', flat],
    ['plain host, naming full', 'quay.io', 'myorg/', 'full', (s: string) => `${TARGET}/${s}`],
    ['plain host, naming flat', 'quay.io', 'myorg/', 'flat', flat],
  ])('%s: proven, and real Helm renders every image at the target once', async (label, registry, path, naming, want) => {
    const name = `c-${label.replace(/[^a-z]+/g, '-')}`;
    const dir = await chart(name, registry, path);
    const out = join(work, `${name}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--naming', naming, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual([`${name}.values.yaml`]);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', name, dir, '-f', join(out, `${name}.values.yaml`)])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual(SOURCES.map(want).sort());
  });
});
