// From a loaded chart and the user's values to what templates see: Helm's
// ProcessDependencies (aliases, conditions, tags, import-values), CoalesceValues and the
// values.schema.json check. The loaded chart is not mutated (a render can be repeated).

import { ChartError } from '../../util/errors.js';
import { isLibraryChart, type Chart } from '../chart/types.js';
import { coalesceValues } from './coalesce.js';
import { checkDependenciesPresent, cloneChartTree, processDependencyEnabled, processDependencyImportValues } from './dependencies.js';
import type { Values } from '../engine/render-types.js';
import { validateValuesSchema } from './schema.js';

export interface PreparedChart {
  /** The chart tree as rendered: disabled dependencies removed, aliases applied. */
  chart: Chart;
  /** The top chart's .Values (subcharts read their table from it). */
  values: Values;
}

export function prepareChart(loaded: Chart, userValues: Values, helmVersion: 3 | 4 = 4, o: { skipSchemaValidation?: boolean } = {}): PreparedChart {
  if (isLibraryChart(loaded)) {
    throw new ChartError(`chart ${loaded.metadata.name}: library charts are not installable`, { hint: 'render an application chart that depends on it' });
  }
  checkDependenciesPresent(loaded);
  const chart = cloneChartTree(loaded);
  processDependencyEnabled(chart, userValues, '');
  processDependencyImportValues(chart);
  const values = coalesceValues(chart, userValues, { helmVersion });
  if (!o.skipSchemaValidation) validateValuesSchema(chart, values, helmVersion);
  return { chart, values };
}

/**
 * The values a render of `chart` sees, for reading beside the render (image leaves, asks): not
 * checked against values.schema.json, which the render itself does (or skips, as asked).
 */
export function renderedValues(chart: Chart, userValues: Values, helmVersion: 3 | 4 | undefined): Values {
  return prepareChart(chart, userValues, helmVersion, { skipSchemaValidation: true }).values;
}
