// bench/values: time for `helm airgap values` to generate and verify overrides for every chart of
// ../shared/charts (AIRGAP_CORPUS), in process (the library call the CLI makes). Goal (issue 12):
// under 10 s for 40 charts. NAME-VERSION.values.yaml beside a chart is used; a chart the engine
// refuses (as real Helm does) is reported and left out.
// Run: npx tsx bench/values.ts [--runs 5] [--baseline DIR [--pairs 9]] (DIR: a built checkout to compare with, whole processes)
// Issue 49's speed goal (within 10% per chart of 9c1e65a; bench/discover.ts says how it is
// measured): `values CHART --registry R --out-dir DIR`, whole processes. Current figures (quiet
// machine, 9 pairs), CPU / wall against 9c1e65a: argo-workflows 1.06 / 1.12, cert-manager 1.06 /
// 1.15, fluent-bit 1.00 / 1.05; instructions 844M (807M), 771M (754M), 552M (543M).
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
