// Which subcharts a render includes, and what they export to their parent (Helm's
// chartutil/dependencies.go): Chart.yaml `dependencies` are matched to the charts in charts/ by
// name and version range, `alias` makes a renamed copy (so one chart can appear twice), `tags`
// and `condition` switch dependencies off (a condition that resolves to a bool beats tags), and
// `import-values` copies a child's values into the parent (child `exports.X` for the string form,
// {child, parent} for the map form; the parent's own values win).

import { ChartError } from '../../util/errors.js';
import { formatValue } from '../../template/value.js';
import { chartName, setDependencies, type Chart, type Dependency } from '../chart/types.js';
import { coalescedView, coalesceTables, deepCopyValue, mergeValues, valuesPathValue, valuesTable, type CoalesceOptions } from './coalesce.js';
import type { Values } from '../engine/render-types.js';
import { isCompatibleRange } from '../chart/version-range.js';
import { isGoMap } from './yaml.js';

/** A copy of a chart tree that processing may mutate (file contents are shared). */
export function cloneChartTree(c: Chart): Chart {
  const metadata = { ...c.metadata, dependencies: c.metadata.dependencies?.map((d) => ({ ...d })) };
  const copy: Chart = { ...c, metadata, parent: undefined, dependencies: [] };
  setDependencies(copy, c.dependencies.map(cloneChartTree));
  return copy;
}

/** `helm template` refuses a chart whose Chart.yaml dependencies are not all vendored. */
export function checkDependenciesPresent(c: Chart): void {
  const present = new Set(c.dependencies.map(chartName));
  const missing = (c.metadata.dependencies ?? []).filter((r) => !present.has(r.name)).map((r) => r.name);
  if (missing.length > 0) {
    throw new ChartError(`chart ${c.metadata.name}: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`, {
      hint: 'run `helm dependency build` (or `helm dependency update`) in the chart folder, then package it again',
    });
  }
}

function aliasDependency(charts: Chart[], req: Dependency): Chart | undefined {
  const c = charts.find((x) => chartName(x) === req.name && isCompatibleRange(req.version, x.metadata.version));
  if (!c) return undefined;
  const copy = cloneChartTree(c);
  if (req.alias) copy.metadata.name = req.alias;
  return copy;
}

function tagsEnable(req: Dependency, tags: Values): boolean | undefined {
  let hasTrue = false;
  let hasFalse = false;
  for (const t of req.tags ?? []) {
    const v = Object.prototype.hasOwnProperty.call(tags, t) ? tags[t] : undefined;
    if (v === true) hasTrue = true;
    else if (v === false) hasFalse = true;
  }
  return !hasTrue && hasFalse ? false : true;
}

function conditionEnables(req: Dependency, cvals: Values, path: string): boolean | undefined {
  for (const cond of (req.condition ?? '').trim().split(',')) {
    if (cond === '') continue;
    const r = valuesPathValue(cvals, path + cond);
    if (r.found && typeof r.value === 'boolean') return r.value;
  }
  return undefined;
}

/** Applies aliases, tags and conditions to the chart tree (mutates it: pass a clone). */
export function processDependencyEnabled(c: Chart, v: Values, path: string, o: CoalesceOptions = {}): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const kept = c.dependencies.filter((d) => !reqs.some((r) => chartName(d) === r.name && isCompatibleRange(r.version, d.metadata.version)));
  for (const req of reqs) {
    const dc = aliasDependency(c.dependencies, req);
    if (dc) kept.push(dc);
    if (req.alias) req.name = req.alias;
  }
  setDependencies(c, kept);
  const cvals = coalescedView(c, v, o);
  const tags = valuesTable(cvals, 'tags');
  for (const req of reqs) {
    req.enabled = tags ? tagsEnable(req, tags) : true;
    req.enabled = conditionEnables(req, cvals, path) ?? req.enabled;
  }
  const off = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const on = c.dependencies.filter((d) => !off.has(chartName(d)));
  for (const d of on) processDependencyEnabled(d, cvals, `${path}${chartName(d)}.`, o);
  c.metadata.dependencies = reqs.filter((r) => !off.has(r.name));
  setDependencies(c, on);
}

function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  return path.split('.').reduceRight<Values>((acc, part) => ({ [part]: acc }), data);
}

function importsOf(req: Dependency): { child: string; parent: string }[] {
  const out: { child: string; parent: string }[] = [];
  for (const iv of req['import-values'] ?? []) {
    if (isGoMap(iv)) out.push({ child: formatValue(iv.child), parent: formatValue(iv.parent) });
    else if (typeof iv === 'string') out.push({ child: `exports.${iv}`, parent: '.' });
  }
  return out;
}

function processImportValues(c: Chart, o: CoalesceOptions): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const cvals = mergeValues(c, {}, o);
  let b: Values = {};
  for (const req of reqs) {
    const imports = importsOf(req);
    for (const { child, parent } of imports) {
      const table = valuesTable(cvals, `${req.name}.${child}`);
      if (table) b = coalesceTables(b, pathToMap(parent, deepCopyValue(table)), '', true);
    }
    req['import-values'] = imports;
  }
  // cvals is this call's own copy (the imported tables in b are copied out of it): merged into as
  // it is, not copied once more on every render of a chart with dependencies
  c.values = coalesceTables(cvals, b, '', true);
}

/** import-values for the whole tree, children first. */
export function processDependencyImportValues(c: Chart, o: CoalesceOptions = {}): void {
  for (const d of c.dependencies) processDependencyImportValues(d, o);
  processImportValues(c, o);
}
