import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';
import { requireTool } from '../support/tools.js';
import { runCli } from './run-cli.js';

const env = { ...process.env, HELM_AIRGAP_CACHE: mkdtempSync(join(tmpdir(), 'skopeo-sync-cache-')) };
let registry: RunningRegistry;
let images: WrittenImage[];
let chartDir: string;

beforeAll(async () => {
  registry = await startRegistry();
  const work = mkdtempSync(join(tmpdir(), 'skopeo-sync-'));
  images = await writeSyntheticImages(join(work, 'layout'), [
    { name: 'demo/app', tag: 'v1', layers: [{ seed: 'app', size: 64 }] },
    { name: 'demo/solver', tag: 'v2', layers: [{ seed: 'solver', size: 64 }] },
  ]);
  await seedRegistry(registry.host, images);
  // A chart whose images live on the local registry: one in a pod spec, one by digest in an arg.
  chartDir = join(work, 'chart');
  mkdirSync(join(chartDir, 'templates'), { recursive: true });
  writeFileSync(join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: syncdemo\nversion: 0.1.0\n');
  writeFileSync(join(chartDir, 'values.yaml'), `registry: ${registry.host}\nsolverDigest: ${images[1].digest}\n`);
  writeFileSync(
    join(chartDir, 'templates', 'd.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: app}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: {{ .Values.registry }}/demo/app:v1',
      '          args: ["--solver-image={{ .Values.registry }}/demo/solver@{{ .Values.solverDigest }}"]',
      '',
    ].join('\n'),
  );
});
afterAll(() => registry?.stop());

describe('-o skopeo-sync', () => {
  it('is a file `skopeo sync --src yaml` reads: every image, tags and digests, lands in the destination', async () => {
    const skopeo = await requireTool('skopeo', 'skopeo');
    const r = await runCli(['images', chartDir, '-o', 'skopeo-sync'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const work = mkdtempSync(join(tmpdir(), 'skopeo-sync-run-'));
    writeFileSync(
      join(work, 'sync.yaml'),
      r.stdout.replace(new RegExp(`^${registry.host.replace(/[.]/g, '\\.')}:`, 'm'), `${registry.host}:\n  tls-verify: false`),
    );
    await promisify(execFile)(skopeo, ['sync', '--src', 'yaml', '--dest', 'dir', '--scoped', join(work, 'sync.yaml'), join(work, 'out')]);
    const out = join(work, 'out', registry.host, 'demo');
    expect(readdirSync(out).sort()).toEqual(['app:v1', `solver@${images[1].digest}`]);
  });
});
