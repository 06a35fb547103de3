// Fuzz target: the Go template parser and executor (src/template/) as Helm drives them (Sprig,
// include, tpl, required, the chart's helpers). Inputs: random template structure
// (template-shapes.ts), the differential fuzzer's random templates (template-gen.ts), both also
// damaged, and damaged templates of real charts (the fixture charts; FUZZ_CORPUS=DIR adds every
// .tgz of DIR) rendered with their chart's helpers, subcharts and values. Property: output or a
// TemplateError/ChartError, nothing else; main.ts adds: within a second.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChartArchive, loadChartFiles, readChart } from '../src/helm/loader/load.js';
import { renderChart } from '../src/helm/engine/render-chart.js';
import { setDependencies, type Chart, type ChartFile } from '../src/helm/chart/types.js';
import { readFile } from 'node:fs/promises';
import { mutateText } from './mutate.js';
import { chance, int, pick, type Rng } from './rng.js';
import { randomCase } from './template-gen.js';
import { randomTemplate } from './template-shapes.js';
import { isCleanAirgapError, type FuzzTarget } from './runner.js';

interface TemplateInput {
  /** The seed chart (its helpers, subcharts, values), or undefined for a generated case. */
  chart?: Chart;
  values?: string;
  template: string;
  origin: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const seeds: { chart: Chart; name: string; text: string }[] = [];

async function loadSeeds(): Promise<void> {
  if (seeds.length > 0) return;
  const charts: Chart[] = [];
  for (const root of ['charts', 'bundle/charts']) {
    for (const d of readdirSync(join(FIXTURES, root), { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      try {
        charts.push(await readChart(join(FIXTURES, root, d.name)));
      } catch {
        // the fixtures of broken charts: nothing to render
      }
    }
  }
  const corpus = process.env.FUZZ_CORPUS;
  if (corpus) {
    for (const f of readdirSync(corpus)
      .filter((n) => n.endsWith('.tgz'))
      .sort()) {
      try {
        charts.push(await loadChartArchive(await readFile(join(corpus, f)), f));
      } catch (e) {
        console.error(`fuzz template: corpus chart ${f} skipped: ${(e as Error).message}`);
      }
    }
  }
  for (const chart of charts) {
    const bare = helpersOnly(chart);
    if (generatesKeys(bare)) keygenCharts.add(bare);
    for (const t of chart.templates) {
      if (!isHelper(t)) seeds.push({ chart: bare, name: `${chart.metadata.name}/${t.name}`, text: decoder.decode(t.data) });
    }
  }
}

const isHelper = (f: ChartFile) => f.name.split('/').pop()!.startsWith('_');
const KEYGEN = /\bgen(PrivateKey|CA|SelfSignedCert|SignedCert)/;
/** Charts whose helpers generate keys: any of their templates may take seconds. */
const keygenCharts = new Set<Chart>();
const generatesKeys = (c: Chart): boolean => c.templates.some((t) => KEYGEN.test(decoder.decode(t.data))) || c.dependencies.some(generatesKeys);

/** The chart tree with only its helpers: an input renders one template, not every subchart's. */
function helpersOnly(c: Chart): Chart {
  const out: Chart = { ...c, templates: c.templates.filter(isHelper), dependencies: [] };
  setDependencies(out, c.dependencies.map(helpersOnly));
  return out;
}

const GRAMMAR = [
  '{{',
  '}}',
  '{{-',
  ' -}}',
  '{{ end }}',
  'if ',
  'else',
  'range ',
  'with ',
  '$x := ',
  '$',
  '.',
  '|',
  '(',
  ')',
  '"',
  '`',
  '=',
  'nil',
  'break',
  'continue',
  '{{/*',
  '*/}}',
  'define "d"',
  'template "d" .',
  'include "d" .',
  'tpl',
  'block "b" .',
  'index',
  'required "r"',
  '.Values',
  '.Files',
  'toYaml',
  'fail "f"',
  'until 3',
];

function generate(r: Rng, index: number): TemplateInput {
  const k = r();
  if (seeds.length > 0 && k < 0.5) {
    const s = pick(r, seeds);
    return { chart: s.chart, template: mutateText(r, s.text, GRAMMAR, 6), origin: `${s.name}, damaged` };
  }
  const c = randomCase(int(r, 1, 1 << 30), index, 0);
  const text = k < 0.75 ? randomTemplate(r) : c.template;
  return chance(r, 0.5)
    ? { values: c.values, template: text, origin: 'generated' }
    : { values: c.values, template: mutateText(r, text, GRAMMAR, 6), origin: 'generated, damaged' };
}

async function run(i: TemplateInput): Promise<void> {
  const file: ChartFile = { name: 'templates/fuzz.yaml', data: encoder.encode(i.template) };
  let chart: Chart;
  if (i.chart) {
    chart = { ...i.chart, templates: [...i.chart.templates, file] };
  } else {
    chart = await loadChartFiles(
      [
        { name: 'Chart.yaml', data: encoder.encode('apiVersion: v2\nname: fuzz\nversion: 0.1.0\n') },
        { name: 'values.yaml', data: encoder.encode(i.values ?? '') },
        file,
      ],
      'fuzz',
    );
  }
  // no sprig options: the engine then reuses one function table (building one costs ~9 ms)
  renderChart(chart, { helmVersion: '4.1' });
}

export const templateTarget: FuzzTarget<TemplateInput> = {
  name: 'template',
  fullCount: 100_000,
  timeoutMs: 1000,
  // a 4096-bit RSA key (genPrivateKey, genCA, genSelfSignedCert...) takes seconds in Helm too
  // and big templates (argo-cd's 1.4 MB CRD) take time in proportion: 3 ms per KiB past 16 KiB
  timeoutFor: (i) =>
    (KEYGEN.test(i.template) || (i.chart !== undefined && keygenCharts.has(i.chart)) ? 20_000 : 1000) + 3 * Math.max(0, i.template.length / 1024 - 16),
  setup: loadSeeds,
  generate,
  run,
  isDomain: isCleanAirgapError,
  describe: (i) => `${i.origin}:\n${i.template}`,
};
