// A bundle made with --platform holds a sparse index (the original index bytes, only the chosen
// platforms' children). push must take it as it is (left-out children are not expected), and where
// the registry refuses an index whose children are missing (docker-registry does), stop with an error
// naming --sparse-index rewrite; with that flag it pushes a filtered index (a new digest) and says so.
import { execa } from 'execa';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { realHelm, requireTool } from '../support/tools.js';
import { createHash } from 'node:crypto';

let w: BundleWorld;
let dst: RunningRegistry;
let env: Record<string, string>;
let bundle: string;

beforeAll(async () => {
  w = await startBundleWorld();
  dst = await startRegistry();
  env = worldEnv(w);
  bundle = join(w.work, 'amd64.tar');
  const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--platform', 'linux/amd64', ...w.mirrors, '-o', bundle], env);
  expect(r.exitCode, r.stderr).toBe(0);
});

afterAll(async () => {
  await dst?.stop();
  await w?.stop();
});

describe('push of a platform-filtered bundle', () => {
  it('dry-run accepts it: left-out platforms are not missing blobs', async () => {
    const r = await runCli(['push', bundle, '--registry', `${dst.host}/dry`, '--dry-run'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).not.toMatch(/damaged|altered/);
  });

  it('a registry refusing the sparse index: exit 3, the error names --sparse-index rewrite', async () => {
    const r = await runCli(['push', bundle, '--registry', `${dst.host}/keep`], env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the bundle carries only some of its platforms (1 left out by --platform)');
    expect(r.stderr).toContain('next: push again with --sparse-index rewrite');
  });

  it('--sparse-index rewrite pushes an index of the carried platform; skopeo and real Helm read what landed', async () => {
    const r = await runCli(['push', bundle, '--registry', `${dst.host}/rw`, '--sparse-index', 'rewrite', '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { items: { source: string; target: string; digest: string; rewrittenFrom?: string; status: string }[] };
    const app = report.items.find((i) => i.source.startsWith('registry.example.com/acme/app:1.0.0'))!;
    expect(app.rewrittenFrom).toBe(app.digest);
    const pushed = app.target.split('@')[1]!;
    expect(pushed).not.toBe(app.digest);
    // single-manifest images are not indexes: pushed as bundled
    for (const i of report.items.filter((x) => x !== app && x.source.includes('busybox'))) expect(i.rewrittenFrom).toBeUndefined();

    const skopeo = await requireTool('skopeo', 'skopeo');
    const ref = `docker://${dst.host}/rw/registry.example.com/acme/app:1.0.0`;
    const raw = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', ref]);
    const index = JSON.parse(raw.stdout) as { manifests: { platform: { architecture: string } }[] };
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64']);
    expect(`sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`).toBe(pushed);
    const copied = await execa(skopeo, ['copy', '--src-tls-verify=false', '--override-arch', 'amd64', ref, `oci:${join(w.work, 'rw-oci')}:app`]);
    expect(copied.exitCode).toBe(0);

    const { helm } = await realHelm(4);
    await mkdir(join(w.work, 'pulled'), { recursive: true });
    const pull = await execa(helm, ['pull', `oci://${dst.host}/rw/charts/demo`, '--version', '1.2.1', '--plain-http', '-d', join(w.work, 'pulled')]);
    expect(pull.exitCode, pull.stderr).toBe(0);
  });

  it('verify with --sparse-index rewrite finds everything; without it, the rewritten index is reported different', async () => {
    const ok = await runCli(['verify', bundle, '--registry', `${dst.host}/rw`, '--sparse-index', 'rewrite'], env);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const off = await runCli(['verify', bundle, '--registry', `${dst.host}/rw`], env);
    expect(off.exitCode).toBe(3);
    expect(off.stdout).toMatch(/DIFFERENT\s+image registry\.example\.com\/acme\/app:1\.0\.0/);
  });

  it('values --sparse-index rewrite re-renders against the rewritten target', async () => {
    const r = await runCli(['values', bundle, '--registry', `${dst.host}/rw`, '--sparse-index', 'rewrite', '-o', join(w.work, 'values')], env);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});
