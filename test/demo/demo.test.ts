// The demo README.md names (scripts/demo.ts) end to end: real chart repository, real registries, the ECR
// stand-in and the built CLI; it must exit 0, print its success line and leave no server behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('scripts/demo.ts (the end-to-end demo README.md names)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'demo-test-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs images, bundle, inspect, push twice (second uploads nothing), values and the registry check, then prints the success line', async () => {
    const wd = join(work, 'wd');
    const r = await execa(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts', '--workdir', wd], {
      cwd: ROOT,
      reject: false,
      all: true,
      timeout: 110_000,
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^demo: OK — .*verified$/m);
    // the runtime images an operator starts (env and args) are found and carried
    expect(r.stdout).toContain('ghcr.io/demo-operator/agent:v0.3.0');
    expect(r.stdout).toContain('registry.k8s.io/pause:3.9');
    expect(r.stdout).toContain('registry saw 0 write requests and 0 uploaded bytes on the second push');
    expect(r.stdout).toMatch(/7 references \(images and charts\) resolve in the target registry/);
    expect(await readdir(wd)).toContain('bundle.tar');
  });
});
