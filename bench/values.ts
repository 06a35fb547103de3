// bench/values: time for `helm airgap values` to generate and verify overrides for every chart of
// ../shared/charts (AIRGAP_CORPUS), in process (the library call the CLI makes). Goal (issue 12):
// under 10 s for 40 charts. NAME-VERSION.values.yaml beside a chart is used; a chart the engine
// refuses (as real Helm does) is reported and left out.
// Run: npx tsx bench/values.ts [--runs 5] [--baseline DIR [--pairs 9]] (DIR: a built checkout to compare with, whole processes)
// Issue 49's speed goal (within 10% per chart of 9c1e65a; bench/discover.ts says how it was
// measured and what changed): `values CHART --registry R --out-dir DIR`, whole processes, CPU ratio
// / wall ratio / peak RSS against 9c1e65a. Earlier (761e9d6): argo-workflows 1.14-1.20, the rest
// within 7%. Now (f9a8310, 2026-11-26, 9 pairs, 5 for the two largest): argo-workflows 1.06 / 1.05
// / 89 vs 91 MiB, gpu-operator 0.92 / 0.71 / 88 vs 94, istio-1.1.0 0.92 / 0.86 / 99 vs 101,
// istiod-1.0.0 0.81 / 1.03 / 94 vs 105, cert-manager 0.95 / 1.18 / 86 vs 90, fluent-bit 0.94 /
// 0.85 / 69 vs 71, kube-prometheus-stack 0.98 / 1.14 / 176 vs 179, victoria-metrics-k8s-stack 0.98
// / 0.91 / 136 vs 133 (this build exits 3 there: operator defaults values cannot move, which
// 9c1e65a did not see).
// Session 27 (6dd77e1, 2026-11-26, load 13 to 22, 9 pairs, 7 for the two largest; `values` runs no
// optional search, so these are the rest of the pipeline's): argo-workflows 1.11 / 1.26 / 91 vs
// 91 MiB, gpu-operator 1.01 / 1.64 / 95 vs 96, istio-1.1.0 0.89 / 0.87 / 97 vs 102, istiod-1.0.0
// 0.81 / 0.63 / 98 vs 110, cert-manager 0.95 / 1.06 / 87 vs 89, fluent-bit 0.91 / 0.70 / 69 vs 71,
// kube-prometheus-stack 1.33 / 1.33 / 192 vs 179 and victoria-metrics-k8s-stack 1.14 / 1.07 / 161
// vs 137 (still exit 3): over, and not measured apart on a quiet machine.
// Then (342bb60, load 3 to 5, 5 pairs): kube-prometheus-stack 1.33 -> 1.03 (0.767 against 0.743 s;
// its 4.7 MB crds/ folder, with no image default, was parsed in every process, and its
// PrometheusRules' multi-line expressions each parsed as YAML), victoria-metrics-k8s-stack 1.09,
// argo-workflows 1.06.
// Session 28 (3063ddf, main c3783d5 merged; load 6 to 7, 5 pairs): victoria-metrics-k8s-stack
// 0.95 / 0.91 / 138 vs 135 MiB (this build exits 3 there, as before), gpu-operator 0.97 / 0.98 /
// 94 vs 95 (bench/discover.ts says what changed).
// Session 30 (wt-speed7 on 2eda7c2, load 9, 7 pairs, CPU from rusage: /work/notes/speed7-pairs.py):
// argo-workflows 1.13 (204 against 181 ms; main against 9c1e65a 1.07, this build against main 0.97:
// the spread of one call here) / 89 vs 91 MiB, cert-manager 0.98 / 85 vs 90, fluent-bit 0.97 / 69
// vs 76. `values` runs no optional search: session 30's changes reach it only through the markers.
// Session 35 (dca0b113, quiet machine, 9 pairs): gpu-operator 1.13 / 1.16 / 99.2 vs 99.8 MiB,
// argo-workflows 1.17 / 1.19 / 93.3 vs 94.8, cert-manager 1.02 / 1.07 / 91.2 vs 90.3. Not met on
// argo-workflows and gpu-operator (the same 3 renders as 9c1e65a; the discovery run on each costs more).
// Session 36's end (8cb5a907, quiet machine, 11 pairs, CPU from wait4), this build against
// 9c1e65a: argo-workflows 1.17, gpu-operator 1.15, cert-manager 1.04. Not met on the first two.
// Session 43 (the launcher's young-generation flag, bench/discover.ts says why; quiet machine, 11
// pairs, two calls): argo-workflows 1.05 / 0.97, cert-manager 1.04 / 0.98, fluent-bit 1.00 /
// 0.95, thanos 0.98 / 1.00 CPU against 9c1e65a; instructions 841M against 806M, 769M against
// 754M, 549M against 543M, 730M against 711M.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeValuesOverrides } from '../src/app/values/values.js';
import { EngineRenderer } from '../src/helm/engine/renderer.js';
import { corpusValues } from './lib/corpus.js';
import { median } from './lib/pairs.js';
import { againstBaseline, baselineArg } from './lib/baseline.js';

