// values --check-registry: after push, every image the written values point at is asked for in
// the target (HEAD). The naming push used finds them all; another naming (the classic mistake:
// push with the default, values with drop-host) is exit 3 naming each image that would 404.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let w: BundleWorld;
let dst: RunningRegistry;
let env: Record<string, string>;
let bundle: string;

beforeAll(async () => {
  w = await startBundleWorld();
  dst = await startRegistry();
  env = worldEnv(w);
  bundle = join(w.work, 'b.tar');
  const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '-o', bundle], env);
  expect(b.exitCode, b.stderr).toBe(0);
  const p = await runCli(['push', bundle, '--registry', `${dst.host}/m`], env);
  expect(p.exitCode, p.stderr).toBe(0);
});

afterAll(async () => {
  await dst?.stop();
  await w?.stop();
});

describe('values --check-registry', () => {
  it('with the naming push used: every image is there', async () => {
    const r = await runCli(['values', bundle, '--registry', `${dst.host}/m`, '--check-registry', '--out-dir', join(w.work, 'ok'), '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { registryCheck: { checked: number; missing: string[] } };
    expect(report.registryCheck.missing).toEqual([]);
    expect(report.registryCheck.checked).toBeGreaterThanOrEqual(2);
  });

  it('with another naming: exit 3, each image that would not pull named; no file -f values/*.yaml takes points there', async () => {
    const out = join(w.work, 'bad');
    const r = await runCli(['values', bundle, '--registry', `${dst.host}/m`, '--naming', 'drop-host', '--check-registry', '--out-dir', out], env);
    expect(r.exitCode).toBe(3);
    const files = await readdir(out);
    expect(files.filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.yaml.rejected'))).toBe(true);
    expect(r.stderr).toContain(`kept for inspection as ${join(out, files[0])}`);
    expect(r.stdout).toMatch(/registry check: \d+ of \d+ image\(s\) are NOT in the registry/);
    expect(r.stderr).toContain(`${dst.host}/m/acme/app:1.0.0`);
    expect(r.stderr).toContain('next: push the bundle there with the same --registry and --naming');
  });
});
