// The user values of a spec chart (airgap.yaml, or a GitOps release read into one): the chart's
// own values files (chartValuesFiles), its values files, then its inline values, then set and
// set-string, as Helm merges -f, then --set.
import { isAbsolute, posix, resolve } from 'node:path';
import type { Chart } from '../helm/chart/types.js';
import type { Values } from '../helm/engine/render-types.js';
import { parseSetInto } from '../helm/values/strvals.js';
import { readUserValues } from '../helm/values/user-values.js';
import { isGoMap, mergeMaps, parseValuesYaml } from '../helm/values/yaml.js';
import { UsageError } from '../util/errors.js';
import type { ChartSpec } from './spec.js';

/** Relative values files start at `baseDir` (the spec's folder); `chart` is loaded only when the spec names files inside it. */
export async function specUserValues(spec: ChartSpec, baseDir: string, chart: () => Promise<Chart>): Promise<Values> {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  let base = await readUserValues({ valueFiles: spec.valuesFiles.map(abs) });
  if (spec.chartValuesFiles?.length) base = mergeMaps(chartFileValues(spec, await chart()), base);
  if (spec.values) base = mergeMaps(base, spec.values);
  for (const s of spec.set) parseSetInto(s, base, 'typed');
  for (const s of spec.setString) parseSetInto(s, base, 'string');
  return base;
}

/**
 * The chart's own values files merged in order. Replacing the chart's values.yaml is said to
 * Helm as user values: null for each default the files do not give, which Helm's coalescing
 * deletes, so the render sees only the files' values, as in the chart Flux builds.
 */
function chartFileValues(spec: ChartSpec, chart: Chart): Values {
  let merged: Values = {};
  for (const name of spec.chartValuesFiles ?? []) {
    const clean = posix.normalize(name.replace(/\\/g, '/'));
    if (isAbsolute(name) || posix.isAbsolute(clean) || clean === '..' || clean.startsWith('../'))
      throw chartFileError(spec, `chart values file ${name} is outside the chart: refused`, 'name a file by its path inside the chart (values-prod.yaml)');
    if (clean === 'values.yaml') {
      merged = mergeMaps(merged, chart.values);
      continue;
    }
    const file = chart.files.find((f) => f.name === clean);
    if (!file) {
      if (spec.ignoreMissingChartValuesFiles) continue;
      throw chartFileError(
        spec,
        `chart values file ${name} is not in chart ${chart.metadata.name} ${chart.metadata.version}`,
        'fix the path (from the chart root), or ignore missing files (Argo CD ignoreMissingValueFiles, Flux ignoreMissingValuesFiles)',
      );
    }
    merged = mergeMaps(merged, parseValuesYaml(Buffer.from(file.data).toString('utf8'), `${chart.metadata.name}/${clean}`));
  }
  return spec.replaceChartValues ? mergeMaps(dropped(chart.values, merged), merged) : merged;
}

/** null at every key of `defaults` that `kept` lacks, through the tables both have. */
function dropped(defaults: Values, kept: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(defaults)) {
    if (!Object.prototype.hasOwnProperty.call(kept, k)) out[k] = null;
    else if (isGoMap(v) && isGoMap(kept[k])) out[k] = dropped(v, kept[k]);
  }
  return out;
}

function chartFileError(spec: ChartSpec, message: string, hint: string): UsageError {
  return new UsageError(`${spec.origin}: ${message}`, { code: 'ERR_SPEC', hint });
}
