// Each next: line names a step that works for the situation it follows (issue 50):
// - verify of a list says what the list names and how to copy what is missing (not "as the
//   bundle has them, run helm airgap push");
// - a tag the source does not have is named, never offered a re-run (copy, sync);
// - a push stopped by Ctrl-C says it was interrupted and resumes on a re-run (exit 130), not
//   "all N items failed".
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
let src: SeededSource;
let dst: RunningRegistry;
let work: string;
let list: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-true-hints-'));
  src = await startSeededSource([
    { name: 'team/api', tag: '1.0', layers: [{ seed: 'api', size: 2048 }] },
    { name: 'team/web', tag: '2.0', layers: [{ seed: 'web', size: 2048 }] },
  ]);
  dst = await startRegistry();
  list = join(work, 'images.txt');
  await writeFile(list, `${src.registry.host}/team/api:1.0\n${src.registry.host}/team/web:2.0\n${src.registry.host}/team/web:9.9-missing\n`);
}, 60_000);
afterAll(async () => {
  await Promise.all([src?.stop(), dst?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('next: lines that are true', () => {
  it('verify LIST: what the list names is missing, and copy (not push) sends it', async () => {
    const r = await runCli(['verify', list, '--registry', `${dst.host}/never`]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`not in ${dst.host}/never as the list names them`);
    expect(r.stderr).not.toContain('bundle');
    expect(r.stderr).toContain(`next: copy what is missing: helm airgap copy --from-file ${list} docker://${dst.host}/never`);
  });

  it('copy --from-file with a tag the source does not have: names it, no re-run offered', async () => {
    const r = await runCli(['copy', '--from-file', list, `docker://${dst.host}/c`]);
    expect(r.exitCode).toBe(3);
    const next = r.stderr.split('\n').find((l) => l.startsWith('next: '))!;
    expect(next).toContain(`the source does not have ${list}:3`);
    expect(next).not.toMatch(/re-run the same command/);
  });

  it('sync of the list with --keep-going: the missing tag is named, no re-run offered', async () => {
    const r = await runCli(['sync', list, `docker://${dst.host}/s`, '--keep-going']);
    expect(r.exitCode).toBe(3);
    const next = r.stderr.split('\n').find((l) => l.startsWith('next: '))!;
    expect(next).toContain(`the source does not have ${src.registry.host}/team/web:9.9-missing`);
    expect(next).not.toMatch(/re-run the same command/);
  });
});

describe('push stopped by Ctrl-C', () => {
  let proxy: FaultProxy;
  let bundle: FixtureBundle;
  beforeAll(async () => {
    proxy = await startFaultProxy(dst.host);
    bundle = await writeFixtureBundle(
      join(work, 'push'),
      [0, 1, 2].map((i) => ({ name: `quay.io/org/app-${i}`, tag: '1.0', layers: [{ seed: `app-${i}`, size: 4096 }] })),
    );
  });
  afterAll(() => proxy?.stop());

  it('says interrupted, exit 130, and that a re-run resumes; not "all N items failed"', async () => {
    // every upload is taken and never answered: the push is mid-way when the signal comes
    proxy.inject({ method: 'POST', path: /\/blobs\/uploads\//, times: 100, fault: { kind: 'stall' } });
    const child = spawn(BIN, ['push', bundle.file, '--registry', `${proxy.host}/m`], { env: { ...process.env, CI: 'true', HOME: work } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    const ended = once(child, 'exit') as Promise<[number | null]>;
    while (!proxy.log.some((e) => e.fault === 'stall')) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const [code] = await ended;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^Error: interrupted \(SIGINT\)$/m);
    expect(stderr).toContain('next: re-run the same command: what was done is kept and the rest resumes');
    expect(stderr).not.toMatch(/items failed/);
  }, 60_000);
});
