// A doubtful image (a tagless repository in a flag, its tag picked at run time: k3k's k3s) whose
// registry is the shared value the override moves for the chart's other images: left alone, the
// shared value sends it to the target host outside the mirror path (neither source nor target).
// values writes its repository too, so it lands under the target's naming, and says so.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let dir: string;
let chart: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-doubtful-shared-'));
  chart = join(dir, 'vc');
  const reg = (block: string) => `{{ with (.Values.global.imageRegistry | default .Values.${block}.image.registry) }}{{ . }}/{{ end }}`;
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: vc\nversion: 0.1.0\nappVersion: v1.0.0\n',
    'values.yaml': [
      'global: {imageRegistry: ""}',
      'controller: {image: {registry: "", repository: acme/vc}}',
      'server: {image: {registry: "", repository: acme/k3s}}',
      '',
    ].join('\n'),
    'templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: vc}
spec:
  template:
    spec:
      containers:
      - name: vc
        image: "${reg('controller')}{{ .Values.controller.image.repository }}:{{ .Chart.AppVersion }}"
        args:
        - --server-image=${reg('server')}{{ .Values.server.image.repository }}
`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values: a doubtful image behind the shared registry value', () => {
  it('writes its repository too, so it stays under the mirror path, and names it', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`moved: docker.io/acme/vc:v1.0.0 -> ${TARGET}/docker.io/acme/vc:v1.0.0`);
    expect(r.stdout).toMatch(
      /doubtful docker\.io\/acme\/k3s: the shared registry value global\.imageRegistry moves it too, so server\.image\.repository is set/,
    );
    const file = join(out, 'vc.values.yaml');
    const v = parse(await readFile(file, 'utf8')) as { server?: { image?: { repository?: string } } };
    expect(v.server?.image?.repository).toBe('m/docker.io/acme/k3s');
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'vc', chart, '-f', file])).stdout;
    expect(rendered).toContain(`- --server-image=${TARGET}/docker.io/acme/k3s`);
  });
});
