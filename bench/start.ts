// Start time: whole processes of the built CLI (bin/helm-airgap, run `npm run build` first) for
// the commands that load nothing heavy, against bare `node` as the floor. The launcher prints
// --version and help from dist/answers/ without Node; `version -o json` starts the CLI. Median wall time and
// peak RSS of RUNS runs (default 20), and mean CPU (user+system, to the millisecond:
// bench/lib/pairs.ts measure); the goal for --version/--help is 80 ms.
// A copy with nothing to do (an image already in the destination layout, no network) shows what
// a command that moves bytes pays before its first byte: from copy's one-file bundle (copy named
// first, bin/helm-airgap-fast.cjs) and through the module entry (an option first). `images` of a
// small chart (fixtures/demo/charts/webapp) is a whole render, `template` of it the row
// at its smallest.
// Then the same from V8 start-up snapshots of the one-file bundles, set up to their run and made
// here by this Node (bench/lib/snapshot.ts), and an empty snapshot: the fixed cost of starting from
// a snapshot of one's own, which Node reads from its file and deserialises whole where its own is
// part of its binary. The CLI ships none (bin/code-cache.cjs says why). Node 24.21, a loaded
// 2-core machine (load 10), 15 runs, CPU ms: node -e 0 17, empty snapshot 25; version -o json 36,
// from a snapshot 33; images of webapp 97 against 137 (a render's lazily compiled functions take no
// code cache there); template of webapp 67 against 67. Instructions: bin/code-cache.cjs.
// After `npm run package`, the same cases for this host's per-platform tarball (its launcher and
// the executable with Node 24 inside, scripts/sea.mjs) against today's launcher on the PATH's
// Node, and the size of every tarball.
// Run: npx tsx bench/start.ts [BIN]   (BIN defaults to this checkout's bin/helm-airgap)
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { x as extract } from 'tar';
import { writeSyntheticImages } from '../test/support/synthetic-image.js';
import { formatPair, measure, median, runPairs, type Run } from './lib/pairs.js';
import { emptySnapshot, snapshotOf } from './lib/snapshot.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.argv[2] ?? join(root, 'bin/helm-airgap');
const runs = Number(process.env.RUNS ?? 20);
const version = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version as string;
const chart = join(root, 'fixtures/demo/charts/webapp');

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
  ['images, small chart', bin, ['images', chart, '--plain']],
  ['template, small chart', bin, ['template', 'bench', chart]],
  ['copy, nothing to do', bin, noop],
  ['  via the modules', bin, ['-q', ...noop]],
];

console.log(`start: ${bin}, medians of ${runs} runs`);
await report(CASES);

// The same from V8 start-up snapshots of the one-file bundles, made here by this Node (the header
// says why the CLI ships none)
const fast = join(bin, '..', '..', 'dist', 'fast');
const SNAPSHOT_CASES: Case[] = [['node, an empty snapshot of its own', process.execPath, ['--snapshot-blob', await emptySnapshot(process.execPath, work)]]];
for (const [label, command, args] of [
  ['version -o json', 'version', ['-o', 'json']],
  ['images, small chart', 'images', [chart, '--plain']],
  ['template, small chart', 'template', ['bench', chart]],
] as const) {
  const blob = existsSync(join(fast, `${command}.cjs`)) ? await snapshotOf(process.execPath, join(fast, `${command}.cjs`), work, command) : undefined;
  if (blob) SNAPSHOT_CASES.push([`${label}, from a snapshot`, process.execPath, ['--snapshot-blob', blob, command, ...args]]);
  else console.log(`  ${label}: no snapshot (no dist/fast/${command}.cjs, or src/main.ts's run no longer starts where bench/lib/snapshot.ts looks)`);
}
await report(SNAPSHOT_CASES);

// the per-platform tarball for this host, if `npm run package` made one
const platform = `linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
const tarball = join(root, 'dist', `airgap-${version}-${platform}.tgz`);
if (existsSync(tarball)) {
  await extract({ file: tarball, cwd: work });
  const sea = join(work, 'airgap/bin/helm-airgap');
  const exe = `${sea}-${platform}`;
  const inside = JSON.parse((await promisify(execFile)(exe, ['version', '-o', 'json'])).stdout).node as string;
  console.log(`\n${platform} tarball (Node ${inside} inside) (ours) against today's launcher on the PATH's node`);
  for (const [label, args] of [
    ['--version', ['--version']],
    ['version -o json', ['version', '-o', 'json']],
    ['images, small chart', ['images', chart, '--plain']],
    ['copy, nothing to do', noop],
  ] as [string, string[]][]) {
    const r = await runPairs({ name: platform, cmd: sea, args }, { name: 'node', cmd: bin, args }, runs);
    console.log(formatPair(`  ${label}`, r, 'node', runs).replace(/\n/g, '\n  '));
  }
  console.log('\ntarball sizes:');
  for (const name of [`airgap-${version}.tgz`, `airgap-postrender-${version}.tgz`, `airgap-${version}-linux-amd64.tgz`, `airgap-${version}-linux-arm64.tgz`]) {
    const file = join(root, 'dist', name);
    if (existsSync(file)) console.log(`  ${name.padEnd(36)} ${((await stat(file)).size / 2 ** 20).toFixed(1).padStart(6)} MiB`);
  }
} else console.log(`\n(no ${tarball}: run \`npm run package\` for the per-platform executable's figures)`);
await rm(work, { recursive: true, force: true });

async function report(cases: Case[]): Promise<void> {
  for (const [label, cmd, args, env] of cases) {
    const rs: Run[] = [];
    try {
      for (let i = 0; i < runs; i++) rs.push(await measure(cmd, args, env));
    } catch (e) {
      console.log(`  ${label.padEnd(40)} failed: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const wall = (median(rs.map((r) => r.wallS)) * 1000).toFixed(0);
    const cpu = ((rs.reduce((n, r) => n + r.cpuS, 0) / rs.length) * 1000).toFixed(0);
    console.log(`  ${label.padEnd(40)} ${wall.padStart(4)} ms wall, ${cpu.padStart(4)} ms CPU, ${median(rs.map((r) => r.peakRssMiB)).toFixed(0)} MiB peak RSS`);
  }
}
