// The switches a values block no round of the optional search used may sit under all at once.
// A part may need a switch and a word together, neither bringing anything alone (Firefly III's
// cronjob: `if .Values.cronjob.enabled`, then `if or .Values.cronjob.auth.token
// .Values.cronjob.auth.existingSecret`), or read its switches relative to a `with` block and its
// image through a helper (Loki's helm-test Pod: `with .Values.test`, then `if and .enabled
// $.Values.monitoring.selfMonitoring.enabled ...`, the image from `include "loki.helm-test-image"`).
// The search tries the switches of the `if`s around each read all on, once per read, only while such
// a block is left (the `if`s around it, not all of its template's: a StatefulSet's other switches
// would only break the render). Where those `if`s name nothing to flip but include a helper that
// prints "true" (Milvus' woodpecker: `eq (include "milvus.woodpecker.external.enabled" .) "true"`),
// the helper's own `if` stands for the include.

import type { ChartTemplates } from '../values/absent-values.js';
import { guardsAround } from './exclusive.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { definedHelpers, nilSafeRead, VALUES_PATH } from './if-guards.js';
import { helperDefinitions } from './template-scan.js';
import { getIn } from '../values/value-markers.js';
import { enablingToggles, formatToggles, fromTop, LIST_ENTRY, switchOn, type DependencyCondition, type ValueToggle } from './value.js';

const IMAGE_PART = /image|registry|repository|tag|digest/i;
/** `eq .Values.x "word"` or `eq "word" .Values.x`. */
const COMPARED = /\beq\s+(?:\$?\.Values\.([A-Za-z_][\w.]*)\s+"([^"]*)"|"([^"]*)"\s+\$?\.Values\.([A-Za-z_][\w.]*))/g;
const NEGATED = /\bnot\s+\(?\s*\$?\.Values\.([A-Za-z_][\w.]*)/g;
/** `eq (.Values.x) false`: a boolean the test wants off. */
const EQ_FALSE = /\beq\s+\(?\s*\$?\.Values\.([A-Za-z_][\w.]*)\s*\)?\s+false\b/g;
const INCLUDED = /\binclude\s+"([^"]+)"/g;
const IF_TEST = /\{\{-?\s*if\s+((?:[^{}]|\{(?!\{)|\}(?!\}))*?)\s*-?\}\}/g;

/**
 * For values blocks no round used (dotted leaf paths from the top), one group per place that reads
 * one, itself or by including the helper that does: the switches the `if`s around it read, off in
 * values (booleans on, empty words at a stand-in), the switches of the subcharts off around the
 * block first.
 */
export function blockSwitches(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  conditions: readonly DependencyCondition[],
  blocks: readonly string[],
): ValueToggle[][] {
  const groups = new Map<string, ValueToggle[]>();
  for (const c of charts) {
    const prefix = c.at.length > 0 ? `${c.at.join('.')}.` : '';
    const mine = blocks.filter((b) => b.startsWith(prefix)).map((b) => b.slice(prefix.length));
    if (mine.length === 0) continue;
    for (const [i, read] of readsOf(mine).entries())
      for (const text of c.texts) {
        const at = text.search(read);
        if (at < 0) continue;
        // read in a helper: where the templates that include it do
        const helpers = definesAround(text, at);
        const sites = helpers.length === 0 ? [{ text, at }] : c.texts.flatMap((t) => helpers.flatMap((h) => includesOf(t, h).map((o) => ({ text: t, at: o }))));
        for (const site of sites) {
          const guards = guardsAround(site.text, site.at);
          // a helper's own test only where the guards name nothing to flip (each group is a render)
          const plain = switchesOf(guards, c.at, values);
          const out = plain.length > 0 ? plain : switchesOf(withPredicates(guards, c.texts), c.at, values);
          if (out.length === 0) continue;
          const group = [...enablingToggles(conditions, values, [...c.at, ...mine[i]!.split('.')]), ...out];
          groups.set(formatToggles(group), group);
        }
      }
  }
  return [...groups.values()];
}

