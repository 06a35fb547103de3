// Fuzz target: the chart archive reader and loader (src/helm/loader/): every fixture chart,
// packed as Helm packs it (NAME/...), plus the packaged subchart of the fixtures, damaged by
// tar-mutate.ts and read as .tgz or plain tar, or repacked around one damaged file (Chart.yaml,
// values.yaml, requirements.yaml, a template, a subchart .tgz inside), then rendered when it
// loads. Property: a chart or a ChartError (any AirgapError), nothing else; main.ts adds: no
// hang, memory bounded by the worker's heap.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadChartArchive, readChartDir } from '../src/helm/loader/load.js';
import { renderChart } from '../src/helm/engine/render-chart.js';
import { chance, pick, type Rng } from './rng.js';
import { isCleanAirgapError, type FuzzTarget } from './runner.js';
import { mutateText } from './mutate.js';
import { mutateTar, packTar, type TarSeedEntry } from './tar-mutate.js';

interface ArchiveInput {
  seed: string;
  bytes: Buffer;
  how: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const seeds: { name: string; tar: Buffer; files: TarSeedEntry[] }[] = [];

async function loadSeeds(): Promise<void> {
  if (seeds.length > 0) return;
  for (const root of ['charts', 'bundle/charts']) {
    for (const d of readdirSync(join(FIXTURES, root), { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const files = await readChartDir(join(FIXTURES, root, d.name));
      const entries = files.map((f) => ({ name: `${d.name}/${f.name}`, data: f.data }));
      seeds.push({ name: d.name, tar: packTar(entries), files: entries });
    }
  }
  const redis = join(FIXTURES, 'charts/bitnami-style/charts/redis-7.1.2.tgz');
  seeds.push({ name: 'redis-7.1.2.tgz', tar: gunzipSync(readFileSync(redis)), files: [] });
}

const YAML_CHARS = [
  ':',
  ' ',
  '\n',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '&a',
  '*a',
  '<<: *a',
  '!!binary',
  '"',
  "'",
  '|',
  '>',
  '#',
  '---\n',
  '...',
  'null',
  '~',
  '0x10',
  '1e3',
  '.inf',
  'apiVersion: v1',
  'name: ../x',
  'version: x',
  'dependencies:',
  '  - name: sub',
];

/** A well-formed archive around one damaged file: Chart.yaml, values, requirements, a template or a nested .tgz. */
function damagedFile(r: Rng, seed: string, files: TarSeedEntry[]): ArchiveInput {
  const f = chance(r, 0.5)
    ? (files.find((x) => /\/(Chart|values|requirements)\.yaml$|\.tgz$/.test(x.name) && chance(r, 0.5)) ?? pick(r, files))
    : pick(r, files);
  const data = f.name.endsWith('.tgz')
    ? mutateTar(r, gunzipSync(f.data!), chance(r, 0.8)).bytes
    : Buffer.from(mutateText(r, Buffer.from(f.data!).toString('utf8'), YAML_CHARS, 6));
  const tar = packTar(files.map((x) => (x === f ? { name: x.name, data } : x)));
  return {
    seed,
    bytes: chance(r, 0.5) ? gzipSync(tar, { level: 1 }) : tar,
    how: `${f.name} damaged: ${JSON.stringify(data.toString('latin1').slice(0, 2000))}`,
  };
}

export const chartArchiveTarget: FuzzTarget<ArchiveInput> = {
  name: 'chart-archive',
  fullCount: 100_000,
  timeoutMs: 5000,
  setup: loadSeeds,
  generate(r: Rng) {
    const s = pick(r, seeds);
    if (s.files.length > 0 && chance(r, 0.3)) return damagedFile(r, s.name, s.files);
    return { seed: s.name, ...mutateTar(r, s.tar, chance(r, 0.7)) };
  },
  // a chart that loads is rendered too: what a damaged Chart.yaml or values.yaml lets through
  // must not break the engine either
  run: async (i) => renderChart(await loadChartArchive(i.bytes, `${i.seed}.tgz`), { helmVersion: '4.1' }),
  isDomain: isCleanAirgapError,
  describe: (i) => `${i.seed}: ${i.how} (${i.bytes.length} bytes)`,
};
