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

  it.each([['push'], ['verify'], ['images'], ['values'], ['login']])('%s --help lists the global -o/-q/-v', async (verb) => {
    const r = await execa(BIN, [verb, '--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Global Options:[\s\S]*-o, --output[\s\S]*-q, --quiet[\s\S]*-v, --verbose/);
  });

  it('-o json with an unsupported format value is a usage error', async () => {
    const r = await execa(BIN, ['-o', 'xml', 'inspect', 'x'], { reject: false });
    expect(r.exitCode).toBe(2);
  });
});
