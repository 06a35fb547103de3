// `helm airgap template` end to end through the CLI program (in process), and the helm-binary
// renderer against a stand-in `helm` script (an external program, not one of our modules).
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { templateChart } from '../../src/app/template/template.js';
import { createProgram } from '../../src/cli/program.js';
import { fixtureChart } from './fixtures.js';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ out: string; err: string; error?: unknown }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const host = { signal: new AbortController().signal, env, stdout, stderr };
  try {
    await (await createProgram(host)).parseAsync(['node', 'helm-airgap', ...args]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

describe('helm airgap template', () => {
  it('prints manifests exactly like helm template (oracle golden)', async () => {
    // the goldens are helm-oracle's (Helm 4.1.4)
    const r = await cli(['template', fixtureChart('objects'), '--helm-version', '4.1']);
    expect(r.error).toBeUndefined();
    expect(r.out).toBe(readFileSync(fixtureChart('objects.golden.yaml'), 'utf8'));
  });

  it('passes flags through: --name -n --include-crds --skip-tests --kube-version -a (oracle golden)', async () => {
    const r = await cli([
      'template',
      fixtureChart('objects'),
      '--name',
      'web',
      '-n',
      'apps',
      '--include-crds',
      '--skip-tests',
      '--kube-version',
      '1.29.3',
      '-a',
      'example.com/v1',
      '--helm-version',
      '4.1',
    ]);
    expect(r.out).toBe(readFileSync(fixtureChart('objects-options.golden.yaml'), 'utf8'));
  });

  it('values flags in Helm order: -f, --set-json, --set, --set-string, --set-file, --set-literal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airgap-template-'));
    writeFileSync(join(dir, 'v.yaml'), 'image:\n  tag: from-file\nreplicas: 4\n');
    writeFileSync(join(dir, 'greeting.txt'), 'from --set-file');
    const r = await cli([
      'template',
      fixtureChart('objects'),
      '-f',
      join(dir, 'v.yaml'),
      '--set-json',
      'replicas=5',
      '--set',
      'replicas=6',
      '--set-string',
      'image.tag=2.0',
      '--set-file',
      `greeting=${join(dir, 'greeting.txt')}`,
      '--set-literal',
      'image.repository=r,x',
    ]);
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('replicas: 6');
    expect(r.out).toContain('image: "r,x:2.0"');
    expect(r.out).toContain('greeting: "from --set-file"');
  });

  it('--show-only prints only the matching template', async () => {
    const r = await cli(['template', fixtureChart('objects'), '--show-only', 'templates/z-service.yaml']);
    expect(r.out).toBe(
      '---\n# Source: objects/templates/z-service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: release-name-objects\nspec:\n  ports: [{port: 80}]\n',
    );
  });

  it('-o json prints one report with documents and the manifest', async () => {
    const r = await cli(['-o', 'json', 'template', fixtureChart('parent')]);
    const report = JSON.parse(r.out);
    expect(report.chart).toEqual({ name: 'parent', version: '1.0.0' });
    expect(report.docs.map((d: { template: string }) => d.template)).toEqual(['parent/charts/sub/templates/values.yaml', 'parent/templates/values.yaml']);
    expect(report.notes).toBe('Installed parent.\n');
  });

  it('a bad --renderer is a usage error', async () => {
    const r = await cli(['template', fixtureChart('objects'), '--renderer', 'kubectl']);
    expect((r.error as { exitCode?: number }).exitCode).toBe(2);
  });

  it('--renderer helm runs $HELM_BIN template with the same options and parses its output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airgap-fake-helm-'));
    const fake = join(dir, 'helm');
    writeFileSync(
      fake,
      `#!/bin/sh
echo "$@" > ${dir}/args
cat <<'OUT'
---
# Source: objects/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: from-helm
---
# Source: objects/templates/hook.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: hook
  annotations:
    helm.sh/hook: pre-install
OUT
`,
    );
    chmodSync(fake, 0o755);
    const report = await templateChart({
      chart: fixtureChart('objects'),
      renderer: 'helm',
      helmBin: fake,
      releaseName: 'web',
      namespace: 'apps',
      includeCrds: true,
      set: ['a=1'],
    });
    expect(report.docs.map((d) => [d.chart, d.template, d.hook ?? false])).toEqual([
      ['objects', 'objects/templates/cm.yaml', false],
      ['objects', 'objects/templates/hook.yaml', true],
    ]);
    expect(report.docs[0].object).toMatchObject({ metadata: { name: 'from-helm' } });
    const args = readFileSync(join(dir, 'args'), 'utf8');
    expect(args).toMatch(/^template web .*fixtures\/charts\/objects --namespace apps --include-crds -f \S+values.yaml/);
  });

  it('--renderer helm without a helm binary says what to do', async () => {
    const r = await cli(['template', fixtureChart('objects'), '--renderer', 'helm']);
    expect(String((r.error as Error).message)).toMatch(/needs a helm binary/);
  });
});

describe('helm airgap template NAME CHART', () => {
  it('takes the release name as the first of two arguments, as helm template does', async () => {
    const r = await cli(['template', 'web', fixtureChart('objects'), '--show-only', 'templates/z-service.yaml']);
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('name: web-objects');
  });
});
