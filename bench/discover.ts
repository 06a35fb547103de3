// bench/discover: time to discover every image of the corpus charts (../shared/charts or
// $AIRGAP_CORPUS), optional search included, as `helm airgap images --optional` does it.
// Prints the median of several runs, per chart and in total. Goal (issue 12): under 10 s in total
// for 40 charts. A chart's NAME-VERSION.values.yaml beside it is used (the corpus convention); a
// chart the engine refuses (as real Helm does, e.g. a chart whose own defaults fail its schema) is
// reported and left out of the timings.
// Issue 49's speed goal (discovery accounting for every image-shaped string must not cost more than
// 10% per chart against 9c1e65a): `images CHART --optional -o json` as whole processes, alternating
// pairs of this build and 9c1e65a's, both on Node 24.21.0, 7 pairs each, 2026-11-25 on a shared
// 2-core machine (load 7 to 14: wall ratios swung 0.7-1.5, so CPU ratios are the ones to read).
// Before (d3f846a), CPU ratio: istio-1.1.0 1.15 (peak RSS 232 against 174 MiB), gpu-operator 1.10
// to 1.25, argo-workflows 1.10 to 1.14; cert-manager, fluent-bit, kube-prometheus-stack and
// victoria-metrics-k8s-stack within 5%. After (742a5c4 to 761e9d6, each later commit only takes work
// away): istio-1.1.0 0.87 (peak 178 against 174 MiB), istiod-1.0.0 0.71,
// fluent-bit 1.05, kube-prometheus-stack 1.06, victoria-metrics-k8s-stack 1.01, cert-manager 1.09;
// over the goal still: gpu-operator 1.23 and argo-workflows 1.13 to 1.19. Istio's cost was
// Grafana's dashboards, which 9c1e65a could not read (a render that failed) and d3f846a parsed four
// times each (sprig/go-yaml-text.ts, readAsGoYaml). gpu-operator's optional search now finds the
// switch that brings dra-driver (gpuCluster.deployCR, a `deploy` toggle 9c1e65a did not flip):
// halving the group of toggles down to it makes 16 renders where 9c1e65a made 4, and a render in a
// cold process costs about 7 ms of CPU. argo-workflows does no more discovery work (a warm
// in-process run takes no longer than 9c1e65a's); its whole process does: the code cache's check
// (bin/code-cache.cjs: its HMAC and two SHA-256 passes, +3%), and a 21% larger bundle (0.7 MB more
// heap) that tips V8 into a full collection (a mark-compact, about 16 ms of CPU on its workers and the
// main thread) that 9c1e65a's run ends just before.
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
