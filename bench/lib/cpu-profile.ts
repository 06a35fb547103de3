// V8 CPU profiles of whole runs (node --cpu-prof through NODE_OPTIONS, which the launcher hands on
// to the Node it starts), and the functions with the most self time summed over them: where a short
// process spends its time, start-up and lazy compilation included, which an in-process loop of the
// same work (bench/render.ts) hides once the JIT is warm. The .cpuprofile files stay for Chrome's
// DevTools or VS Code.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs `cmd args` `runs` times, each writing a .cpuprofile into `dir` (sampled every `intervalUs`). */
export async function profileRuns(cmd: string, args: string[], runs: number, dir: string, intervalUs = 100): Promise<void> {
  await mkdir(dir, { recursive: true });
  const options = `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=${intervalUs}`.trim();
  for (let i = 0; i < runs; i++) {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: options } });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${err.slice(-3000)}`);
  }
}

export interface SelfTime {
  /** function name, file (its last two path parts) and line */
  where: string;
  /** mean milliseconds per run */
  ms: number;
  share: number;
}

export interface TopTimes {
  runs: number;
  totalMs: number;
  /** by time spent in the function itself */
  self: SelfTime[];
  /** by time spent in it and what it calls (each sample counted once per function on its stack) */
  inclusive: SelfTime[];
}

/**
 * The `top` functions by self and by inclusive time over every .cpuprofile in `dir`, per run, and
 * the mean total; `inclusiveOf` picks the functions the inclusive list ranks (by their file).
 */
export async function topTimes(dir: string, top: number, inclusiveOf: (url: string) => boolean = () => true): Promise<TopTimes> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(await readFile(join(dir, f), 'utf8')) as Profile;
    const key = new Map<number, string>();
    const parent = new Map<number, number>();
    const ranked = new Set<number>();
    for (const n of p.nodes) {
      const { functionName, url, lineNumber, columnNumber } = n.callFrame;
      const file = url ? url.split('/').slice(-2).join('/') : '';
      key.set(n.id, `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}:${columnNumber + 1}` : ''}`);
      for (const c of n.children ?? []) parent.set(c, n.id);
      if (url && inclusiveOf(url)) ranked.add(n.id);
    }
    for (let i = 0; i < p.samples.length; i++) {
      const us = p.timeDeltas[i + 1] ?? 0;
      const k = key.get(p.samples[i]!)!;
      self.set(k, (self.get(k) ?? 0) + us);
      total += us;
      const seen = new Set<string>();
      for (let id: number | undefined = p.samples[i]!; id !== undefined; id = parent.get(id)) {
        const name = key.get(id)!;
        if (!ranked.has(id) || seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      }
    }
  }
  const runs = Math.max(1, files.length);
  const rows = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ where, ms: us / 1000 / runs, share: us / total }));
  return { runs: files.length, totalMs: total / 1000 / runs, self: rows(self), inclusive: rows(inclusive) };
}

export function formatTop(label: string, t: TopTimes, dir: string): string {
  const lines = [`  ${label}: ${t.runs} profiles in ${dir}, ${t.totalMs.toFixed(1)} ms sampled per run (the profiler slows a run)`];
  const list = (title: string, rows: SelfTime[]) => {
    lines.push(`  ${title}:`);
    for (const r of rows) lines.push(`    ${r.ms.toFixed(2).padStart(7)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.where}`);
  };
  list('self time', t.self);
  list('inclusive time, our code', t.inclusive);
  return lines.join('\n');
}
