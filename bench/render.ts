// Median time to load and render every chart of the corpus with default values (target: under
// 1.5 s in total), and per chart, split into load (archive + YAML) and render.
//   npx tsx bench/render.ts [RUNS]     (corpus: $AIRGAP_CORPUS or ../shared/charts)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadChartArchive } from '../src/helm/loader/load.js';
import { renderChart } from '../src/helm/engine/render-chart.js';
import { clearParsedDocuments } from '../src/helm/release/manifests.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');
const runs = Number(process.argv[2] ?? 7);
const charts = readdirSync(corpus)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
const bytes = new Map(charts.map((c) => [c, readFileSync(join(corpus, c))]));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const perChart = new Map<string, { load: number[]; render: number[] }>(charts.map((c) => [c, { load: [], render: [] }]));
const totals: number[] = [];
let docs = 0;
for (let i = 0; i < runs; i++) {
  clearParsedDocuments(); // measure parsing too, not only the cache of identical documents
  const t0 = performance.now();
  for (const c of charts) {
    const a = performance.now();
    const chart = await loadChartArchive(bytes.get(c)!, c);
    const b = performance.now();
    docs = renderChart(chart).docs.length;
    const e = performance.now();
    perChart.get(c)!.load.push(b - a);
    perChart.get(c)!.render.push(e - b);
  }
  totals.push(performance.now() - t0);
}
console.log(`render corpus: ${charts.length} charts, ${runs} runs (first run includes JIT warm-up)`);
for (const c of charts) {
  const p = perChart.get(c)!;
  console.log(`  ${c.padEnd(32)} load ${median(p.load).toFixed(1).padStart(7)} ms  render ${median(p.render).toFixed(1).padStart(7)} ms`);
}
const repeat: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  for (const c of charts) renderChart(await loadChartArchive(bytes.get(c)!, c));
  repeat.push(performance.now() - t0);
}
console.log(`repeat renders (parsed-document cache warm, as discovery's re-renders): median ${median(repeat).toFixed(1)} ms`);
console.log(`total median ${median(totals).toFixed(1)} ms (first run ${totals[0].toFixed(1)} ms; target < 1500 ms); last chart ${docs} docs`);
