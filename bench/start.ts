// Start time: whole processes of the built CLI (bin/helm-airgap, run `npm run build` first) for
// the commands that load nothing heavy, against bare `node` as the floor. The launcher prints
// --version and help from dist/answers/ without Node; `version -o json` starts the CLI. Median wall time and
// peak RSS of RUNS runs (default 20), and mean CPU (user+system: /usr/bin/time counts in 10 ms
// steps, a mean resolves finer); the goal for --version/--help is 80 ms.
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
  const wall = (median(rs.map((r) => r.wallS)) * 1000).toFixed(0);
  const cpu = ((rs.reduce((n, r) => n + r.cpuS, 0) / rs.length) * 1000).toFixed(0);
  console.log(`  ${label.padEnd(18)} ${wall.padStart(4)} ms wall, ${cpu.padStart(4)} ms CPU, ${median(rs.map((r) => r.peakRssMiB)).toFixed(0)} MiB peak RSS`);
}
