// Instructions a whole process runs (its children too), counted by valgrind's cachegrind: on a
// shared machine whose load moves wall and CPU time by more than a start-up change saves (a 2-core
// machine under a load of 8-12: the same template's CPU median moved 52-68 ms between runs of 25),
// the count moves by a few percent only (V8's helper threads, serialized by valgrind, do more or
// less work from run to run). User-space only: page faults and other kernel time are not in it.
import { execFileSync, spawn } from 'node:child_process';
import { median } from './pairs.js';

/** valgrind on PATH, or an error saying how to install it. */
export function requireValgrind(): void {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('--instructions needs valgrind\nnext: apt-get install -y valgrind (Debian/Ubuntu), or run without --instructions');
  }
}

/** Instructions (millions) of one run of `cmd args`, summed over every process it starts. */
export async function countInstructions(cmd: string, args: string[]): Promise<number> {
  const child = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--trace-children=yes', cmd, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`valgrind ${cmd} ${args.join(' ')} failed (${code}):\n${err.slice(-3000)}`);
  const counts = [...err.matchAll(/I\s+refs:\s+([\d,]+)/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
  if (counts.length === 0) throw new Error(`valgrind printed no instruction count for ${cmd}:\n${err.slice(-3000)}`);
  return counts.reduce((a, b) => a + b, 0) / 1e6;
}

/** The median count of `runs` runs of each side, alternating, and the ratio ours/theirs. */
export async function instructionPair(
  ours: [string, string[]],
  theirs: [string, string[]],
  runs: number,
): Promise<{ ours: number; theirs: number; ratio: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await countInstructions(...ours));
    b.push(await countInstructions(...theirs));
  }
  const o = median(a);
  const t = median(b);
  return { ours: o, theirs: t, ratio: o / t };
}
