// Flags as Helm users expect them: -f/--values is a values file and --version a chart version in
// every command; the version of helm-airgap is `helm airgap version` (or --version before any
// command). Through the built CLI, with local charts only: `bundle --dry-run --exclude '**'`
// resolves and renders without a registry, and its `excluded` list shows the rendered images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const WEBAPP = fileURLToPath(new URL('../../fixtures/demo/charts/webapp', import.meta.url));

let dir: string;
const cli = (args: string[]) => execa(BIN, args, { reject: false, cwd: dir, env: { HELM_AIRGAP_CACHE: join(dir, 'cache') } });
const excluded = (stdout: string): string[] => (JSON.parse(stdout) as { excluded: { ref: string }[] }).excluded.map((e) => e.ref).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-flags-'));
  await writeFile(join(dir, 'tag.yaml'), 'image:\n  tag: "9.9.9"\n');
  await writeFile(join(dir, 'airgap.yaml'), `charts:\n  - path: ${WEBAPP}\nexclude: ["**"]\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('helm airgap version', () => {
  it.each([[['version']], [['--version']], [['-q', '--version']]])('%j prints the version alone', async (args) => {
    const r = await cli(args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*$/);
  });

  it.each([[['version', '-o', 'json']], [['-o', 'json', '--version']]])('%j prints one JSON document', async (args) => {
    const r = await cli(args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.version });
  });

  it('--version after a command is the chart version, not ours', async () => {
    const r = await cli(['images', WEBAPP, '--version', '1.0.0', '--plain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('docker.io/library/nginx:1.27.0');
  });

  it('--help names the version command', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toMatch(/^\s+version\b/m);
  });
});

describe('bundle: -f is a values file, --spec the airgap spec', () => {
  it('-f FILE is a values file, as in images and template', async () => {
    const r = await cli(['bundle', WEBAPP, '-f', 'tag.yaml', '--exclude', '**', '--dry-run', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(excluded(r.stdout)).toEqual(['docker.io/library/busybox:1.36', 'docker.io/library/nginx:9.9.9']);
    expect(r.stderr).not.toContain('deprecated');
  });

  it.each([['--spec'], ['--file']])('%s FILE is the spec', async (flag) => {
    const r = await cli(['bundle', flag, 'airgap.yaml', '--dry-run', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(excluded(r.stdout)).toEqual(['docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27.0']);
    expect(r.stderr).toBe('');
  });

  it('-f SPEC still reads the spec for one release, with a deprecation warning on stderr', async () => {
    const r = await cli(['bundle', '-f', 'airgap.yaml', '--dry-run', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(excluded(r.stdout)).toEqual(['docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27.0']);
    expect(r.stderr).toMatch(/^warning: -f airgap\.yaml is an airgap spec: .*--spec airgap\.yaml/m);
  });

  it('--spec and a values file together: the values go to the charts on the command line', async () => {
    const r = await cli(['bundle', '--spec', 'airgap.yaml', WEBAPP, '--release-name', 'cli', '-f', 'tag.yaml', '--dry-run', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    // the spec's chart keeps its default tag, the command line's takes the values file
    expect(excluded(r.stdout)).toEqual(['docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27.0', 'docker.io/library/nginx:9.9.9']);
  });

  it('two specs are a usage error', async () => {
    const r = await cli(['bundle', '--spec', 'airgap.yaml', '-f', 'airgap.yaml', '--dry-run']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bundle takes one airgap spec');
    expect(r.stderr).toMatch(/^next: give the spec as --spec FILE/m);
  });

  it('--version and --chart-version both pick the chart version', async () => {
    for (const flag of ['--version', '--chart-version']) {
      const r = await cli(['bundle', WEBAPP, flag, '1.0.0', '--exclude', '**', '--dry-run', '-o', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).charts[0].version).toBe('1.0.0');
    }
  });
});
