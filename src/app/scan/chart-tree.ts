// What discovery reads of a chart tree besides its renders: each chart's template texts and
// values-shaped files with where its values sit, the values templates see (re-merged defaults,
// disabled subcharts' defaults), and the annotations and own values of every chart.

import { chartFullPath, isLibraryChart, type Chart } from '../../helm/chart/types.js';
import { fileText } from '../../helm/loader/load.js';
import { coalesceValues } from '../../helm/values/coalesce.js';
import type { Values } from '../../helm/engine/render-types.js';
import type { ChartAnnotations } from '../../discover/sites/index.js';
import { remergedDefaultKeys, remergedView } from '../../discover/values/index.js';
import type { ChartTemplates } from '../../discover/values/index.js';
import type { PathSegment } from '../../discover/field-path.js';
import type { ImageValueLeaf } from '../../discover/values/index.js';
import { filesTemplatesRead, shapeImageValues } from '../../discover/values/index.js';
import { asValuesReads, valuesAliases } from '../../discover/values/index.js';

/** The chart's subcharts, each with where its values sit (under its alias). */
function subcharts(c: Chart, at: PathSegment[]): [Chart, PathSegment[]][] {
  return c.dependencies.map((d) => {
    const dep = (c.metadata.dependencies ?? []).find((x) => x.name === d.metadata.name);
    return [d, [...at, dep?.alias ?? d.metadata.name]];
  });
}

/**
 * The text of a rendered document's template (`top/templates/x.yaml`, `top/charts/sub/templates/x.yaml`
 * as Helm names them); undefined when the chart tree has no such file.
 */
export function templateFileText(c: Chart, template: string): string | undefined {
  const parts = template.split('/');
  let at = c;
  let i = 1;
  while (parts[i] === 'charts' && i + 2 < parts.length) {
    const sub = at.dependencies.find((d) => d.metadata.name === parts[i + 1]);
    if (!sub) return undefined;
    at = sub;
    i += 2;
  }
  const name = parts.slice(i).join('/');
  const file = at.templates.find((t) => t.name === name);
  return file ? fileText(file) : undefined;
}

/**
 * Template texts of the chart and its subcharts, each with where its values sit. A library
 * chart's helpers run with the context of the chart that includes them (Atlassian's `common`
 * tests `.Values.monitoring.exposeJmxMetrics` of Confluence's values), so its texts read its
 * parent's values, not a block under its own name.
 */
export function chartTemplates(c: Chart, at: PathSegment[] = []): ChartTemplates[] {
  if (at.length > 0) return templatesAt(c, at);
  // asked for by the scan and again by the checks after it: the same chart, the same texts
  let kept = TREE_TEMPLATES.get(c);
  if (!kept) TREE_TEMPLATES.set(c, (kept = templatesAt(c, at)));
  return kept;
}

const TREE_TEMPLATES = new WeakMap<Chart, ChartTemplates[]>();

function templatesAt(c: Chart, at: PathSegment[]): ChartTemplates[] {
  const texts = c.templates.map(fileText);
  const aliases = valuesAliases(texts);
  const own: ChartTemplates = {
    at,
    texts: aliases.length > 0 ? texts.map((t) => asValuesReads(t, aliases)) : texts,
    ...(aliases.length > 0 ? { aliased: true as const } : {}),
    ...(c.schema ? { schema: fileText({ name: 'values.schema.json', data: c.schema }) } : {}),
  };
  return [own, ...subcharts(c, at).flatMap(([d, under]) => chartTemplates(d, isLibraryChart(d) ? at : under))];
}

/** Registry and repository keys the chart tree's values-shaped files declare and the values lack (values-shapes.ts). */
export function shapeLeaves(c: Chart, values: Record<string, unknown>, at: PathSegment[] = []): ImageValueLeaf[] {
  const data = c.files.map((f) => ({ name: f.name, size: f.data.length, text: () => fileText(f) }));
  return [
    ...shapeImageValues(filesTemplatesRead(c.templates.map(fileText), data), at, values),
    ...subcharts(c, at).flatMap(([d, under]) => shapeLeaves(d, values, under)),
  ];
}

/** Values as templates see them where the chart re-merges an internal defaults key (Istio). */
export function remerged(chart: Chart, full: Values): Values {
  // the texts the renders decoded (and the scan memo finds by them), not a fresh decode per discovery
  const texts = chart.templates.map((t) => ({ name: t.name, text: fileText(t) }));
  const keys = remergedDefaultKeys(texts, full);
  return keys.length === 0 ? full : remergedView(full, keys);
}

/**
 * The values a render sees, plus the defaults of subcharts the values disable (redis.enabled:
 * false): their image blocks and toggles are where the optional search looks.
 */
export function withDisabledSubcharts(chart: Chart, full: Values, depth = 0): Values {
  for (const dep of chart.metadata.dependencies ?? []) {
    const key = dep.alias ?? dep.name;
    const sub = chart.dependencies.find((c) => c.metadata.name === dep.name);
    const given = full[key];
    if (!sub || (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))) continue;
    const table = coalesceValues(sub, (given ?? {}) as Values);
    // the loaded subchart keys its own dependencies by name; templates read them by alias, which
    // the next level sets (a disabled exporter aliased under an enabled telemetry subchart)
    for (const d of sub.metadata.dependencies ?? []) if (d.alias && d.alias !== d.name && !(given && d.name in given)) delete table[d.name];
    full[key] = table;
    if (depth < SUBCHART_LEVELS) withDisabledSubcharts(sub, table, depth + 1);
  }
  return full;
}

/** Subcharts of subcharts looked into for the defaults of disabled ones. */
const SUBCHART_LEVELS = 3;

/**
 * Chart.yaml annotations and own values of the chart and every subchart, by chart path as the
 * render names it: an aliased dependency renders under its alias (once per alias).
 */
export function chartAnnotations(c: Chart, at = chartFullPath(c)): ChartAnnotations[] {
  const as = (d: Chart) => {
    const named = (c.metadata.dependencies ?? []).filter((x) => x.name === d.metadata.name).map((x) => x.alias ?? x.name);
    return named.length > 0 ? [...new Set(named)] : [d.metadata.name];
  };
  return [
    { chart: at, annotations: c.metadata.annotations, values: c.values },
    ...c.dependencies.flatMap((d) => as(d).flatMap((name) => chartAnnotations(d, `${at}/charts/${name}`))),
  ];
}
