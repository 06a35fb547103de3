// bench/discover: time to discover every image of the corpus charts (../shared/charts or
// $AIRGAP_CORPUS), optional search included, as `helm airgap images --optional` does it.
// Prints the median of several runs, per chart and in total. Goal (issue 12): under 10 s in total
// for 40 charts. A chart's NAME-VERSION.values.yaml beside it is used (the corpus convention); a
// chart the engine refuses (as real Helm does, e.g. a chart whose own defaults fail its schema) is
// reported and left out of the timings.
// Run: npx tsx bench/discover.ts [--baseline DIR [--pairs 9]] (DIR: a built checkout to compare with, whole
// processes; BENCH_RUNS sets the in-process runs) [--scan [--pairs 5]]
// --scan: what reading a controller's own image costs `bundle` (issue 77): an operator built with
// Debian's Go toolchain in a real docker-registry (bench/lib/scan-operator.ts), bundled as whole
// processes, each image's scan (seconds, bytes read: the report's `scans`) as medians, and
// `bundle` against `bundle --no-scan-images` in alternating pairs (wall, CPU, peak RSS). Figures on
// the shared 2-core machine under load (5 pairs): the operator image read in 0.16 s, 1,092,952
// bytes (compressed) read, 3 images confirmed; bundle 0.56 s wall, 0.50 s CPU, 109 MiB peak RSS with
// the scan against 0.45 / 0.39 / 100 without (CPU ratio 1.28). kube-prometheus-stack's controllers
// need their registries on the internet, which this machine does not reach: not measured here.
// Issue 49's speed goal: discovery accounting for every image-shaped string costs no more than
// 10% per chart against 9c1e65a, as whole processes (`images CHART --optional -o json`),
// alternating pairs of this build and a built checkout of 9c1e65a, both on Node 24.21.0 with their
// own code cache; on a shared machine CPU ratios, not wall ratios, are the ones to read.
// Current figures (quiet machine, 9 pairs), CPU / wall / peak RSS against 9c1e65a: argo-workflows
// 1.06 / 1.11 / 99 vs 95 MiB, cert-manager 0.96 / 0.98 / 100 vs 98, fluent-bit 1.07 / 1.14 / 78 vs
// 76; instructions under valgrind (--predictable, one process): argo-workflows 904M (848M),
// fluent-bit 680M (639M), cert-manager 1,186M (1,174M). bin/v8-flags.cjs sets
// --regexp-tier-up-ticks=0, read when an expression is created: the same counts as keeping every
// expression in bytecode, without changing a flag V8 reads again at every execution.
import { readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findImages } from '../src/app/images/images.js';
import { EngineRenderer } from '../src/helm/engine/renderer.js';
import { corpusValues } from './lib/corpus.js';
import { againstBaseline, baselineArg } from './lib/baseline.js';
import { builtOursBin, formatPair, median as medianOf, runPairs } from './lib/pairs.js';
import { scannedOperatorChart, SCAN_HOST } from './lib/scan-operator.js';
import { startRegistry } from '../test/support/registry.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = resolve(ROOT, process.env.AIRGAP_CORPUS ?? '../shared/charts');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const charts = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
const cacheDir = mkdtempSync(join(tmpdir(), 'bench-discover-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(chart: string): Promise<{ ms: number; images: number; optional: number }> {
  const t = performance.now();
  const r = await findImages({
    charts: [join(CORPUS, chart)],
    values: corpusValues(join(CORPUS, chart)),
    optional: true,
    cacheDir,
    baseDir: ROOT,
    renderer: new EngineRenderer(),
  });
  return { ms: performance.now() - t, images: r.images.length, optional: r.optional.length };
}

const refused: string[] = [];
// a first pass (not timed into the medians: module loading and JIT) finds the charts the engine refuses
for (const c of [...charts]) {
  try {
    const r = await once(c);
    console.log(`${c}: ${r.images} needed, ${r.optional} optional (first pass ${r.ms.toFixed(0)} ms)`);
  } catch (e) {
    refused.push(`${c}: ${(e as Error).message.split('\n')[0]}`);
    charts.splice(charts.indexOf(c), 1);
  }
}
for (const r of refused) console.log(`refused (left out): ${r}`);

const per: Record<string, number[]> = {};
const totals: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let total = 0;
  for (const c of charts) {
    const r = await once(c);
    (per[c] ??= []).push(r.ms);
    total += r.ms;
  }
  totals.push(total);
}
for (const c of charts) console.log(`${c.padEnd(32)} median ${median(per[c]).toFixed(1)} ms`);
const m = median(totals);
console.log(
  `discover (${charts.length} charts, --optional): median ${m.toFixed(0)} ms over ${RUNS} runs; goal < ${(charts.length * 250).toFixed(0)} ms (10 s per 40 charts): ${m < charts.length * 250 ? 'met' : 'NOT met'}`,
);

// issue 49's goal, as whole processes: `--baseline DIR` (a built checkout of 9c1e65a, say)
const baseline = baselineArg();
if (baseline) {
  const pairsArg = process.argv.indexOf('--pairs');
  const pairs = Math.max(5, pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 9);
  await againstBaseline(
    'images --optional',
    charts.map((c) => join(CORPUS, c)),
    baseline,
    (chart) => ['images', chart, '--optional', '-o', 'json'],
    pairs,
  );
}

if (process.argv.includes('--scan')) await scanCost();

/** `bundle` of the scanned operator: each image's scan cost, and the whole process against --no-scan-images. */
async function scanCost(): Promise<void> {
  const pairsArg = process.argv.indexOf('--pairs');
  const pairs = Math.max(5, pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 5);
  const bin = builtOursBin();
  const reg = await startRegistry();
  try {
    const chart = await scannedOperatorChart(reg.host);
    const work = mkdtempSync(join(tmpdir(), 'bench-scan-out-'));
    const env = { HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: '/nonexistent-docker-config' };
    const args = (scan: boolean) => [
      'bundle',
      chart,
      '--mirror',
      `${SCAN_HOST}=${reg.host}`,
      '--out',
      join(work, scan ? 'scan.tar' : 'plain.tar'),
      ...(scan ? [] : ['--no-scan-images']),
    ];
    // each image's cost as the report gives it (the cache warm after the first run, as a re-bundle is)
    const per = new Map<string, { seconds: number[]; bytes: number[]; found: number }>();
    for (let i = 0; i < pairs; i++) {
      const { stdout } = await promisify(execFile)(bin, ['-o', 'json', ...args(true)], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
      for (const s of (JSON.parse(stdout) as { scans?: { image: string; seconds: number; bytes: number; found: string[] }[] }).scans ?? []) {
        const p = per.get(s.image) ?? { seconds: [], bytes: [], found: s.found.length };
        p.seconds.push(s.seconds);
        p.bytes.push(s.bytes);
        per.set(s.image, p);
      }
    }
    for (const [image, p] of per)
      console.log(
        `scan ${image}: median ${medianOf(p.seconds).toFixed(2)} s, ${medianOf(p.bytes)} bytes read, ${p.found} compiled-in image(s) confirmed (${p.seconds.length} bundles)`,
      );
    const r = await runPairs({ name: 'scan', cmd: bin, args: args(true), env }, { name: 'no-scan', cmd: bin, args: args(false), env }, pairs);
    console.log(formatPair('bundle of the scanned operator, --scan-images (default) against --no-scan-images', r, 'no-scan', pairs));
  } finally {
    await reg.stop();
  }
}
