// The switches a chart's own check sets against a setting. A `fail` (or `required`) right inside
// an `if` that reads the setting beside other switches (`if and .Values.server.ha.enabled
// .Values.postgresql.enabled` then `fail "... bring your own database"`) refuses the two together;
// where the others are on by default, the setting renders only with them off; where it reads
// others under `not` (`and .Values.x.autoDiscovery.enabled (not .Values.rbac.create)`), off by
// default, only with them on. The optional search names the setting with those (Zabbix's server
// HA needs its bundled PostgreSQL off; Bitnami MongoDB's autoDiscovery needs rbac.create).

import type { PathSegment } from '../field-path.js';
import { branchEnds, VALUES_PATH } from './if-guards.js';
import { getIn } from '../values/value-markers.js';

const IF = /\{\{-?\s*(?:else\s+)?if\s+((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const NEGATED = /\bnot\s+\(?\s*\$?\.Values\.([A-Za-z_][\w.]*)/g;
/** `le (int .Values.broker.replicaCount) 0`: a count compared with a number (Bitnami Kafka's mode checks). */
const COMPARED = /\b(lt|le|gt|ge)\s+\(?\s*(?:int|int64|float64)?\s*\$?\.Values\.([A-Za-z_][\w.]*)\s*\)?\s+(\d+)\b/g;
/** The number that makes each comparison false. */
const CLEARS: Record<string, (n: number) => number> = { lt: (n) => n, le: (n) => n + 1, gt: (n) => n, ge: (n) => n - 1 };

/**
 * The values paths (dotted, from the top chart) that are true in `full` and that the innermost
 * `if` around line `line` of `text` reads positively beside one of `setting` (dotted from the top):
 * the switches to turn off beside the setting. `at`: where the template's chart's values sit.
 */
export function exclusiveSwitches(text: string, line: number, at: readonly PathSegment[], setting: readonly string[], full: Record<string, unknown>): string[] {
  let offset = 0;
  for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf('\n', offset) + 1 || -1;
  if (offset < 0) return [];
  const guard = guardAround(text, offset);
  return guard === undefined ? [] : checkCompanions(guard, at, setting, full).off;
}

/** The condition of the innermost `if` whose branch holds `offset` of `text`. */
export function guardAround(text: string, offset: number): string | undefined {
  const ends = branchEnds(text);
  let guard: string | undefined;
  for (const m of text.matchAll(IF)) {
    if (m.index >= offset) break;
    if ((ends.get(m.index) ?? text.length) > offset) guard = m[1];
  }
  return guard;
}

/** A tag that moves the dot, with what it moves it to. */
const MOVES_DOT = /\{\{-?\s*(?:with|range|define|block)\b\s*((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;
const WITH_VALUES = /^\s*\$?\.Values\.([A-Za-z_][\w.]*)\s*$/;
/** `.enabled`, `.lokiCanary.enabled`: a field of the dot, not of a variable, a call's result or `.Values`. */
const RELATIVE = /(?<![\w$.)\]])\.(?!(?:Values|Release|Chart|Capabilities|Template|Files|Subcharts)\b)([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;

/**
 * The guard of the innermost `if` around `offset`, its reads of the dot spelled as `.Values`
 * paths where the innermost block moving the dot is a `with .Values.P` (Loki's checks inside
 * `with .Values.monitoring.selfMonitoring`: `and (not .enabled) .lokiCanary.enabled`).
 */
export function scopedGuardAround(text: string, offset: number): string | undefined {
  const guard = guardAround(text, offset);
  if (guard === undefined || !/\bwith\b/.test(text)) return guard;
  const ends = branchEnds(text);
  let scope: string | undefined;
  for (const m of text.matchAll(MOVES_DOT)) {
    if (m.index >= offset) break;
    if ((ends.get(m.index) ?? text.length) > offset) scope = m[0].includes('with') ? (WITH_VALUES.exec(m[1]!)?.[1] ?? '') : '';
  }
  return scope ? guard.replace(RELATIVE, (_, path: string) => `.Values.${scope}.${path}`) : guard;
}

/**
 * What a check's `if` (`guard`) asks beside a setting it reads: the switches it reads positively
 * that are true in `full` (`off`: Zabbix's bundled PostgreSQL beside its server HA), and those it
 * reads under `not` that are false or empty (`on`: Bitnami MongoDB's `not .Values.rbac.create`
 * beside autoDiscovery). Dotted from the top; none where the guard reads no path of `setting`
 * positively.
 */
export function checkCompanions(
  guard: string,
  at: readonly PathSegment[],
  setting: readonly string[],
  full: Record<string, unknown>,
): { off: string[]; on: string[]; counts: [string, number][] } {
  const prefix = at.length > 0 ? `${at.join('.')}.` : '';
  const negatedReads = [...guard.matchAll(NEGATED)].map((m) => `${prefix}${m[1]!}`);
  const negated = new Set(negatedReads);
  const reads = [...guard.matchAll(VALUES_PATH)].map((m) => `${prefix}${m[1]!}`);
  const all = [...new Set(reads)];
  // read plainly at least once: an exactly-one-of check (Clusterpedia's storage, `or (and A B)
  // (and (not A) (not B))`) reads each switch both ways, and refuses the setting beside the other on
  const plain = new Set(all.filter((p) => reads.filter((r) => r === p).length > negatedReads.filter((r) => r === p).length));
  if (!all.some((p) => plain.has(p) && setting.includes(p))) return { off: [], on: [], counts: [] };
  const others = all.filter((p) => !setting.includes(p));
  const value = (p: string) => getIn(full, p.split('.'));
  // a count the check compares (`le (int .Values.broker.replicaCount) 0` beside zookeeper.enabled):
  // the number that makes the comparison false, where the values hold a number there
  const counts = [...guard.matchAll(COMPARED)].flatMap((m): [string, number][] => {
    const path = `${prefix}${m[2]!}`;
    return typeof value(path) === 'number' && !setting.includes(path) ? [[path, Math.max(0, CLEARS[m[1]!]!(Number(m[3])))]] : [];
  });
  return {
    off: others.filter((p) => plain.has(p) && value(p) === true),
    on: others.filter((p) => negated.has(p) && (value(p) === false || value(p) === '')),
    counts,
  };
}

/** The guards of every `if` whose branch holds `offset` of `text`, outermost first, each scoped as scopedGuardAround has it. */
export function guardsAround(text: string, offset: number): string[] {
  const ends = branchEnds(text);
  const out: string[] = [];
  for (const m of text.matchAll(IF)) {
    if (m.index >= offset) break;
    if ((ends.get(m.index) ?? text.length) > offset) out.push(scopedGuardAround(text, m.index + m[0].length) ?? m[1]!);
  }
  return out;
}
