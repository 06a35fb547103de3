// Optional images on other hosts than the default ones, under a global registry that wins over
// each image's own (`global.imageRegistry | default .image.registry`, cf-runtime's event exporter
// and pause). The values writer never sets the global: it moves every image by its own
// registry/repository values. `--include-optional` still left these out, "global.imageRegistry
// also names the default images" (holdout W4): a shared value is a clash only where the plan writes it.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { deploymentHead } from '../discover/template-chart.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-optional-own-registry-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const image = (block: string) =>
  `"{{ .Values.global.imageRegistry | default .Values.${block}.image.registry }}/{{ .Values.${block}.image.repository }}:{{ .Values.${block}.image.tag }}"`;

describe('values --include-optional: optional images of another host, each with its own registry value', () => {
  it('moves them (exit 0), and real Helm renders them at the target once their setting is on', async () => {
    const dir = join(work, 'op');
    await writeFiles(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      'values.yaml': [
        'global: {imageRegistry: ""}',
        'app: {image: {registry: docker.io, repository: acme/app, tag: "1.0"}}',
        'exporter:',
        '  enabled: false',
        '  image: {registry: registry.k8s.io, repository: pause, tag: "3.9"}',
        '',
      ].join('\n'),
      'templates/deployment.yaml': `${deploymentHead()}      - name: app\n        image: ${image('app')}\n{{- if .Values.exporter.enabled }}\n      - name: exporter\n        image: ${image('exporter')}\n{{- end }}\n`,
    });
    const out = join(work, 'out');
    const r = await runCli(['-o', 'json', 'values', dir, '--registry', TARGET, '--out-dir', out, '--include-optional']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('also names the default images');
    expect(await readdir(out)).toEqual(['op.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'op', dir, '-f', join(out, 'op.values.yaml'), '--set', 'exporter.enabled=true'])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual([`${TARGET}/docker.io/acme/app:1.0`, `${TARGET}/registry.k8s.io/pause:3.9`]);
  });
});
