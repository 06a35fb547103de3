// bench/reuse: what template reuse (helm/engine/template-reuse.ts) saves or costs each chart, in
// process: per chart, blocks of discoveries (`images --optional`, or `values` with --values)
// with reuse on and off, alternating three times; a chart's figure is the least of each side's
// block medians. Renders are the same either way (the corpus checks); only the time differs.
//
// Run: AIRGAP_CORPUS=DIR npx tsx bench/reuse.ts [--values] [--only NAME,NAME]
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findImages } from '../src/app/images/images.js';
import { writeValuesOverrides } from '../src/app/values/values.js';
import { EngineRenderer } from '../src/helm/engine/renderer.js';
import { setTemplateReuse } from '../src/helm/engine/template-reuse.js';
import { corpusValues } from './lib/corpus.js';
import { median } from './lib/pairs.js';

const CORPUS = resolve(import.meta.dirname, '..', process.env.AIRGAP_CORPUS ?? '../shared/charts');
const values = process.argv.includes('--values');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1]!.split(',') : undefined;
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
// a block lasts about this long (at least 3 runs), so small and big charts get like figures
const BLOCK_MS = 100;
const ROUNDS = 3;

const charts = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.tgz') && (!only || only.some((o) => f.startsWith(o))))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'bench-reuse-'));

async function once(file: string): Promise<number> {
  const chart = join(CORPUS, file);
  const t = performance.now();
  if (values) {
    await writeValuesOverrides({
      charts: { charts: [chart], values: corpusValues(chart), cacheDir: join(dir, 'cache'), baseDir: dir },
      registry: TARGET,
      outDir: join(dir, 'out'),
      renderer: new EngineRenderer(),
    });
  } else {
    await findImages({ charts: [chart], values: corpusValues(chart), optional: true, cacheDir: dir, baseDir: dir, renderer: new EngineRenderer() });
  }
  return performance.now() - t;
}

async function block(file: string, on: boolean, runs: number): Promise<number> {
  setTemplateReuse(on);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await once(file));
  return median(ms);
}

let faster = 0;
let slower = 0;
const ratios: number[] = [];
console.log(`${values ? 'values' : 'discover --optional'}: per chart, least block median with reuse, without, and without / with`);
for (const file of charts) {
  let first: number;
  try {
    // warm-up, both ways: the first runs compile the chart's templates and the engine's code
    await block(file, true, 2);
    first = await block(file, false, 2);
  } catch (e) {
    console.log(`${file}: refused (${(e as Error).message.split('\n')[0]})`);
    continue;
  }
  const runs = Math.max(3, Math.round(BLOCK_MS / Math.max(first, 1)));
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    on.push(await block(file, true, runs));
    off.push(await block(file, false, runs));
  }
  const a = Math.min(...on);
  const b = Math.min(...off);
  ratios.push(b / a);
  if (b / a > 1.05) faster++;
  else if (b / a < 0.95) slower++;
  console.log(`${file.padEnd(48)} ${a.toFixed(1).padStart(8)} ms ${b.toFixed(1).padStart(8)} ms  ${(b / a).toFixed(2)}`);
}
setTemplateReuse(true);
console.log(
  `${ratios.length} charts: reuse faster on ${faster}, slower on ${slower} (beyond 5%), the same on ${ratios.length - faster - slower}; median without / with ${median(ratios).toFixed(2)}`,
);
