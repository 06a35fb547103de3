// From a loaded chart and the user's values to what templates see: Helm's
// ProcessDependencies (aliases, conditions, tags, import-values), CoalesceValues and the
// values.schema.json check. The loaded chart is not mutated (a render can be repeated).

import { ChartError } from '../../util/errors.js';
import { isLibraryChart, type Chart } from '../chart/types.js';
import { coalesceValues } from './coalesce.js';
import { checkDependenciesPresent, cloneChartTree, processDependencyEnabled, processDependencyImportValues } from './dependencies.js';
import type { Values } from '../engine/render-types.js';
import { helmProfile, type HelmLine } from '../engine/defaults.js';
import { validateValuesSchema } from './schema.js';
import { copyTable, freezeForSharing, isShared, type WrittenTables } from './shared-defaults.js';
import { isGoMap, setKey } from './yaml.js';

export interface PreparedChart {
  /** The chart tree as rendered: disabled dependencies removed, aliases applied. */
  chart: Chart;
  /** The top chart's .Values (subcharts read their table from it). */
  values: Values;
}

export interface PrepareOptions {
  skipSchemaValidation?: boolean;
  /** The charts' defaults shared (frozen), not copied: only a render, whose writes Sprig checks, may take them. */
  shareDefaults?: boolean;
  /** Under shareDefaults: the tables the chart's templates write into, copied. */
  written?: WrittenTables;
  /** Not sharing: each copy of a default table noted with the table it copies (what a template wrote into). */
  origins?: WeakMap<object, object>;
}

export function prepareChart(loaded: Chart, userValues: Values, helmVersion?: HelmLine, o: PrepareOptions = {}): PreparedChart {
  const { major } = helmProfile(helmVersion);
  if (major === 4) refuseChartApi(loaded);
  if (isLibraryChart(loaded)) {
    throw new ChartError(`chart ${loaded.metadata.name}: library charts are not installable`, { hint: 'render an application chart that depends on it' });
  }
  checkDependenciesPresent(loaded);
  const share = Boolean(o.shareDefaults);
  if (share) freezeDefaults(loaded);
  const chart = cloneChartTree(loaded);
  if (major === 3) useHelm3Defaults(chart);
  processDependencyEnabled(chart, userValues, '', { share });
  processDependencyImportValues(chart, { share });
  const values = coalesceValues(chart, userValues, { helmVersion, share, written: o.written, origins: o.origins });
  if (!o.skipSchemaValidation) validateValuesSchema(chart, values, major);
  return { chart, values };
}

/**
 * Helm 4 renders charts of API v1 and v2 only (pkg/chart/loader: a top chart of API v3 is loaded
 * behind an experimental gate and then refused by install and template; any other is not
 * loaded). Helm 3.17 reads every apiVersion as v2. Chart API v3 is not specified yet: refused.
 */
function refuseChartApi(c: Chart): void {
  const api = c.metadata.apiVersion;
  if (api === 'v1' || api === 'v2') return;
  const name = c.metadata.name;
  if (api === 'v3')
    throw new ChartError(`chart ${name}: invalid chart apiVersion "v3": chart API v3 is experimental in Helm 4, which refuses to render it`, {
      code: 'ERR_CHART_API',
      hint: `set apiVersion: v2 in ${name}/Chart.yaml if the chart uses no v3 feature, or render as Helm 3.17 does (--helm-version 3.17, which reads it as v2)`,
    });
  throw new ChartError(`chart ${name}: unsupported chart version ${JSON.stringify(api)} (Chart.yaml apiVersion)`, {
    code: 'ERR_CHART_API',
    hint: `set apiVersion: v2 in ${name}/Chart.yaml: Helm 4 loads charts of apiVersion v1 and v2 only`,
  });
}

/** Each chart of the (cloned) tree with the values.yaml Helm 3 reads, where it reads another (a file of several documents). */
function useHelm3Defaults(c: Chart): void {
  if (c.valuesHelm3) c.values = c.valuesHelm3;
  c.dependencies.forEach(useHelm3Defaults);
}

function freezeDefaults(c: Chart): void {
  freezeForSharing(c.values);
  c.dependencies.forEach(freezeDefaults);
}

/**
 * The values a render of `chart` sees, for reading beside the render (image leaves, asks): not
 * checked against values.schema.json, which the render itself does (or skips, as asked). Read
 * only: the defaults in it are shared (frozen), and a table read from it is copied to be changed.
 */
export function renderedValues(chart: Chart, userValues: Values, helmVersion: HelmLine | undefined): Values {
  const values = prepareChart(chart, userValues, helmVersion, { skipSchemaValidation: true, shareDefaults: true }).values;
  if (!helmProfile(helmVersion).dropsDefaultNulls) return values;
  // Helm 4.2 leaves the chart's default nulls out of what templates see, which renders nothing
  // from them; but a null a chart declares is a setting a user may give (an override left empty):
  // read beside the render, they are kept where the render's values have no such key
  const declared = prepareChart(chart, userValues, '4.1', { skipSchemaValidation: true, shareDefaults: true }).values;
  return withDeclaredNulls(values, declared);
}

/** `into` with the nulls of `from` it has no key for, in the tables both hold (a shared table copied first). */
function withDeclaredNulls(into: Values, from: Values): Values {
  let out = into;
  const put = (k: string, v: unknown) => {
    if (out === into && isShared(into)) out = copyTable(into);
    setKey(out, k, v);
  };
  for (const k of Object.keys(from)) {
    const f = from[k];
    if (f === null) {
      if (!Object.prototype.hasOwnProperty.call(out, k)) put(k, null);
    } else if (isGoMap(f) && isGoMap(out[k])) {
      const sub = withDeclaredNulls(out[k] as Values, f);
      if (sub !== out[k]) put(k, sub);
    }
  }
  return out;
}
