// Start time: whole processes of the built CLI (bin/helm-airgap, run `npm run build` first) for
// the commands that load nothing heavy, against bare `node` as the floor. Medians of RUNS runs
// (default 20) of wall time, CPU and peak RSS; the goal for --version/--help is 80 ms.
// Run: npx tsx bench/start.ts [BIN]   (BIN defaults to this checkout's bin/helm-airgap)
import { fileURLToPath } from 'node:url';
import { measure, type Run } from './lib/pairs.js';

const bin = process.argv[2] ?? fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));
const runs = Number(process.env.RUNS ?? 20);

const CASES: [string, string, string[]][] = [
  ['node -e 0 (floor)', process.execPath, ['-e', '0']],
  ['--version', bin, ['--version']],
  ['--help', bin, ['--help']],
  ['version -o json', bin, ['version', '-o', 'json']],
  ['bundle --help', bin, ['bundle', '--help']],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

console.log(`start: ${bin}, medians of ${runs} runs`);
for (const [label, cmd, args] of CASES) {
  const rs: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) rs.push(await measure(cmd, args));
  } catch (e) {
    console.log(`  ${label.padEnd(18)} failed: ${(e as Error).message.split('\n')[0]}`);
    continue;
  }
  const ms = (f: (r: Run) => number) => (median(rs.map(f)) * 1000).toFixed(0);
  console.log(
    `  ${label.padEnd(18)} ${ms((r) => r.wallS).padStart(4)} ms wall, ${ms((r) => r.cpuS).padStart(4)} ms CPU, ${median(rs.map((r) => r.peakRssMiB)).toFixed(0)} MiB peak RSS`,
  );
}
