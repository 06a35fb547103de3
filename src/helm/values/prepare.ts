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
import { freezeForSharing, type WrittenTables } from './shared-defaults.js';

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
  if (isLibraryChart(loaded)) {
    throw new ChartError(`chart ${loaded.metadata.name}: library charts are not installable`, { hint: 'render an application chart that depends on it' });
  }
  checkDependenciesPresent(loaded);
  const share = Boolean(o.shareDefaults);
  if (share) freezeDefaults(loaded);
  const chart = cloneChartTree(loaded);
  const { major } = helmProfile(helmVersion);
  if (major === 3) useHelm3Defaults(chart);
  processDependencyEnabled(chart, userValues, '', { share });
  processDependencyImportValues(chart, { share });
  const values = coalesceValues(chart, userValues, { helmVersion, share, written: o.written, origins: o.origins });
  if (!o.skipSchemaValidation) validateValuesSchema(chart, values, major);
  return { chart, values };
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
  return prepareChart(chart, userValues, helmVersion, { skipSchemaValidation: true, shareDefaults: true }).values;
}
