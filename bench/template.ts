// bench/template: `helm airgap template` against real Helm 4's `helm template` on the same charts,
// as whole processes (the built launcher, bin/helm-airgap, as Helm runs the plugin), alternating,
// medians of wall time, CPU seconds and peak RSS, and the ratios. Goal: at most Helm's wall and
// CPU time on each chart.
// Charts: cert-manager (../shared/charts), kube-prometheus-stack (the development corpus,
// $AIRGAP_DEV_CORPUS, default /work/corpus, when there; it alone can be built from the mirrors of
// prometheus-community/helm-charts and grafana-community/helm-charts: a sources file holding its
// one line of scripts/corpus/sources.tsv, then AIRGAP_DEV_CORPUS_SOURCES=FILE node
// scripts/corpus/build.mjs), an umbrella of ten subcharts and a chart of many include/tpl calls
// (both generated here).
// --helm-version L (3.17, 4.1, 4.2): ours follows that Helm and is timed against that real Helm.
// --against BIN: against another launcher instead (another checkout's bin/helm-airgap, following
// its default), to tell whether following a Helm costs time.
// Each chart starts from a code cache of its own (HELM_AIRGAP_CACHE in a fresh folder), written by
// one untimed run of that chart: the launcher keeps the cache the first successful run wrote
// (bin/code-cache.cjs), and cert-manager from a cache a one-ConfigMap chart wrote ran 527M
// instructions against 485M from its own, so a cache left by other runs moved the figures.
// --instructions N: also N runs of each under valgrind (bench/lib/instructions.ts), the median
// instruction counts and their ratio, which a loaded machine moves far less than CPU time.
// --profile N: also N runs of ours under V8's CPU profiler (node --cpu-prof through NODE_OPTIONS,
// the launcher as it is), the .cpuprofile files kept in bench/out/profiles/CHART/ (out of git; open
// them in Chrome DevTools or speedscope) and the functions with the most self time printed.
// Where a template's CPU goes. A one-ConfigMap chart, about 46 ms of CPU with both output streams
// piped (Helm 4: about 43, bare node 26): Node's own start 24 ms (1.5 of it V8 finding primes for
// its hash seed, HashSeed::InitializeRoots, in every Node 24 process); node:v8, node:os and
// node:vm 1.5 ms; the CLI deserialised from its code cache 3.1 ms and its modules' set-up 3.1 ms
// (timed around new Script and its first run); the command the rest. node:crypto is not loaded:
// the code cache is read as the file its record names (bin/code-cache.cjs), 5 ms less than with
// its MAC checked at every run. Page faults: 4,850 against bare node's 2,780 and Helm's 4,200:
// about 1,450 pages of objects from the code cache and the modules' set-up, 200 of the source text
// copied into the heap, 200 of the files read.
// After the start, by phase (performance.now marks around templateChart's steps, medians of 9
// runs): the umbrella reads its chart in 11.5 ms (the folder walk 3.9; the first Chart.yaml read 2,
// cold code), prepares values in 1.3, builds Sprig's and Helm's function table in 0.5, parses its
// ~90 templates in 8.2, executes them in 15.1 and sorts the output as Helm does in 4.2; the
// include-heavy chart: 2.2, 0.3, 0.5, 1.1, 14.6 and 3.1. kube-prometheus-stack: reading 31 (7 MB
// inflated), 5.7, 6.4, parsing its 1.7 MB of templates 70-78 (about 25 of it the young
// generation's collections, which copy the parse trees as they grow: --trace-gc), executing 45,
// sorting 12; 20 MB promoted over the run (--trace-gc-nvp), the parse trees most of it.
// Figures, ours/Helm 4, wall / CPU / peak RSS (21 alternating pairs, load under 2.5; another run of
// 15 pairs within 0.06): cert-manager 0.93 / 0.85 / 1.09; kube-prometheus-stack 0.91 / 0.93 / 0.96;
// the umbrella 1.04 / 0.96 / 1.12; the include-heavy chart 1.03 / 1.00 / 1.15. Instructions
// (valgrind) ours/Helm: kube-prometheus-stack 1.01, the umbrella 0.78, the include-heavy chart 0.84:
// Helm's Go runtime collects on the second core (its CPU 1.1-1.2x its wall), ours renders on one.
// On a noisier day (21 pairs, --against a copy of the same build): the same build against itself
// 0.88-1.12 on wall, so a change of under ~5% is not told apart here; instructions are. Tried there
// and not kept, each within that spread: young semi-spaces of 4, 8 and 16 MiB from the start (the
// umbrella's nine young collections, ~1.3 ms each, become two, one or none; 3-6 MiB more peak
// RSS), --no-parallel-scavenge, --no-sparkplug, --no-maglev. Ending the process at once after the
// output (process.exit, no heap teardown) ran 1.2% fewer instructions on the umbrella (380M ->
// 375M) and was not kept either: a run's stdout and the code cache's write on beforeExit depend on
// the natural exit.
// Run: npm run build && npx tsx bench/template.ts [--pairs 7] [--only cert-manager,umbrella] [--bin PATH]
//      [--helm-version 4.2] [--against ../main/bin/helm-airgap] [--instructions 3] [--profile 5]
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { instructionPair, requireValgrind } from './lib/instructions.js';
import { profileRuns } from './lib/cpu-profile.js';
import { formatPair, measure, oursBin, runPairs } from './lib/pairs.js';
import { writeIncludeHeavyChart, writeUmbrellaChart } from './lib/synthetic-charts.js';
import { realHelm } from '../test/support/tools.js';
import { helmLineOf } from '../src/helm/engine/defaults.js';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const pairs = Math.max(7, Number(arg('--pairs', '7')));
const counted = Number(arg('--instructions', '0'));
const profiled = Number(arg('--profile', '0'));
if (counted > 0) requireValgrind();
const only = arg('--only', '')
  .split(',')
  .filter((s) => s);

