// A chart that asks before it accepts substituted images (Bitnami: global.security.allowInsecureImages)
// can sit behind an optional toggle: a subchart under a condition that is off by default. Its
// defaults are then not in the chart's values, yet `values --include-optional` moves its images,
// and the toggled install would fail on its NOTES.txt check. The ask is set, and said in the header.
// Its helm test hook takes only the registry value (a literal name after it): that registry then
// carries the target's path for both images, so the hook's image lands at its target too.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';

let dir: string;
let chart: string;

const deploy = (name: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    '          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  ].join('\n') + '\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-optional-asks-'));
  chart = join(dir, 'parent');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n  - name: guard\n    version: 1.0.0\n    condition: guard.enabled\n',
    'values.yaml': 'image: {registry: ghcr.io, repository: acme/app, tag: "2.0"}\nguard:\n  enabled: false\n',
    'templates/app.yaml': deploy('app'),
    'charts/guard/Chart.yaml': 'apiVersion: v2\nname: guard\nversion: 1.0.0\n',
    'charts/guard/values.yaml': 'global:\n  security:\n    allowInsecureImages: false\nimage: {registry: docker.io, repository: bitnami/guard, tag: "1.0"}\n',
    'charts/guard/templates/guard.yaml': deploy('guard'),
    // a helm test hook whose image takes only the registry from values (grafana-agent-operator's test)
    'charts/guard/templates/tests/probe.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: guard-probe\n  annotations: {"helm.sh/hook": test}\nspec:\n  containers:\n    - name: probe\n      image: "{{ .Values.image.registry }}/library/busybox:1.36"\n',
    'charts/guard/templates/NOTES.txt':
      '{{- if and (not .Values.global.security.allowInsecureImages) (ne .Values.image.registry "docker.io") }}{{ fail "Original containers have been substituted" }}{{- end }}\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values --include-optional and a subchart that asks before it accepts substituted images', () => {
  it('sets the ask the toggled subchart needs, and the toggled proof render passes', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', chart, '--registry', 'mirror.local:5000/m', '-o', out, '--include-optional'], {
      HOME: dir,
      HELM_AIRGAP_CACHE: join(dir, 'cache'),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const text = await readFile(join(out, 'parent.values.yaml'), 'utf8');
    expect(text).toMatch(/# also set: global\.security\.allowInsecureImages=true/);
    const v = parse(text);
    expect(v.global.security.allowInsecureImages).toBe(true);
    expect(v.guard.image.registry).toBe('mirror.local:5000/m/docker.io');
    expect(v.guard.image.repository).toBeUndefined();
    expect(r.stdout).toMatch(/moved: docker\.io\/library\/busybox:1\.36 -> mirror\.local:5000\/m\/docker\.io\/library\/busybox:1\.36/);
  });

  it('without --include-optional nothing of the subchart moves and nothing is asked', async () => {
    const out = join(dir, 'plain');
    const r = await runCli(['values', chart, '--registry', 'mirror.local:5000/m', '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'parent.values.yaml'), 'utf8'));
    expect(v.global?.security).toBeUndefined();
    expect(v.guard).toBeUndefined();
  });
});
