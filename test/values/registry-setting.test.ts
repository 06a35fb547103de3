// A registry value that a chart writes both in front of its images' repositories and, whole, into
// a registry setting of a program that joins it to names the chart does not list (Airbyte's
// `global.image.registry`, also JOB_KUBE_CONNECTOR_IMAGE_REGISTRY: the workload launcher pulls each
// connector a user picks as REGISTRY/airbyte/source-x). Written part by part (the target host in
// the registry, the path in each repository) the chart's own images land, but the program then
// pulls TARGET_HOST/airbyte/..., outside the target's prefix: the registry value carries the whole
// prefix under which the source registry's names land, and the repositories stay as written.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages, podTemplate as pod } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
let dir: string;

const REG = '{{ with .Values.global.image.registry }}{{ trimSuffix "/" . }}/{{ end }}';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-registry-setting-'));
  dir = join(work, 'launcher');
  await writeFiles(dir, {
    'Chart.yaml': 'apiVersion: v2\nname: launcher\nversion: 0.1.0\n',
    'values.yaml':
      'global:\n  image:\n    registry: ""\n    tag: ""\nserver:\n  image:\n    repository: acme/server\n    tag: "1.0"\nworker:\n  image: acme/worker:2.0\n',
    'templates/server.yaml': pod('server', `${REG}{{ .Values.server.image.repository }}:{{ .Values.server.image.tag }}`),
    'templates/worker.yaml': pod('worker', `${REG}{{ .Values.worker.image }}`),
    'templates/env.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  JOB_CONNECTOR_IMAGE_REGISTRY: {{ .Values.global.image.registry | quote }}\n',
  });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('values: a registry value a program also reads whole as the registry it joins names to', () => {
  it('takes the whole prefix of the target for the source registry, the repositories kept, and real Helm renders both there', async () => {
    const out = join(work, 'out');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'launcher.values.yaml');
    expect(parse(await readFile(file, 'utf8'))).toEqual({ global: { image: { registry: `${TARGET}/docker.io` } } });
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'rel', dir, '-f', file])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual([`${TARGET}/docker.io/acme/server:1.0`, `${TARGET}/docker.io/acme/worker:2.0`]);
    const env = parseAllDocuments(rendered)
      .map((d) => d.toJS() as { kind?: string; data?: Record<string, string> })
      .find((d) => d.kind === 'ConfigMap');
    expect(env?.data?.JOB_CONNECTOR_IMAGE_REGISTRY).toBe(`${TARGET}/docker.io`);
  });
});
