// A digest split over a name/tag pair: `name: repo@sha256`, `tag: <64 hex>`, joined
// `{{ name }}:{{ tag }}` (docker-mailserver's metrics exporter). Discovery composed the reference
// right, but the writer found no name value it could set and called it hard-coded, so
// `values --include-optional` exited 3 (holdout W3). The name value is the repository with the
// digest's algorithm after it: the override rewrites the repository and keeps `@sha256`.
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
const HEX = '7ed7c0534112aff5b44757ae84a206bf659171631edfc325c3c1638d78e74f73';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-digest-in-tag-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('values: a digest split over a name and a tag value', () => {
  it.each([
    ['on by default', 'true', [], 'image.name', 'image.tag', `  image:\n    name: acme/exporter@sha256\n    tag: ${HEX}\n`],
    ['optional, --include-optional', 'false', ['--include-optional'], 'image.name', 'image.tag', `  image:\n    name: acme/exporter@sha256\n    tag: ${HEX}\n`],
    // Kafka's (helm/charts incubator) JMX exporter: the pair's keys are `image` and `imageTag`; the
    // `image` key was written whole and the re-render doubled the digest (holdout EE)
    [
      'image and imageTag keys, --include-optional',
      'false',
      ['--include-optional'],
      'image',
      'imageTag',
      `  image: acme/exporter@sha256\n  imageTag: ${HEX}\n`,
    ],
  ])('%s: moved (exit 0), and real Helm renders it at the target with its digest', async (label, enabled, extra, nameKey, tagKey, block) => {
    const dir = join(work, label.replace(/[^a-z]+/g, '-'));
    await writeFiles(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      'values.yaml': `app: {image: quay.io/acme/app:1.0}\nmetrics:\n  enabled: ${enabled}\n${block}`,
      'templates/deployment.yaml': `${deploymentHead()}      - name: app\n        image: {{ .Values.app.image }}\n{{- if .Values.metrics.enabled }}\n      - name: exporter\n        image: {{ .Values.metrics.${nameKey} }}:{{ .Values.metrics.${tagKey} }}\n{{- end }}\n`,
    });
    const out = join(work, `${label.replace(/[^a-z]+/g, '-')}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out, ...extra]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['op.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'op', dir, '-f', join(out, 'op.values.yaml'), '--set', 'metrics.enabled=true'])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual([`${TARGET}/docker.io/acme/exporter@sha256:${HEX}`, `${TARGET}/quay.io/acme/app:1.0`]);
  });
});
