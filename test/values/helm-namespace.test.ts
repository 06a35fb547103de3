// Helm runs a plugin with -n/--namespace stripped from its arguments and handed over as
// HELM_NAMESPACE; `images` and `template` read it, but `values` had its own default ("default"),
// so `helm airgap values CHART -n team` rendered in another namespace than the install. A chart
// that refuses a namespace outside its tenants (Cozystack's apps: `tenant-*` only) made `values`
// fail (exit 1) where `images` listed the images, and one that names images by namespace would
// have been written for the wrong one. `values` takes -n, else HELM_NAMESPACE, else "default".
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { deployment } from '../discover/template-chart.js';
import { writeFiles } from '../support/files.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-helm-namespace-'));
  await writeFiles(join(work, 'chart'), {
    'Chart.yaml': 'apiVersion: v2\nname: tenant-app\nversion: 0.1.0\n',
    'values.yaml': 'image: {repository: ghcr.io/acme/app, tag: "1.0.0"}\n',
    'templates/guard.yaml': '{{- if not (hasPrefix "tenant-" .Release.Namespace) }}{{ fail (printf "%s is no tenant" .Release.Namespace) }}{{ end }}\n',
    'templates/app.yaml': deployment('app', '{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
  });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('values: the release namespace Helm hands a plugin', () => {
  it('renders in HELM_NAMESPACE when -n is not given, as images does', async () => {
    const env = { HELM_NAMESPACE: 'tenant-root' };
    const images = await runCli(['images', join(work, 'chart'), '-o', 'json'], env);
    expect(images.exitCode, images.stderr).toBe(0);
    const out = join(work, 'out');
    const r = await runCli(['values', join(work, 'chart'), '--registry', '10.0.0.1:5000/mirror', '--out-dir', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(out, 'tenant-app.values.yaml'), 'utf8')).toContain('10.0.0.1:5000/mirror');
  });

  it('-n still wins over HELM_NAMESPACE', async () => {
    const r = await runCli(['values', join(work, 'chart'), '-n', 'team-a', '--registry', '10.0.0.1:5000/mirror', '--out-dir', join(work, 'out2')], {
      HELM_NAMESPACE: 'tenant-root',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('team-a is no tenant');
  });
});

describe('bundle: the release namespace Helm hands a plugin', () => {
  it('renders the command line charts in HELM_NAMESPACE (the chart fails elsewhere)', async () => {
    const r = await runCli(['bundle', join(work, 'chart'), '--dry-run'], { HELM_NAMESPACE: 'tenant-root' });
    expect(r.stdout + r.stderr).not.toContain('is no tenant');
    // it gets past the render to the image (which this machine cannot reach)
    expect(r.stdout + r.stderr).toContain('ghcr.io/acme/app:1.0.0');
  });
});