/**
 * What `guards` ask that `values` do not give: switches off on (not those read under `not`), empty
 * words at a stand-in (no image's part: `if .image.digest` picks a form of the same image), empty
 * lists with one stand-in entry (dysnix/app's `volumePermissions.command` beside
 * `persistence.enabled`), and
 * words compared with another (`eq .Values.externalAccess.service.type "LoadBalancer"`: Bitnami
 * MongoDB's auto-discovery init container, where sorry-cypress sets ClusterIP).
 */
function switchesOf(guards: readonly string[], at: readonly PathSegment[], values: Record<string, unknown>): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const read of guards) {
    const guard = nilSafeRead(read);
    const negated = new Set([...guard.matchAll(NEGATED)].map((m) => m[1]!));
    for (const m of guard.matchAll(VALUES_PATH)) {
      if (negated.has(m[1]!)) continue;
      const segs = fromTop(at, m[1]!);
      const v = getIn(values, segs);
      if (v === false) out.set(formatPath(segs), switchOn(segs));
      else if (v === '' && !IMAGE_PART.test(String(segs[segs.length - 1])))
        out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: LIST_ENTRY.value, standIn: true });
      // an empty list an `if` tests as a switch (`and .Values.persistence.enabled .Values.volumePermissions.command`): one entry
      else if (Array.isArray(v) && v.length === 0) {
        const entry = [...segs, 0];
        out.set(formatPath(entry), { path: formatPath(entry), segments: entry, value: LIST_ENTRY.value, standIn: true });
      }
    }
    for (const m of guard.matchAll(EQ_FALSE)) {
      const segs = fromTop(at, m[1]!);
      if (getIn(values, segs) === true) out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: false });
    }
    for (const m of guard.matchAll(COMPARED)) {
      const segs = fromTop(at, (m[1] ?? m[4])!);
      const word = (m[2] ?? m[3])!;
      const v = getIn(values, segs);
      if (typeof v === 'string' && v !== word) out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: word });
    }
  }
  return [...out.values()];
}

/**
 * The guards, each followed by the `if` tests of the helpers it includes that print "true" (Milvus'
 * `eq (include "milvus.woodpecker.external.enabled" .) "true"`): the include names no setting, its
 * helper's own test does. Only guards that include one are looked up.
 */
function withPredicates(guards: readonly string[], texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const guard of guards) {
    out.push(guard);
    if (!guard.includes('include')) continue;
    const names = new Set([...guard.matchAll(INCLUDED)].map((m) => m[1]!));
    for (const text of texts)
      if (text.includes('define'))
        for (const [name, body] of helperDefinitions(text))
          if (names.has(name) && /\btrue\b/.test(body)) for (const m of body.matchAll(IF_TEST)) out.push(m[1]!);
  }
  return out;
}

const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A read of each leaf, or of its block whole (`with .Values.cronjob.image`, then `.repository`). */
function readsOf(leaves: readonly string[]): RegExp[] {
  return leaves.map((rel) => {
    const block = rel.includes('.') ? `|${quote(rel.slice(0, rel.lastIndexOf('.')))}(?![\\w.])` : '';
    return new RegExp(`\\.Values\\.(?:${quote(rel)}(?!\\w)${block})`);
  });
}

/** The helpers whose `define` holds `offset` of `text`. */
function definesAround(text: string, offset: number): string[] {
  if (!text.includes('define')) return [];
  return definedHelpers(text)
    .filter((d) => d.tag < offset && d.end > offset)
    .map((d) => d.name);
}

/** Where `text` includes or templates `helper`. */
const includesOf = (text: string, helper: string): number[] =>
  [...text.matchAll(new RegExp(`\\b(?:include|template)\\s+"${quote(helper)}"`, 'g'))].map((m) => m.index);
