import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));

describe('cli conventions', () => {
  it('--version prints the package version (exit 0)', async () => {
    const r = await execa(BIN, ['--version'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown flag is a usage error: exit 2', async () => {
    const r = await execa(BIN, ['--no-such-flag'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });

  it('--help documents the exit codes', async () => {
    const r = await execa(BIN, ['--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('130');
  });

  // every command is loaded only when a line runs it: each one's help must still be whole
  const VERBS = [
    'images',
    'bundle',
    'push',
    'sync',
    'verify',
    'login',
    'mirrors',
    'values',
    'postrender',
    'kustomize',
    'template',
    'copy',
    'inspect',
    'version',
  ];

  it.each(VERBS.map((v) => [v]))('%s --help: its usage, description, the global -o/-q/-v and the exit codes', async (verb) => {
    const r = await execa(BIN, [verb, '--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: helm airgap ${verb} `, 'm'));
    const top = await execa(BIN, ['--help'], { reject: false });
    const description = new RegExp(`^  ${verb} +(\\S.*)$`, 'm').exec(top.stdout)?.[1];
    expect(description, top.stdout).toBeDefined();
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(description!);
    expect(r.stdout).toMatch(/Global Options:[\s\S]*-o, --output[\s\S]*-q, --quiet[\s\S]*-v, --verbose/);
    expect(r.stdout).toContain('Exit codes:');
  });

  it('help VERB is VERB --help', async () => {
    const a = await execa(BIN, ['help', 'push'], { reject: false });
    const b = await execa(BIN, ['push', '--help'], { reject: false });
    expect(a.stdout).toBe(b.stdout);
  });

  it('-o json with an unsupported format value is a usage error', async () => {
    const r = await execa(BIN, ['-o', 'xml', 'inspect', 'x'], { reject: false });
    expect(r.exitCode).toBe(2);
  });
});
