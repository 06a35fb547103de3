// Two chart shapes that made `values` fail on real charts: a test pod named with randAlphaNum (a
// new name on every render, so the proof matched nothing) and an image only `helm test` uses that
// no value controls (reported as hard-coded, exit 3). Sites are now matched by template, document
// position and field; test-only images are reported as such, and real Helm renders the result.
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';

let work: string;
let chart: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-test-hooks-'));
  chart = join(work, 'probe');
  await mkdir(join(chart, 'templates', 'tests'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: probe\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), 'image:\n  repository: registry.example.com/acme/app\n  tag: 1.0.0\n');
  const app = '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"';
  await writeFile(
    join(chart, 'templates', 'deployment.yaml'),
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: {matchLabels: {app: probe}}\n  template:\n    metadata: {labels: {app: probe}}\n    spec:\n      containers:\n        - name: app\n          image: ${app}\n`,
  );
  await writeFile(
    join(chart, 'templates', 'tests', 'test-connection.yaml'),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}-test-{{ randAlphaNum 5 | lower }}',
      '  annotations:',
      '    "helm.sh/hook": test',
      'spec:',
      '  restartPolicy: Never',
      '  containers:',
      '    - name: wget',
      '      image: busybox:1.36',
      '    - name: self',
      `      image: ${app}`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('values on a chart with a random-named test pod and a test-only image', () => {
  it('succeeds: the random-named pod is matched by position, busybox is reported test-only', async () => {
    const out = join(work, 'values');
    const r = await runCli(['values', chart, '--registry', 'mirror.example/m', '--out-dir', out, '-o', 'json'], { CI: 'true' });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      releases: { problems: unknown[]; hardcoded: unknown[]; testOnly: { source: string; where: { template: string } }[] }[];
    };
    const rel = report.releases[0]!;
    expect(rel.problems).toEqual([]);
    expect(rel.hardcoded).toEqual([]);
    expect(rel.testOnly.map((t) => [t.source, t.where.template])).toEqual([['docker.io/library/busybox:1.36', 'probe/templates/tests/test-connection.yaml']]);
    const file = await readFile(join(out, 'probe.values.yaml'), 'utf8');
    expect(file).toContain('docker.io/library/busybox:1.36: used only by helm test');

    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'probe', chart, '-f', join(out, 'probe.values.yaml')])).stdout;
    const images = parseAllDocuments(rendered).flatMap((d) => {
      const o = d.toJS() as { spec?: { containers?: { image: string }[]; template?: { spec?: { containers?: { image: string }[] } } } } | null;
      return [...(o?.spec?.containers ?? []), ...(o?.spec?.template?.spec?.containers ?? [])].map((c) => c.image);
    });
    expect(images.sort()).toEqual([
      'busybox:1.36',
      'mirror.example/m/registry.example.com/acme/app:1.0.0',
      'mirror.example/m/registry.example.com/acme/app:1.0.0',
    ]);
  });
});
