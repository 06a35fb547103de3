// bench/discover: time to discover every image of the corpus charts (../shared/charts or
// $AIRGAP_CORPUS), optional search included, as `helm airgap images --optional` does it.
// Prints the median of several runs, per chart and in total. Goal (issue 12): under 10 s in total
// for 40 charts. A chart's NAME-VERSION.values.yaml beside it is used (the corpus convention); a
// chart the engine refuses (as real Helm does, e.g. a chart whose own defaults fail its schema) is
// reported and left out of the timings.
import { readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findImages } from '../src/app/images/images.js';
import { EngineRenderer } from '../src/helm/engine/renderer.js';
import { corpusValues } from './lib/corpus.js';

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
