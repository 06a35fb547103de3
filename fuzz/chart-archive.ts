// Fuzz target: the chart archive reader and loader (src/helm/loader/): every fixture chart,
// packed as Helm packs it (NAME/...), plus the packaged subchart of the fixtures, damaged by
// tar-mutate.ts and read as .tgz or plain tar. Property: a chart or a ChartError (any
// AirgapError), nothing else; main.ts adds: no hang, memory bounded by the worker's heap.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadChartArchive, readChartDir } from '../src/helm/loader/load.js';
import { AirgapError, InternalError } from '../src/util/errors.js';
import { chance, pick, type Rng } from './rng.js';
import type { FuzzTarget } from './runner.js';
import { mutateTar, packTar } from './tar-mutate.js';

interface ArchiveInput {
  seed: string;
  bytes: Buffer;
  how: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const seeds: { name: string; tar: Buffer }[] = [];

async function loadSeeds(): Promise<void> {
  if (seeds.length > 0) return;
  for (const root of ['charts', 'bundle/charts']) {
    for (const d of readdirSync(join(FIXTURES, root), { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const files = await readChartDir(join(FIXTURES, root, d.name));
      seeds.push({ name: d.name, tar: packTar(files.map((f) => ({ name: `${d.name}/${f.name}`, data: f.data }))) });
    }
  }
  const redis = join(FIXTURES, 'charts/bitnami-style/charts/redis-7.1.2.tgz');
  seeds.push({ name: 'redis-7.1.2.tgz', tar: gunzipSync(readFileSync(redis)) });
}

export const chartArchiveTarget: FuzzTarget<ArchiveInput> = {
  name: 'chart-archive',
  fullCount: 100_000,
  timeoutMs: 5000,
  setup: loadSeeds,
  generate(r: Rng) {
    const s = pick(r, seeds);
    return { seed: s.name, ...mutateTar(r, s.tar, chance(r, 0.7)) };
  },
  run: (i) => loadChartArchive(i.bytes, `${i.seed}.tgz`),
  isDomain: (e) => e instanceof AirgapError && !(e instanceof InternalError),
  describe: (i) => `${i.seed}: ${i.how} (${i.bytes.length} bytes)`,
};
