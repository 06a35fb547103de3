// A sync or copy as a whole process, as a CI job runs one: a sync of more than ten repositories
// prints no Node warning (every request used to add an abort listener to the run's one signal,
// and Node warned of a leak past ten), and SIGTERM or Ctrl-C ends a run with the shell's code for
// that signal (143, 130), the tags in flight logged as cancelled, not failed. The signal is sent
// once the child has printed its first progress line: the tags are then in flight, as the
// registry drips their layers a byte at a time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileRegistry, type HostileRegistry } from '../support/hostile-registry.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { manyImages, startSeededSource, type SeededSource } from './sync-world.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const NODE_WARNING = /\(node:\d+\)|MaxListenersExceededWarning|Warning:/;

let work: string;
let src: SeededSource;
let slow: HostileRegistry;
let dst: RunningRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-signals-'));
  [src, slow, dst] = await Promise.all([startSeededSource(manyImages('team', 12, 2)), startHostileRegistry(), startRegistry()]);
  slow.repositories = Array.from({ length: 12 }, (_, i) => `team/app-${i}`);
  slow.faults = { blob: 'drip-layer' };
});
afterAll(async () => {
  await Promise.all([src?.stop(), slow?.stop(), dst?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `signal`, sends it once stderr has its first whole line (the first progress). */
async function cli(args: string[], signal?: NodeJS.Signals): Promise<Run> {
  const child = spawn(BIN, args, { env: { PATH: process.env.PATH ?? '', HOME: work, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => {
    stderr += c;
    if (signal && !sent && stderr.includes('\n')) {
      sent = true;
      child.kill(signal);
    }
  });
  // a run that ignored the signal would hang on the dripping registry: the test's timeout ends it
  await once(child, 'exit');
  return { code: child.exitCode, stdout, stderr };
}

describe('sync and copy: Node warnings and signals', () => {
  it('a sync of 12 repositories prints no Node warning (MaxListenersExceededWarning)', async () => {
    const r = await cli(['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/warn`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/24 copied/);
    expect(r.stderr).not.toMatch(NODE_WARNING);
  });

  it('SIGTERM to a sync in flight exits 143; the log counts the interrupted tags as cancelled, none failed', async () => {
    const log = join(work, 'term.log');
    const r = await cli(['--verbose', 'sync', `docker://${slow.host}/team`, `docker://${dst.host}/term`, '--log-file', log], 'SIGTERM');
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/^Error: interrupted: 0 copied, 0 already there, [1-9]\d* cancelled in flight, \d+ not started$/m);
    expect(r.stderr).toMatch(/^next: re-run the same command/m);
    expect(r.stderr).not.toMatch(NODE_WARNING);
    const text = await readFile(log, 'utf8');
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((l) => l.split('\t')[1])).toEqual(lines.map(() => 'cancelled'));
    expect(text).toMatch(new RegExp(`summary: 0 copied, 0 present, 0 failed, ${lines.length} cancelled`));
  });

  it('SIGTERM to a copy in flight exits 143, Ctrl-C (SIGINT) 130, each saying it was interrupted', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const out = join(work, `copy-${signal}`);
      const r = await cli(['--verbose', 'copy', `docker://${slow.host}/team/app-0:1`, `oci:${out}:app`], signal);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`^Error: interrupted \\(${signal}\\)$`, 'm'));
      expect(r.stderr).not.toMatch(NODE_WARNING);
    }
  });
});
