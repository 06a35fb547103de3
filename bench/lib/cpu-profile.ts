// V8 CPU profiles of whole runs (`node --cpu-prof`, given through NODE_OPTIONS so the launcher
// starts Node as it always does), summed over the runs: the functions with the most self time,
// named by function, file and line, to say where a command spends its CPU.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { measure } from './pairs.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Milliseconds per run. */
  ms: number;
}

/** Self time per function over the given .cpuprofile files, most first, in ms per run. */
export function selfTimes(files: string[]): SelfTime[] {
  const total = new Map<string, number>();
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const names = new Map<number, string>();
    for (const n of p.nodes) {
      const { functionName, url, lineNumber } = n.callFrame;
      const where = url ? ` ${url.replace(/^.*\/(dist|node_modules|bin)\//, '$1/')}:${lineNumber + 1}` : '';
      names.set(n.id, `${functionName || '(anonymous)'}${where}`);
    }
    p.samples.forEach((id, i) => {
      const name = names.get(id)!;
      total.set(name, (total.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
  }
  return [...total.entries()].map(([name, ms]) => ({ name, ms: ms / files.length })).sort((a, b) => b.ms - a.ms);
}

/**
 * `runs` profiled runs of `cmd args` (after one unprofiled run, which leaves the code cache as the
 * timed runs find it), their profiles written to `dir` (emptied first); returns the report: the
 * sampled time per run and the `top` functions by self time.
 */
export async function profileRuns(cmd: string, args: string[], runs: number, dir: string, top = 25): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=${dir}`.trim() };
  for (let i = 0; i < runs; i++) await measure(cmd, args, env);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}: did ${cmd} run Node?`);
  const all = selfTimes(files);
  const sampled = all.reduce((s, t) => s + t.ms, 0);
  const lines = all.slice(0, top).map((t) => `    ${t.ms.toFixed(2).padStart(7)} ms  ${t.name}`);
  return [`  CPU profile (${files.length} runs, ${dir}): ${sampled.toFixed(1)} ms sampled per run; most self time:`, ...lines].join('\n');
}
