// bundle --since: v1, then v2 with one image changed, one new, one removed and one unchanged. The
// differential bundle holds exactly the blobs v1 lacks; pushed onto a target holding v1 it lands
// and verify passes; onto an empty target it stops before anything is pushed, naming what is missing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { runCli } from './run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from './bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { catalogOf } from '../sync/sync-world.js';

const APP1 = 'registry.example.com/acme/app:1.0.0';
const APP2 = 'registry.example.com/acme/app:1.0.1';
const METRICS = 'registry.example.com/acme/metrics:0.1.0';
const INIT = 'registry.example.com/acme/init:2.0.0';
const BUSYBOX = 'docker.io/library/busybox:1.36';

let w: BundleWorld;
let env: Record<string, string>;
const images = (...refs: string[]) => refs.flatMap((r) => ['--image', r]);

async function blobs(file: string): Promise<Map<string, number>> {
  const r = await ArchiveReader.open(file);
  await r.close();
  return new Map(
    r
      .entries()
      .filter((e) => e.name.startsWith('blobs/sha256/') && e.type === 'file')
      .map((e) => [e.name, e.size]),
  );
}

beforeAll(async () => {
  w = await startBundleWorld();
  env = worldEnv(w);
  for (const [out, refs, extra] of [
    ['v1.tar', [APP1, METRICS, BUSYBOX], []],
    ['v2-full.tar', [APP2, INIT, BUSYBOX], []],
    ['v2.tar', [APP2, INIT, BUSYBOX], ['--since', join(w.work, 'v1.tar')]],
  ] as const) {
    const r = await runCli(['bundle', ...images(...refs), ...w.mirrors, ...extra, '-o', join(w.work, out)], env);
    expect(r.exitCode, `${out}: ${r.stderr}`).toBe(0);
  }
});

afterAll(async () => {
  await w?.stop();
});

describe('bundle --since (differential bundles)', () => {
  it('holds exactly the blobs the base lacks', async () => {
    const [v1, full, diff] = await Promise.all(['v1.tar', 'v2-full.tar', 'v2.tar'].map((f) => blobs(join(w.work, f))));
    const expected = [...full.keys()].filter((b) => !v1!.has(b)).sort();
    expect([...diff!.keys()].sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(full!.size);
  });

  it('inspect names what changed against the base', async () => {
    const r = await runCli(['inspect', join(w.work, 'v2.tar')], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 new, 1 changed, 1 removed, 1 unchanged');
    expect(r.stdout).toContain(`new      ${INIT}`);
    expect(r.stdout).toContain(`changed  ${APP1} -> ${APP2}`);
    expect(r.stdout).toContain(`removed  ${METRICS}`);
  });

  describe('push', () => {
    let target: RunningRegistry;
    beforeAll(async () => {
      target = await startRegistry();
      return () => target.stop();
    });

    it('onto an empty target: stops before pushing anything, naming what the base should have brought', async () => {
      const r = await runCli(['push', join(w.work, 'v2.tar'), '--registry', `${target.host}/m`], env);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/the target lacks \d+ item\(s\) this differential bundle leaves to its base/);
      expect(r.stderr).toContain(`${target.host}/m/docker.io/library/busybox@sha256:`);
      expect(r.stderr).toContain('next: push the base bundle to this target first');
      expect(await catalogOf(target.host)).toEqual([]);
    });

    it('onto a target holding v1: lands, and verify finds every image of v2', async () => {
      const v1 = await runCli(['push', join(w.work, 'v1.tar'), '--registry', `${target.host}/m`], env);
      expect(v1.exitCode, v1.stderr).toBe(0);
      const r = await runCli(['push', join(w.work, 'v2.tar'), '--registry', `${target.host}/m`, '-o', 'json'], env);
      expect(r.exitCode, r.stderr).toBe(0);
      // the base layer v1 left in acme/app: the new acme/init mounts it; acme/app holds it already
      const items = (JSON.parse(r.stdout) as { items: { source: string; blobsMounted: number; blobsPresent: number }[] }).items;
      const item = (ref: string) => items.find((i) => i.source === ref)!;
      expect(item(INIT).blobsMounted).toBe(1);
      expect(item(APP2).blobsMounted).toBe(0);
      expect(item(APP2).blobsPresent).toBeGreaterThanOrEqual(1);
      const v = await runCli(['verify', join(w.work, 'v2.tar'), '--registry', `${target.host}/m`], env);
      expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    });
  });
});
