// bench/discover: time to discover every image of the corpus charts (../shared/charts or
// $AIRGAP_CORPUS), optional search included, as `helm airgap images --optional` does it.
// Prints the median of several runs, per chart and in total. Target: under 2 s in total.
import { readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findImages } from '../src/app/images/images.js';
import { EngineRenderer } from '../src/helm/engine/renderer.js';

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
  const r = await findImages({ charts: [join(CORPUS, chart)], optional: true, cacheDir, baseDir: ROOT, renderer: new EngineRenderer() });
  return { ms: performance.now() - t, images: r.images.length, optional: r.optional.length };
}

const per: Record<string, number[]> = {};
const totals: number[] = [];
await once(charts[0]); // warm-up: module loading and JIT are not discovery
for (let i = 0; i < RUNS; i++) {
  let total = 0;
  for (const c of charts) {
    const r = await once(c);
    (per[c] ??= []).push(r.ms);
    total += r.ms;
    if (i === 0) console.log(`${c}: ${r.images} needed, ${r.optional} optional`);
  }
  totals.push(total);
}
for (const c of charts) console.log(`${c.padEnd(32)} median ${median(per[c]).toFixed(0)} ms`);
const m = median(totals);
console.log(
  `discover (all ${charts.length} charts, --optional): median ${m.toFixed(0)} ms over ${RUNS} runs; target < 2000 ms (${(m / 2000).toFixed(2)}x of budget)`,
);
