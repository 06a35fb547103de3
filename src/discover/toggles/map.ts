// Maps empty by default that turn parts on when they hold an entry: Grafana's `dashboards: {}`,
// under `{{- if .Values.dashboards }}` around the init container that downloads them. No boolean
// switches such a part, so the search adds one stand-in entry, shaped as the templates walk the map.

import type { ChartTemplates } from '../values/absent-values.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { scanOf } from './template-scan.js';
import { ASSIGNMENT, branchEnds } from './if-guards.js';
import { getIn } from '../values/value-markers.js';
import { isRecord } from '../../util/is-record.js';
import { TextMemo } from '../../util/text-memo.js';
import { bringsImage, LIST_ENTRY, listToggles, type ValueToggle } from './value.js';
import { placed } from './guard-places.js';

/** `range $k, $v := SOURCE` or `range $v := SOURCE`: the variable an entry's value goes in, and the map or variable walked. */
const RANGE_VAR = /\{\{-?\s*range\s+(?:\$\w+\s*,\s*)?(\$\w+)\s*:=\s*(\$?\.Values\.[A-Za-z_][\w.]*|\$\w+)\s*-?\}\}/g;
/** Levels of maps within maps followed: Grafana's providers of dashboards are two. */
const MAX_DEPTH = 4;

/** How the templates walk a map: how many levels of entries within entries, and whether the last level is read as a map. */
interface EntryShape {
  depth: number;
  map: boolean;
}

/** Reads of an entry that take it for a map: its fields, a key test, a helper or a merge it goes to. */
const readsAsMap = (name: string) =>
  new RegExp(`\\${name}\\.[A-Za-z_]|\\b(?:hasKey|index|get|pluck|merge\\w*|deepCopy)\\s+\\${name}\\b|\\b(?:include|template)\\s+"[^"]+"\\s+\\${name}\\b`);

/**
 * The shape of a map's entries as `range`s read them (`range $provider, $dashboards :=
 * .Values.dashboards` then `range $key, $value := $dashboards` then `hasKey $value "url"`: two
 * levels, the last a map; `range $k, $v := .Values.secrets` then `$v | b64enc`: one, a word),
 * also through the variables it is merged into first; a map no range walks (a `with`'s toYaml)
 * takes a plain key.
 */
function entryShape(texts: readonly string[], rel: string): EntryShape {
  let shape: EntryShape | undefined;
  const take = (s: EntryShape) => {
    if (!shape || s.depth > shape.depth || (s.depth === shape.depth && s.map)) shape = s;
  };
  for (const text of texts) {
    if (!text.includes(rel)) continue;
    // `range .Values.x` walks the entries as the dot: each read by its fields
    if (new RegExp(`\\{\\{-?\\s*range\\s+\\$?\\.Values\\.${rel.replace(/\./g, '\\.')}\\s*-?\\}\\}`).test(text)) take({ depth: 1, map: true });
    const { ranges, assigned } = walksOf(text);
    // a variable's name is reused by later ranges: an inner range is one within the outer's body
    const holders = holdersOf(assigned, rel);
    let level = ranges.filter((r) => r.source === `.Values.${rel}` || holders.has(r.source));
    for (let depth = 1; level.length > 0 && depth <= MAX_DEPTH; depth++) {
      take({ depth, map: level.some((r) => readsAsMap(r.name).test(text.slice(r.start, r.end))) });
      const outer = level;
      level = ranges.filter((r) => outer.some((o) => r.source === o.name && o.start <= r.start && r.start < o.end));
    }
  }
  return shape ?? { depth: 1, map: false };
}

interface Assigned {
  name: string;
  expr: string;
}

/** What a text's ranges walk and its variables hold, the same for every map asked about. */
interface TextWalks {
  ranges: { name: string; source: string; start: number; end: number }[];
  assigned: Assigned[];
}

// asked for every empty map an `if`, `with` or `range` tests (argo-workflows: dozens), of every text
// naming it: kept per text
const WALKS = new TextMemo<TextWalks>(16 * 1024 * 1024);

function walksOf(text: string): TextWalks {
  return WALKS.of(text, (t) => {
    const ends = branchEnds(t);
    return {
      ranges: [...t.matchAll(RANGE_VAR)].map((m) => ({
        name: m[1]!,
        source: m[2]!.replace(/^\$\./, '.'),
        start: m.index + m[0].length,
        end: ends.get(m.index) ?? t.length,
      })),
      // a range's own variables are its entries, not the map
      assigned: [...t.matchAll(ASSIGNMENT)]
        .filter((m) => !/\brange\b/.test(t.slice(t.lastIndexOf('{{', m.index), m.index)))
        .map((m) => ({ name: m[1]!, expr: m[2]! })),
    };
  });
}

/** Assignments a map passes through before a range walks it: hops followed. */
const MAX_HOPS = 3;

/**
 * Variables that hold the map or a merge of it (Trino's `$merged := merge $templated
 * .Values.additionalCatalogs`, Airflow's `fromYaml` of it merged into `$configuration`).
 */
function holdersOf(assigned: readonly Assigned[], rel: string): Set<string> {
  const out = new Set<string>();
  let reads = new RegExp(`\\.Values\\.${rel.replace(/\./g, '\\.')}(?![\\w.])`);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const found = assigned.filter((a) => !out.has(a.name) && reads.test(a.expr)).map((a) => a.name);
    if (found.length === 0) break;
    found.forEach((n) => out.add(n));
    reads = new RegExp(`(?:${[...out].map((n) => `\\${n}\\b`).join('|')})`);
  }
  return out;
}

const isEmptyMap = (v: unknown): boolean => isRecord(v) && !(v instanceof Uint8Array) && Object.keys(v).length === 0;

/**
 * Maps empty by default (`{}` in values) that an `if`, `with` or `range` tests where the branch
 * can bring an image: one stand-in entry each, named LIST_ENTRY's value at every level the
 * templates walk, a map `{name: example}` where they read the entry's fields or walk no entry
 * (`dashboards.example.example.name=example`), else the word (`secrets.example=example`).
 * Maps listToggles gives a stand-in already are left to it.
 */
export function mapToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  // the branch's own text, not the pod helper it sits in: a pod's `with .Values.resources` brings nothing
  const bringing = bringsImage(charts, true);
  const listed = new Set(listToggles(charts, values).map((t) => formatPath(t.segments.slice(0, -2))));
  const out = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      for (const guards of [scan.guards, scan.opened])
        for (const g of guards) {
          const { segments: at, path } = placed(g, c.at);
          if (!isEmptyMap(getIn(values, at)) || out.has(path) || listed.has(path) || !bringing(g)) continue;
          const { depth, map } = entryShape(c.texts, g.path);
          const segments: PathSegment[] = [...at, ...Array<string>(depth).fill(LIST_ENTRY.value), ...(map ? [LIST_ENTRY.key] : [])];
          out.set(path, { path: formatPath(segments), segments, value: LIST_ENTRY.value, entry: true });
        }
    }
  return [...out.values()];
}
