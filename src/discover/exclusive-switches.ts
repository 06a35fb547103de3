// The switches a chart's own check sets against a setting. A `fail` (or `required`) right inside
// an `if` that reads the setting beside other switches (`if and .Values.server.ha.enabled
// .Values.postgresql.enabled` then `fail "... bring your own database"`) refuses the two together;
// where the others are on by default, the setting renders only with them off. The optional
// search names the setting with those (Zabbix's server HA needs its bundled PostgreSQL off).

import type { PathSegment } from './field-path.js';
import { branchEnds, VALUES_PATH } from './if-guards.js';
import { getIn } from './value-markers.js';

const IF = /\{\{-?\s*(?:else\s+)?if\s+((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const NEGATED = /\bnot\s+\(?\s*\$?\.Values\.([A-Za-z_][\w.]*)/g;

/**
 * The values paths (dotted, from the top chart) that are true in `full` and that the innermost
 * `if` around line `line` of `text` reads positively beside one of `setting` (dotted from the top):
 * the switches to turn off beside the setting. `at`: where the template's chart's values sit.
 */
export function exclusiveSwitches(text: string, line: number, at: readonly PathSegment[], setting: readonly string[], full: Record<string, unknown>): string[] {
  let offset = 0;
  for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf('\n', offset) + 1 || -1;
  if (offset < 0) return [];
  const ends = branchEnds(text);
  let guard: string | undefined;
  for (const m of text.matchAll(IF)) {
    if (m.index >= offset) break;
    if ((ends.get(m.index) ?? text.length) > offset) guard = m[1];
  }
  if (guard === undefined) return [];
  const negated = new Set([...guard.matchAll(NEGATED)].map((m) => m[1]!));
  const prefix = at.length > 0 ? `${at.join('.')}.` : '';
  const read = [...new Set([...guard.matchAll(VALUES_PATH)].map((m) => `${prefix}${m[1]!}`))].filter((p) => !negated.has(p.slice(prefix.length)));
  if (!read.some((p) => setting.includes(p))) return [];
  return read.filter((p) => !setting.includes(p) && getIn(full, p.split('.')) === true);
}
