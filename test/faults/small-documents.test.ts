// Every small document is read inside the retry loop: a chart repository's index.yaml and chart
// archive (images, template), a registry's _catalog and tags/list (sync), and the root manifest
// (copy). Through our fault proxy each is first cut mid-body, then stalled after a few bytes (the
// connection left open); the run survives both on its own retries and ends with the right result.
// Before, one cut ended the command with "Error: aborted".
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
// a stall is cut at --timeout and retried; two faults in a row need two retries
const FLAGS = ['--timeout', '1', '--idle-timeout', '2', '--retries', '3'];

let w: BundleWorld;
let repo: FaultProxy;
let reg: FaultProxy;
let work: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  const home = await mkdtemp(join(work, 'home-'));
  const child = spawn(BIN, [...FLAGS, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, ...worldEnv(w, { HELM_AIRGAP_CACHE: join(home, 'cache') }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await once(child, 'exit');
  clearTimeout(killer);
  return { code: child.exitCode, stdout, stderr };
}

const CUT: Fault = { kind: 'cut', afterBytes: 16 };
const STALL: Fault = { kind: 'stall', afterBytes: 16 };

/** Injects a cut, then a stall, on `path`; runs; both faults were met and the run succeeded. */
async function survives(proxy: FaultProxy, path: RegExp, args: string[]): Promise<Run> {
  proxy.clear();
  const before = proxy.log.length;
  proxy.inject({ method: 'GET', path, fault: CUT });
  proxy.inject({ method: 'GET', path, fault: STALL });
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(0);
  expect(proxy.pending(), `the faults on ${path} were never met`).toBe(0);
  const met = proxy.log.slice(before).filter((e) => path.test(e.path));
  expect(met.map((e) => e.fault)).toEqual(['cut', 'stall', undefined]);
  return r;
}

beforeAll(async () => {
  w = await startBundleWorld();
  work = await mkdtemp(join(w.work, 'small-'));
  [repo, reg] = await Promise.all([startFaultProxy(w.repo.host), startFaultProxy(w.registry.host)]);
});
afterAll(async () => {
  await repo?.stop();
  await reg?.stop();
  await w?.stop();
});

describe('small documents survive one cut and one stall', () => {
  it("a chart repository's index.yaml (images)", async () => {
    const r = await survives(repo, /\/index\.yaml$/, ['images', 'demo', '--repo', repo.url, '--version', '1.2.1', '--plain']);
    expect(r.stdout).toContain('registry.example.com/acme/app:1.0.0');
  });

  it('a chart archive (template)', async () => {
    // the index is fetched whole first; the faults are for the archive
    const r = await survives(repo, /\/demo-1\.2\.1\.tgz$/, ['template', 'demo', '--repo', repo.url, '--version', '1.2.1']);
    expect(r.stdout).toContain('kind: Deployment');
  });

  it("a registry's _catalog and tags/list (sync)", async () => {
    await survives(reg, /\/v2\/_catalog/, ['sync', `docker://${reg.host}`, `docker://${w.registry.host}/walked`, '--include', 'acme/metrics:', '--dry-run']);
    const r = await survives(reg, /\/v2\/registry\.example\.com\/acme\/metrics\/tags\/list/, [
      'sync',
      `docker://${reg.host}/registry.example.com/acme/metrics`,
      `docker://${w.registry.host}/synced`,
    ]);
    expect(r.stdout).toMatch(/1 copied/);
  });

  it('the root manifest (copy)', async () => {
    const out = await mkdtemp(join(work, 'copy-'));
    await survives(reg, /\/manifests\/0\.1\.0$/, ['copy', `docker://${reg.host}/registry.example.com/acme/metrics:0.1.0`, `oci:${out}:metrics`]);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests.map((m) => m.digest)).toEqual([w.images.get('registry.example.com/acme/metrics:0.1.0')!.digest]);
    await rm(out, { recursive: true, force: true });
  });
});
