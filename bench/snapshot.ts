// bench/snapshot: would a V8 start-up snapshot (Node's --build-snapshot / --snapshot-blob) make
// `template` of a small chart start faster than today's path, dist/fast/template.cjs from
// bin/helm-airgap-fast.cjs with its code cache (bin/code-cache.cjs)? Measurement only: nothing here
// ships. It builds two blobs of the template bundle in a temp folder with the Node running it:
// - cold: the bundle's top level run, the command's run (its last statement onwards) left as the
//   snapshot's main function;
// - warm: the same after one render of the warm-up chart in the builder, so the snapshot holds
//   compiled functions (and whatever state that render left: the reason the timed chart is another).
// and times both against the fast path on the timed chart (alternating, medians; --instructions N
// adds valgrind counts). Outputs are compared byte for byte first.
// Figures (Node 24.21, cert-manager warms, fluent-bit timed, machine loaded, so counts rule):
// instructions fast path 359M, cold blob 386M, warm blob 313M (cert-manager, warmed on itself:
// 290M against 507M); `version` from the cold blob 147M against `node -e 0` 87M. Blob sizes 7.9 MB
// cold, 11.6 MB warm. 5 pairs on fluent-bit: cold blob CPU 1.25x, peak RSS 65 vs 61 MiB,
// instructions 1.12x; warm blob CPU 1.00x (10 ms steps), peak RSS 73 vs 61 MiB, instructions
// 0.87x. The cold blob does not pay: the code
// cache holds every function a run compiled, the snapshot only the top level. A warm blob pays
// ~13% of a small render's instructions, but only by running a render at build time, whose module
// state (caches, counters, anything read from the environment, the clock or a random source) would
// be every later run's: the bundle would have to prove it keeps none first.
// Node refuses a blob of another Node version itself (exit 14, "Failed to load the startup
// snapshot"), which is not a fallback: a launcher must pick a blob only for the Node it runs. A
// damaged blob aborts Node (a bad magic number: SIGABRT, exit 134) and a truncated one crashes it
// (SIGSEGV): a blob must be whole and authenticated before Node is handed it. After
// deserialisation process.argv, process.env and the working folder are the run's and Math.random
// is seeded afresh, but any value the builder computed (a random number, a date) is the build's.
// Run: npm run build && npx tsx bench/snapshot.ts [--pairs 7] [--instructions 3]
//      [--warm CHART] [--chart CHART]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { instructionPair, requireValgrind } from './lib/instructions.js';
import { formatPair, runPairs } from './lib/pairs.js';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const pairs = Math.max(5, Number(arg('--pairs', '7')));
const counted = Number(arg('--instructions', '0'));
if (counted > 0) requireValgrind();
const warmChart = resolve(arg('--warm', join(ROOT, '../shared/charts/cert-manager-v1.17.2.tgz')));
const chart = resolve(arg('--chart', join(ROOT, '../shared/charts/fluent-bit-0.49.0.tgz')));
const node = process.execPath;
const fast = join(ROOT, 'bin/helm-airgap-fast.cjs');
const work = await mkdtemp(join(tmpdir(), 'bench-snapshot-'));
// the code cache of the fast path in a folder of its own, written by untimed runs (bench/template says why)
const env = { HELM_AIRGAP_CACHE: join(work, 'cache') };

// the builder: runs the bundle's top level with a require for built-ins and the packages it keeps
// apart (./NAME.cjs), the command's run (from its last statement, which scripts/build.mjs writes)
// kept as a function for the snapshot's main
const builder = (warm: boolean): string => `
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const dir = ${JSON.stringify(join(ROOT, 'dist/fast'))};
const loaded = new Map();
function load(name, transform) {
  let src = fs.readFileSync(path.join(dir, name + '.cjs'), 'latin1');
  if (transform) src = transform(src);
  const mod = { exports: {} };
  new Function('exports', 'require', 'module', '__filename', '__dirname', src).call(mod.exports, mod.exports, req, mod, path.join(dir, name + '.cjs'), dir);
  return mod.exports;
}
function req(id) {
  const m = /^\\.\\/([a-z0-9-]+)\\.cjs$/.exec(id);
  if (!m) return require(id);
  if (!loaded.has(m[1])) loaded.set(m[1], load(m[1]));
  return loaded.get(m[1]);
}
load('template', (src) => {
  const at = src.lastIndexOf('for(const stream of[process.stdout,process.stderr])');
  if (at < 0) throw new Error('dist/fast/template.cjs: the command run is not where this bench looks for it');
  return src.slice(0, at) + 'globalThis.__run=function(){' + src.slice(at) + '};';
});
${warm ? `process.argv = [process.argv[0], 'x', 'template', 'x', ${JSON.stringify(warmChart)}]; globalThis.__run();` : ''}
v8.startupSnapshot.setDeserializeMainFunction(() => globalThis.__run());
`;

try {
  const blobs: Record<string, string> = {};
  for (const kind of ['cold', 'warm']) {
    const entry = join(work, `${kind}.js`);
    await writeFile(entry, builder(kind === 'warm'));
    blobs[kind] = join(work, `${kind}.blob`);
    execFileSync(node, ['--snapshot-blob', blobs[kind]!, '--build-snapshot', entry], { stdio: ['ignore', 'ignore', 'ignore'] });
  }
  const fastArgs = [fast, 'template', 'x', chart];
  const blobArgs = (kind: string) => ['--snapshot-blob', blobs[kind]!, 'x', 'template', 'x', chart];
  const out = (args: string[]) => execFileSync(node, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const want = out(fastArgs);
  out(fastArgs);
  for (const kind of ['cold', 'warm']) {
    if (!out(blobArgs(kind)).equals(want)) throw new Error(`the ${kind} blob's template of ${chart} differs from the fast path's`);
  }
  for (const kind of ['cold', 'warm']) {
    const r = await runPairs({ name: `${kind} blob`, cmd: node, args: blobArgs(kind), env }, { name: 'fast', cmd: node, args: fastArgs, env }, pairs);
    console.log(formatPair(`template ${chart}: ${kind} snapshot against the fast path`, r, 'fast', pairs));
    if (counted > 0) {
      const n = await instructionPair([node, blobArgs(kind)], [node, fastArgs], counted);
      console.log(`  instructions (median of ${counted}): ${n.ours.toFixed(0)}M against ${n.theirs.toFixed(0)}M, ratio ${n.ratio.toFixed(2)}`);
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
