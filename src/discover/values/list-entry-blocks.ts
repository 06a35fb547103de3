// Lists a template ranges over to write a values block holding an image into each entry's resource,
// in a text that never says "image" (pgEdge: one CloudNativePG Cluster per `pgEdge.nodes` entry,
// `pgEdge.clusterSpec` with its imageName merged into each by `toYaml`), and the fields a chart's
// values schema requires in a list's entries (pgEdge's `hostname` beside `name`): a stand-in entry
// without them is refused before any template runs. Both for listToggles (toggles/value.ts).
import type { ChartTemplates } from './types.js';
import type { PathSegment } from '../field-path.js';
import { isImageKey } from '../sites/site-rules.js';
import { RANGE, scanOf } from '../toggles/template-scan.js';
import { getIn } from './value-markers.js';
import { isRecord } from '../../util/is-record.js';
import { TextMemo } from '../../util/text-memo.js';

const VALUES_READ = /\$?\.Values((?:\.[A-Za-z_]\w*)+)/g;

/** A values map holding a reference (`/` or `:` in it) under an image-named key, a few levels down. */
function holdsImage(v: unknown, depth = 0): boolean {
  if (!isRecord(v) || depth > 4) return false;
  return Object.entries(v).some(([k, x]) => (typeof x === 'string' ? isImageKey(k) && /[/:]/.test(x) : holdsImage(x, depth + 1)));
}

/** Lists (from the top chart) ranged in a text without "image" that reads a values block holding one. */
export function blockRangedLists(charts: readonly ChartTemplates[], values: Record<string, unknown>): PathSegment[][] {
  const out: PathSegment[][] = [];
  for (const c of charts)
    for (const text of c.texts) {
      // the cheap tests first: a text near an image is listToggles' own case, one without `range` none
      if (scanOf(text).nearImage || !text.includes('range')) continue;
      const ranged = [...text.matchAll(RANGE)].map((m) => [...c.at, ...m[1]!.split('.')]);
      if (ranged.length === 0) continue;
      const reads = [...text.matchAll(VALUES_READ)].map((m) => [...c.at, ...m[1]!.slice(1).split('.')]);
      if (reads.some((r) => holdsImage(getIn(values, r)))) out.push(...ranged);
    }
  return out;
}

const SCHEMAS = new TextMemo<unknown>(16 * 1024 * 1024);
const parsed = (text: string): unknown =>
  SCHEMAS.of(text, (t) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return null;
    }
  });

/** The string fields the values schema of the chart owning `list` requires in each of its entries (`items.required`). */
export function requiredEntryFields(charts: readonly ChartTemplates[], list: readonly PathSegment[]): string[] {
  const owner = charts.filter((c) => c.schema && c.at.every((s, i) => list[i] === s)).sort((a, b) => b.at.length - a.at.length)[0];
  let node = owner?.schema ? parsed(owner.schema) : undefined;
  for (const seg of list.slice(owner?.at.length ?? 0)) node = isRecord(node) && isRecord(node.properties) ? node.properties[String(seg)] : undefined;
  const items = isRecord(node) ? node.items : undefined;
  if (!isRecord(items) || !Array.isArray(items.required)) return [];
  const props = isRecord(items.properties) ? items.properties : {};
  // a string stand-in fits a field typed string or untyped only
  return items.required.filter((k): k is string => typeof k === 'string' && (!isRecord(props[k]) || [undefined, 'string'].includes(props[k].type as string)));
}
