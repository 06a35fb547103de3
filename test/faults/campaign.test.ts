// The fault-injection campaign as one table: bundle, push, copy and sync, each run as a whole CLI
// process through our fault proxy in front of a real docker-registry, under each fault (a
// connection cut mid-blob, 429 with Retry-After, a 500/503 storm, a transfer that stalls, kill -9
// at a point picked from the run's own traffic). For each: the faulty run ends (succeeding or with
// a clear error and a next: line, never "looks like a bug"), no file under a final name is
// partial (every blob in every layout hashes to its name; a bundle under its final name verifies
// whole), the re-run without faults finishes, moves no blob twice when the first run had
// finished, and the result is digest-identical to the source. The tally is printed at the end.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/bundle/open.js';
import { verifyBundle } from '../../src/app/push/verify.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startFaultProxy, type Fault, type FaultProxy, type FaultRule } from '../support/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { servedDigest } from '../sync/sync-world.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const BLOB = /\/blobs\/sha256:/;
const UPLOAD = /\/blobs\/uploads\/./;

let w: BundleWorld;
let src: FaultProxy;
let target: RunningRegistry;
let dst: FaultProxy;
let goldenBundle: string;
const tally: { op: string; fault: string; firstRun: string; survived: boolean }[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a process; `killWhen` decides from the proxy log when to SIGKILL it. */
async function cli(args: string[], env: Record<string, string>, killWhen?: () => boolean): Promise<Run> {
  const child = spawn(BIN, args, { env: { PATH: process.env.PATH ?? '', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const ended = once(child, 'exit');
  if (killWhen) {
    const timer = setInterval(() => {
      if (child.exitCode === null && killWhen()) child.kill('SIGKILL');
    }, 5);
    await ended.finally(() => clearInterval(timer));
  } else await ended;
  return { code: child.exitCode, stdout, stderr };
}

async function layoutBlobsIntact(dir: string): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  if (!existsSync(blobs)) return;
  for (const name of await readdir(blobs)) {
    const hex = createHash('sha256')
      .update(await readFile(join(blobs, name)))
      .digest('hex');
    expect(hex, `${blobs}/${name} is partial or wrong under its final name`).toBe(name);
  }
}

async function bundleIntact(file: string): Promise<void> {
  if (!existsSync(file)) return;
  const b = await openBundle(file);
  try {
    await verifyBundle(b.store, b.lock, file, { sourceVerifies: b.verifiesDigests, recordedLockDigest: b.recordedLockDigest });
  } finally {
    await b.close();
  }
}

interface Op {
  name: string;
  /** The proxy whose traffic carries this operation's blobs, and the method that moves them. */
  side: () => FaultProxy;
  blobMethod: string;
  /** Requests that carry blob bytes: downloads by digest, uploads into an upload session. */
  blobPath: RegExp;
  args: (dir: string) => string[];
  env: (dir: string) => Record<string, string>;
  /** No file under a final name is partial (checked after the faulty run). */
  intact: (dir: string) => Promise<void>;
  /** The finished result is digest-identical to the source. */
  check: (dir: string) => Promise<void>;
}

const IMAGES = () => [...w.images.values()].filter((i) => i.name !== 'registry.example.com/acme/app' || i.tag === '1.0.0');

const OPS: Op[] = [
  {
    name: 'bundle',
    side: () => src,
    blobMethod: 'GET',
    blobPath: BLOB,
    args: (d) => [
      'bundle',
      'demo',
      '--repo',
      w.repo.url,
      '--chart-version',
      '1.2.1',
      '--mirror',
      `registry.example.com=${src.host}/registry.example.com`,
      '--mirror',
      `docker.io=${src.host}/docker.io`,
      '-o',
      join(d, 'out', 'b.tar'),
    ],
    env: (d) => ({ HOME: d, HELM_AIRGAP_CACHE: join(d, 'cache'), DOCKER_CONFIG: join(d, 'none') }),
    intact: async (d) => {
      await layoutBlobsIntact(join(d, 'cache', 'layout'));
      await bundleIntact(join(d, 'out', 'b.tar'));
    },
    check: async (d) => {
      const b = await openBundle(join(d, 'out', 'b.tar'));
      await b.close();
      for (const i of b.lock.images) expect(i.digest, i.ref).toBe(w.images.get(i.ref)!.digest);
      await bundleIntact(join(d, 'out', 'b.tar'));
    },
  },
  {
    name: 'push',
    side: () => dst,
    blobMethod: 'PUT',
    blobPath: UPLOAD,
    args: (d) => ['push', goldenBundle, '--registry', `${dst.host}/${tag(d)}`, '--type', 'oci'],
    env: (d) => ({ HOME: d, HELM_AIRGAP_CACHE: join(d, 'cache') }),
    intact: async () => undefined,
    check: async (d) => {
      const b = await openBundle(goldenBundle);
      await b.close();
      for (const i of b.lock.images)
        expect(await servedDigest(target.host, `${tag(d)}/${i.ref.replace(/:[^:/]+$/, '')}`, i.ref.split(':').pop()!), i.ref).toBe(i.digest);
    },
  },
  {
    name: 'copy',
    side: () => src,
    blobMethod: 'GET',
    blobPath: BLOB,
    args: (d) => ['copy', `docker://${src.host}/registry.example.com/acme/app:1.0.0`, `oci:${join(d, 'layout')}:app`],
    env: (d) => ({ HOME: d, HELM_AIRGAP_CACHE: join(d, 'cache') }),
    intact: async (d) => layoutBlobsIntact(join(d, 'layout')),
    check: async (d) => {
      const index = JSON.parse(await readFile(join(d, 'layout', 'index.json'), 'utf8'));
      expect(index.manifests[0].digest).toBe(w.images.get('registry.example.com/acme/app:1.0.0')!.digest);
      await layoutBlobsIntact(join(d, 'layout'));
    },
  },
  {
    name: 'sync',
    side: () => src,
    blobMethod: 'GET',
    blobPath: BLOB,
    args: (d) => ['sync', `docker://${src.host}/registry.example.com`, `docker://${dst.host}/${tag(d)}`],
    env: (d) => ({ HOME: d, HELM_AIRGAP_CACHE: join(d, 'cache') }),
    intact: async () => undefined,
    check: async (d) => {
      for (const i of [...w.images.values()].filter((x) => x.name.startsWith('registry.example.com/')))
        expect(await servedDigest(target.host, `${tag(d)}/${i.name.replace('registry.example.com/', '')}`, i.tag), `${i.name}:${i.tag}`).toBe(i.digest);
    },
  },
];

/** A repository prefix of the case's own, from its folder name. */
const tag = (d: string) => d.split('/').pop()!.toLowerCase();

interface FaultCase {
  name: string;
  rules: (op: Op) => FaultRule[];
  /** Kill the process once this many blob transfers of the operation went through the proxy. */
  killAfterBlobs?: number;
  idleTimeout?: string;
}

const FAULTS: FaultCase[] = [
  {
    name: 'cut mid-blob',
    rules: (op) => [{ method: op.blobMethod, path: op.blobPath, fault: op.blobMethod === 'GET' ? { kind: 'cut', afterBytes: 3000 } : { kind: 'reset' } }],
  },
  {
    name: '429 with Retry-After',
    rules: (op) => [{ method: op.blobMethod, path: op.blobPath, times: 3, fault: { kind: 'status', status: 429, retryAfter: '1' } }],
  },
  {
    name: '500/503 storm',
    rules: (op) => [
      { method: op.blobMethod, path: op.blobPath, times: 6, fault: { kind: 'status', status: 503 } },
      { method: op.blobMethod, path: op.blobPath, times: 6, fault: { kind: 'status', status: 500 } },
    ],
  },
  {
    name: 'stall',
    idleTimeout: '1',
    rules: (op) => [
      { method: op.blobMethod, path: op.blobPath, fault: (op.blobMethod === 'GET' ? { kind: 'stall', afterBytes: 2000 } : { kind: 'stall' }) as Fault },
    ],
  },
  { name: 'kill -9', rules: () => [], killAfterBlobs: 2 },
];

beforeAll(async () => {
  w = await startBundleWorld();
  src = await startFaultProxy(w.registry.host);
  target = await startRegistry();
  dst = await startFaultProxy(target.host);
  goldenBundle = join(w.work, 'golden.tar');
  const r = await cli(
    OPS[0]!.args(w.work).map((a) => (a.endsWith('b.tar') ? goldenBundle : a)),
    OPS[0]!.env(join(w.work, 'golden')),
  );
  expect(r.code, r.stderr).toBe(0);
  expect(IMAGES().length).toBeGreaterThan(0);
});

afterAll(async () => {
  const survived = tally.filter((t) => t.survived).length;
  console.log(
    [
      `fault campaign: ${tally.length} cases tried, ${survived} survived`,
      ...tally.map((t) => `  ${t.op.padEnd(7)} ${t.fault.padEnd(22)} first run ${t.firstRun.padEnd(8)} ${t.survived ? 'survived' : 'FAILED'}`),
    ].join('\n'),
  );
  await dst?.stop();
  await target?.stop();
  await src?.stop();
  await w?.stop();
});

describe('fault campaign: bundle, push, copy and sync under faults, then a re-run', () => {
  for (const op of OPS)
    for (const f of FAULTS) {
      it(`${op.name}: ${f.name}`, async () => {
        const dir = join(w.work, `${op.name}-${f.name.replace(/[^a-z0-9]+/gi, '-')}`);
        await mkdir(dir, { recursive: true });
        const proxy = op.side();
        proxy.clear();
        for (const r of f.rules(op)) proxy.inject(r);
        const seen = proxy.log.length;
        const blobsMoved = () => proxy.log.slice(seen).filter((e) => e.method === op.blobMethod && op.blobPath.test(e.path)).length;
        const args = [...op.args(dir), ...(f.idleTimeout ? ['--idle-timeout', f.idleTimeout] : [])];
        const first = await cli(args, op.env(dir), f.killAfterBlobs ? () => blobsMoved() >= f.killAfterBlobs! : undefined);
        const firstRun = first.code === null ? 'killed' : first.code === 0 ? 'ok' : `exit ${first.code}`;
        tally.push({ op: op.name, fault: f.name, firstRun, survived: false });
        if (f.rules(op).length) expect(proxy.log.slice(seen).filter((e) => e.fault).length, 'the fault was injected').toBeGreaterThan(0);
        if (first.code !== null && first.code !== 0) {
          expect(first.stderr).toMatch(/next: /);
          expect(first.stderr).not.toMatch(/looks like a bug/);
        }
        await op.intact(dir);
        proxy.clear();
        const mark = proxy.log.length;
        const again = await cli(op.args(dir), op.env(dir));
        expect(again.code, again.stderr).toBe(0);
        const movedAgain = proxy.log.slice(mark).filter((e) => e.method === op.blobMethod && op.blobPath.test(e.path)).length;
        if (first.code === 0) expect(movedAgain, 'a finished run leaves nothing to move').toBe(0);
        await op.check(dir);
        tally[tally.length - 1]!.survived = true;
      });
    }
});
