// Charts that keep every default under one internal key and merge the user's values over it at
// render time (Istio's `_internal_defaults_do_not_set`: `$defaults := $.Values.K` ...
// `set $ "Values" (mustMergeOverwrite $defaults $.Values)`). Templates see the merged tree, and a
// user sets `global.hub`, not `K.global.hub`: discovery reads values paths from that view. Pure.

import { TextMemo } from '../../util/text-memo.js';
import { isRecord } from '../../util/is-record.js';

export interface TemplateText {
  name: string;
  text: string;
}

const REPLACES_VALUES = /\bset\s+\$\s+"Values"\s/;
const ASSIGN = /\$(\w+)\s*:?=\s*\$?\.Values\.([A-Za-z_][\w]*)\s*}}/g;
const MERGE_OVER = /\b(?:must)?[mM]erge(?:Overwrite)?\s+(?:\$(\w+)|\(?\s*\$?\.Values\.([A-Za-z_][\w]*))/g;

/** Top-level keys whose map a template merges the user's values over, then puts in place of .Values. */
export function remergedDefaultKeys(templates: readonly TemplateText[], values: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const t of templates) for (const key of mergedKeys(t.text)) if (isRecord(values[key])) out.add(key);
  return [...out];
}

// Each discovery of a chart scans every template of it, with the same texts each time (values'
// proofs and every chart of a spec discover again): the scan is kept per text.
const MERGED_KEYS = new TextMemo<string[]>(16 * 1024 * 1024);
const NONE: string[] = [];

/** The keys a template merges over, in order, when it puts the result in place of .Values. */
function mergedKeys(text: string): string[] {
  return MERGED_KEYS.of(text, (t) => {
    if (!REPLACES_VALUES.test(t)) return NONE;
    const vars = new Map<string, string>();
    for (const m of t.matchAll(ASSIGN)) vars.set(m[1], m[2]);
    const keys: string[] = [];
    for (const m of t.matchAll(MERGE_OVER)) {
      const key = m[1] !== undefined ? vars.get(m[1]) : m[2];
      if (key !== undefined) keys.push(key);
    }
    return keys;
  });
}

/** The values as those templates see them: each key's map under the rest (the rest wins). */
export function remergedView(values: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  let view: Record<string, unknown> = values;
  for (const k of keys) {
    const { [k]: defaults, ...rest } = view;
    view = mergeOver(structuredClone(defaults) as Record<string, unknown>, rest);
  }
  return view;
}

/** Sprig's mergeOverwrite: maps merge recursively, anything else in `src` replaces, but an empty one. */
function mergeOver(dst: Record<string, unknown>, src: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(src)) {
    const d = dst[k];
    if (v === null || v === '') continue;
    if (isRecord(v) && isRecord(d)) dst[k] = mergeOver(d, v);
    else Object.defineProperty(dst, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return dst;
}
