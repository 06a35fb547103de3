// A chart whose empty global registry switches the template to another name (reloader:
// `global.imageRegistry/image.name:tag` when set, else `image.repository:tag`, the repository
// spelling the registry): `values` moves image.repository and leaves the global alone, since setting
// it would pull HOST/image.name, which no value written follows. Proven by the re-render.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';

let dir: string;
let chart: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-global-switch-'));
  chart = join(dir, 'switcher');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: switcher\nversion: 1.0.0\n',
    'values.yaml': 'global:\n  imageRegistry: ""\nimage:\n  name: acme/switcher\n  repository: ghcr.io/acme/switcher\n  tag: v1.4.21\n',
    'templates/deployment.yaml':
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: switcher}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      {{- if .Values.global.imageRegistry }}',
        '      - image: "{{ .Values.global.imageRegistry }}/{{ .Values.image.name }}:{{ .Values.image.tag }}"',
        '      {{- else }}',
        '      - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '      {{- end }}',
        '        name: switcher',
      ].join('\n') + '\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values and a global registry that switches the template to another name', () => {
  it('moves the repository that spells the registry, not the global', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', chart, '--registry', 'mirror.local:5000/m', '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'switcher.values.yaml'), 'utf8'));
    expect(v.image.repository).toBe('mirror.local:5000/m/ghcr.io/acme/switcher');
    expect(v.global?.imageRegistry).toBeUndefined();
  });
});