const CORPUS = resolve(import.meta.dirname, '..', process.env.AIRGAP_CORPUS ?? '../shared/charts');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

const charts = (await readdir(CORPUS))
  .filter((f) => f.endsWith('.tgz'))
  .sort()
  .map((f) => join(CORPUS, f));
const dir = await mkdtemp(join(tmpdir(), 'bench-values-'));

async function once(includeOptional = false): Promise<{ ms: number; images: number; perChart: number[] }> {
  const t0 = performance.now();
  const perChart: number[] = [];
  let images = 0;
  for (const chart of charts) {
    const t = performance.now();
    const r = await writeValuesOverrides({
      charts: { charts: [chart], values: corpusValues(chart), cacheDir: join(dir, 'cache'), baseDir: process.cwd() },
      registry: TARGET,
      outDir: join(dir, 'out'),
      renderer: new EngineRenderer(),
      includeOptional,
    });
    const problems = r.releases.flatMap((x) => x.problems).length;
    if (problems > 0) console.log(`  ${chart.split('/').pop()}: ${problems} verification problem(s)`);
    images += new Set(r.releases.flatMap((x) => x.images.map((i) => i.source))).size;
    perChart.push(performance.now() - t);
  }
  return { ms: performance.now() - t0, images, perChart };
}

const refused: string[] = [];
for (const c of [...charts]) {
  try {
    await writeValuesOverrides({
      charts: { charts: [c], values: corpusValues(c), cacheDir: join(dir, 'cache'), baseDir: process.cwd() },
      registry: TARGET,
      outDir: join(dir, 'probe'),
      renderer: new EngineRenderer(),
    });
  } catch (e) {
    refused.push(`${c.split('/').pop()}: ${(e as Error).message.split('\n')[0]}`);
    charts.splice(charts.indexOf(c), 1);
  }
}
for (const r of refused) console.log(`refused (left out): ${r}`);
const results: Awaited<ReturnType<typeof once>>[] = [];
for (let i = 0; i < runs; i++) results.push(await once());
const optional = [];
for (let i = 0; i < runs; i++) optional.push((await once(true)).ms);
await rm(dir, { recursive: true, force: true });
const sorted = [...results].sort((a, b) => a.ms - b.ms);
const medianRun = sorted[Math.floor(sorted.length / 2)];
console.log(`values: ${charts.length} charts, ${medianRun.images} images, generate + verify (re-render + discovery)`);
console.log(`  first run (cold module caches): ${results[0].ms.toFixed(0)} ms`);
console.log(
  `  median of ${runs}: ${medianRun.ms.toFixed(0)} ms  (goal < ${charts.length * 250} ms, 10 s per 40 charts: ${medianRun.ms < charts.length * 250 ? 'met' : 'NOT met'})`,
);
// each chart's own median over the runs: the run with the median total says little of one chart
const perChart = (i: number) => median(results.map((r) => r.perChart[i]!));
charts.forEach((c, i) => console.log(`  ${c.split('/').pop()}: median ${perChart(i).toFixed(1)} ms`));
const optMedian = median(optional);
console.log(`  --include-optional (optional search + one render per toggle), median of ${runs}: ${optMedian.toFixed(0)} ms`);
console.log(
  `  load average: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);

// issue 49's goal, as whole processes: `--baseline DIR` (a built checkout of 9c1e65a, say); exit 3
// (images left to postrender) counts as done
const baseline = baselineArg();
if (baseline) {
  const pairsArg = process.argv.indexOf('--pairs');
  const pairs = Math.max(5, pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 9);
  await againstBaseline('values', charts, baseline, (chart, out) => ['values', chart, '--registry', TARGET, '-o', out], pairs, [0, 3]);
}
