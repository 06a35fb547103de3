// Start time: whole processes of the built CLI (bin/helm-airgap, run `npm run build` first) for
// the commands that load nothing heavy, against bare `node` as the floor. The launcher prints
// --version and help from dist/answers/ without Node; `version -o json` starts the CLI. Median wall time and
// peak RSS of RUNS runs (default 20), and mean CPU (user+system: /usr/bin/time counts in 10 ms
// steps, a mean resolves finer); the goal for --version/--help is 80 ms.
// A copy with nothing to do (an image already in the destination layout, no network) shows what
// a command that moves bytes pays before its first byte: from copy's one-file bundle (copy named
// first, bin/helm-airgap-fast.cjs) and through the module entry (an option first).
// Run: npx tsx bench/start.ts [BIN]   (BIN defaults to this checkout's bin/helm-airgap)
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeSyntheticImages } from '../test/support/synthetic-image.js';
import { measure, median, type Run } from './lib/pairs.js';

const bin = process.argv[2] ?? fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));
const runs = Number(process.env.RUNS ?? 20);

const work = await mkdtemp(join(tmpdir(), 'airgap-bench-start-'));
const [img] = await writeSyntheticImages(join(work, 'src'), [{ name: 'bench/start', tag: '1', layers: [{ seed: 'start', size: 1000 }] }]);
const noop = ['copy', '--quiet', `oci:${img!.layoutDir}:${img!.refName}`, `oci:${join(work, 'dst')}`];
await promisify(execFile)(bin, noop);

/** [label, command, arguments, environment added] */
type Case = [string, string, string[], Record<string, string>?];
const CASES: Case[] = [
  ['node -e 0 (floor)', process.execPath, ['-e', '0']],
  // Node reads NODE_EXTRA_CA_CERTS at start; copy's one-file entry leaves it for its first TLS connection
  ...(process.env.NODE_EXTRA_CA_CERTS ? [['  without NODE_EXTRA_CA_CERTS', process.execPath, ['-e', '0'], { NODE_EXTRA_CA_CERTS: '' }] satisfies Case] : []),
  ['--version', bin, ['--version']],
  ['--help', bin, ['--help']],
  ['version -o json', bin, ['version', '-o', 'json']],
  ['bundle --help', bin, ['bundle', '--help']],
  ['copy, nothing to do', bin, noop],
  ['  via the modules', bin, ['-q', ...noop]],
];

console.log(`start: ${bin}, medians of ${runs} runs`);
for (const [label, cmd, args, env] of CASES) {
  const rs: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) rs.push(await measure(cmd, args, env));
  } catch (e) {
    console.log(`  ${label.padEnd(30)} failed: ${(e as Error).message.split('\n')[0]}`);
    continue;
  }
  const wall = (median(rs.map((r) => r.wallS)) * 1000).toFixed(0);
  const cpu = ((rs.reduce((n, r) => n + r.cpuS, 0) / rs.length) * 1000).toFixed(0);
  console.log(`  ${label.padEnd(30)} ${wall.padStart(4)} ms wall, ${cpu.padStart(4)} ms CPU, ${median(rs.map((r) => r.peakRssMiB)).toFixed(0)} MiB peak RSS`);
}
await rm(work, { recursive: true, force: true });
