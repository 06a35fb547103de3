// Ctrl-C during a render that would run for hours: the engine renders synchronously, so the
// CLI's graceful handler cannot run until it ends; during a render SIGINT/SIGTERM take their
// default action and end the process at once (130/143, by signal). (Real Helm 4 prints "Release
// has been cancelled" on the same render and goes on rendering until killed.) The process is signalled once it has spent CPU well past start-up
// (read from /proc), so the signal lands inside the render, not before it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
let work: string;
let chart: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-interrupt-'));
  chart = join(work, 'spin');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: spin\nversion: 0.1.0\n',
    // 10^12 iterations and no output: hours of CPU, constant memory
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: "{{ range until 10000 }}{{ range until 10000 }}{{ range until 10000 }}{{ end }}{{ end }}{{ end }}"\n',
  });
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** CPU seconds (user + system) the process has used, from /proc/PID/stat. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function whenBusy(child: ChildProcess, seconds: number): Promise<void> {
  while ((await cpuSeconds(child.pid!)) < seconds) {
    if (child.exitCode !== null) throw new Error(`exited early with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function interrupted(cmd: string, args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true', HOME: work } });
  const ended = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await whenBusy(child, 1.5);
  child.kill(signal);
  const [code, sig] = await ended;
  return { code, signal: sig };
}

describe('a signal during a long render ends the process', () => {
  for (const [verb, signal] of [
    ['template', 'SIGINT'],
    ['images', 'SIGINT'],
    ['template', 'SIGTERM'],
  ] as const) {
    it(`${verb}, ${signal}`, async () => {
      const r = await interrupted(BIN, [verb, chart], signal);
      // the shell reports either as 128 + signal number
      expect(r.signal === signal || r.code === (signal === 'SIGINT' ? 130 : 143), JSON.stringify(r)).toBe(true);
    }, 60_000);
  }
});
