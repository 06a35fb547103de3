// Local charts: a .tgz is taken as it is; a folder is packed reproducibly (as `helm package`
// would, .helmignore honoured) so it can be stored, digested and pushed like any other chart.
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkChartName } from '../helm/chart/names.js';
import { ChartError } from '../util/errors.js';
import { localChartNotFound } from '../helm/loader/load.js';
import type { ChartCache } from './chart-cache.js';
import { readChartArchiveInfo, withArchiveInfo } from './chart-meta.js';
import { packChartDir } from './package-chart.js';
import type { ResolvedChart } from './resolved-chart.js';

export async function readLocalChart(path: string, baseDir: string, cache: ChartCache): Promise<ResolvedChart> {
  const abs = resolve(baseDir, path);
  let st;
  try {
    // synchronous, as the loader reads a chart (src/helm/loader/load.ts says why)
    st = statSync(abs);
  } catch (e) {
    throw localChartNotFound(path, e);
  }
  const bytes = st.isDirectory() ? await packChartDir(abs, await chartNameOf(abs)) : readFileSync(abs);
  const info = await readChartArchiveInfo(bytes, path);
  const { path: archivePath, hex } = await cache.put(bytes, `chart ${path}`);
  const chart: ResolvedChart = {
    name: info.metadata.name,
    version: info.metadata.version,
    appVersion: info.metadata.appVersion,
    digest: `sha256:${hex}`,
    archivePath,
    source: { kind: 'local', path },
    metadata: info.metadata,
  };
  return withArchiveInfo(chart, info);
}

async function chartNameOf(dir: string): Promise<string> {
  const text = await readFile(resolve(dir, 'Chart.yaml'), 'utf8').catch((e: unknown) => {
    throw new ChartError(`${dir}: no Chart.yaml`, { hint: 'point at a chart folder (with Chart.yaml) or a .tgz archive', cause: e });
  });
  const meta = parseYaml(text) as { name?: unknown } | null;
  if (!meta || typeof meta.name !== 'string' || !meta.name) throw new ChartError(`${dir}/Chart.yaml: no name`);
  // before packing: the name becomes the archive's folder, so a path there must not reach the packer
  checkChartName(meta.name, `chart ${dir}`);
  return meta.name;
}