const work = await mkdtemp(join(tmpdir(), 'bench-template-'));
const devCorpus = process.env.AIRGAP_DEV_CORPUS ?? '/work/corpus';
const inCorpus = (prefix: string): string | undefined => {
  if (!existsSync(devCorpus)) return undefined;
  const f = readdirSync(devCorpus).find((n) => n.startsWith(prefix) && n.endsWith('.tgz'));
  return f && join(devCorpus, f);
};

const charts: [string, string | undefined][] = [
  ['cert-manager', join(ROOT, '../shared/charts/cert-manager-v1.17.2.tgz')],
  ['kube-prometheus-stack', inCorpus('kube-prometheus-stack-')],
  ['umbrella of ten subcharts', await writeUmbrellaChart(join(work, 'umbrella'), 10)],
  ['many include and tpl calls', await writeIncludeHeavyChart(join(work, 'includes'))],
];

const line = arg('--helm-version', '');
const followed = line ? helmLineOf(line) : undefined;
if (line && !followed) throw new Error(`--helm-version ${line}: use 3.17, 4.1 or 4.2`);
const against = arg('--against', '');
const { helm } = await realHelm(followed ?? 4);
const other = against ? { name: 'against', cmd: resolve(against), label: `ours at ${against}` } : { name: 'helm', cmd: helm, label: `helm ${followed ?? 4}` };
const ours = oursBin();
try {
  for (const [name, chart] of charts) {
    if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
    if (!chart || !existsSync(chart)) {
      console.log(`${name}: not here (the development corpus: node scripts/corpus/build.mjs; this header says how to build this chart alone)`);
      continue;
    }
    const args = ['template', 'bench', chart];
    const oursArgs = followed ? [...args, '--helm-version', followed] : args;
    process.env.HELM_AIRGAP_CACHE = join(work, `cache-${name.replace(/[^a-z-]/g, '-')}`);
    await measure(ours, oursArgs);
    await measure(other.cmd, args);
    const r = await runPairs({ name: 'ours', cmd: ours, args: oursArgs }, { name: other.name, cmd: other.cmd, args }, pairs);
    console.log(formatPair(`template ${name}${followed ? ` following Helm ${followed}` : ''}`, r, other.label, pairs));
    if (counted > 0) {
      const n = await instructionPair([ours, oursArgs], [other.cmd, args], counted);
      console.log(`  instructions (medians of ${counted}): ours ${n.ours.toFixed(1)}M, ${other.label} ${n.theirs.toFixed(1)}M, ratio ${n.ratio.toFixed(2)}`);
    }
    if (profiled > 0) console.log(await profileRuns(ours, oursArgs, profiled, join(ROOT, 'bench/out/profiles', name.replace(/[^a-z-]/g, '-'))));
    if (!against) console.log(`  goal: wall <= 1.0 (${r.ratio.wall <= 1 ? 'met' : 'NOT met'}), CPU <= 1.0 (${r.ratio.cpu <= 1 ? 'met' : 'NOT met'})`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
