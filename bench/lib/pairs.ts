// Whole-process A/B timing for the benches: each run is a fresh process (wall time, user+system CPU
// seconds, peak RSS: `measure`), ours and the other tool alternating so drift
// in the machine hits both alike, medians over the pairs and the ratio ours/theirs.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Our launcher: this checkout's bin/helm-airgap, or `--bin PATH`, another install's (a per-platform
 * tarball's, whose executable carries its own Node and takes other V8 flags).
 */
export function oursBin(): string {
  const i = process.argv.indexOf('--bin');
  return i > 0 ? resolve(process.argv[i + 1]!) : fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
}

/**
 * oursBin, with this checkout's dist/ built first when it is missing or older than a file of src/:
 * bin/helm-airgap runs dist/, and a bench of a stale build measures code that is no longer there.
 */
export function builtOursBin(): string {
  if (process.argv.includes('--bin')) return oursBin();
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const built = (() => {
    try {
      return statSync(join(root, 'dist/helm-airgap.mjs')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (built < Math.max(newest(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs)) {
    console.log(built ? 'dist/ is older than src/: building it first (node scripts/build.mjs)' : 'no dist/: building it first (node scripts/build.mjs)');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  }
  return oursBin();
}

export interface Run {
  wallS: number;
  cpuS: number;
  peakRssMiB: number;
}

export interface Side {
  name: string;
  cmd: string;
  args: string[];
  /** Runs before each run of this side, untimed (a fresh destination, say). */
  before?: (i: number) => Promise<void>;
  env?: Record<string, string>;
  /** Exit codes that count as done (default 0 only). */
  ok?: readonly number[];
}

// Wall and CPU time come from bash's `time` around the command (getrusage of its children, to the
// millisecond), peak RSS from /usr/bin/time -v around that bash. GNU time prints CPU seconds to two
// decimals: for a process of 50-100 ms (a small template) user and system time were each rounded to
// 10 ms, and medians of 0.07 against 0.08 s made ratios of 0.88 or 1.14 out of a few ms.
const TIMED = 'TIMEFORMAT="bench-time %3R %3U %3S"; time "$@"';

/** `ok`: the exit codes that mean the command did its work (values' 3: some images left to postrender). */
export async function measure(cmd: string, args: string[], env?: Record<string, string>, ok: readonly number[] = [0]): Promise<Run> {
  const child = spawn('/usr/bin/time', ['-v', 'bash', '-c', TIMED, 'bash', cmd, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (!ok.includes(code)) throw new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${err.slice(-3000)}`);
  const timed = [...err.matchAll(/^bench-time ([\d.]+) ([\d.]+) ([\d.]+)$/gm)].at(-1);
  if (!timed) throw new Error(`${cmd} ${args.join(' ')}: no time was reported:\n${err.slice(-3000)}`);
  return {
    wallS: Number(timed[1]),
    cpuS: Number(timed[2]) + Number(timed[3]),
    peakRssMiB: Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0) / 1024,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface PairResult {
  ours: Run;
  theirs: Run;
  ratio: { wall: number; cpu: number; rss: number };
}

/** `pairs` rounds of ours then theirs (theirs first on odd rounds); medians of each figure. */
export async function runPairs(ours: Side, theirs: Side, pairs: number): Promise<PairResult> {
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < pairs; i++) {
    const order: [Side, Run[]][] =
      i % 2 === 0
        ? [
            [ours, a],
            [theirs, b],
          ]
        : [
            [theirs, b],
            [ours, a],
          ];
    for (const [side, out] of order) {
      await side.before?.(i);
      out.push(await measure(side.cmd, side.args, side.env, side.ok));
      process.stderr.write(`  ${side.name} run ${i + 1}: ${out.at(-1)!.wallS.toFixed(2)} s\n`);
    }
  }
  const med = (rs: Run[]): Run => ({
    wallS: median(rs.map((r) => r.wallS)),
    cpuS: median(rs.map((r) => r.cpuS)),
    peakRssMiB: median(rs.map((r) => r.peakRssMiB)),
  });
  const o = med(a);
  const t = med(b);
  return { ours: o, theirs: t, ratio: { wall: o.wallS / t.wallS, cpu: o.cpuS / t.cpuS, rss: o.peakRssMiB / t.peakRssMiB } };
}

export function formatPair(label: string, r: PairResult, theirsName: string, pairs: number): string {
  const f = (x: Run) => `${x.wallS.toFixed(3)} s wall, ${x.cpuS.toFixed(3)} s CPU, ${x.peakRssMiB.toFixed(0)} MiB peak RSS`;
  return [
    `${label} (medians of ${pairs} alternating pairs)`,
    `  ours:   ${f(r.ours)}`,
    `  ${theirsName.padEnd(7)} ${f(r.theirs)}`,
    `  ratio ours/${theirsName}: wall ${r.ratio.wall.toFixed(2)}, CPU ${r.ratio.cpu.toFixed(2)}, RSS ${r.ratio.rss.toFixed(2)}`,
  ].join('\n');
}

/**
 * CPU seconds (user + system) a process has used so far, from Linux's /proc (100 ticks a second):
 * what a registry spent on the runs between two readings.
 */
export async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
