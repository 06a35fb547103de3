// A chart's defaults shared between renders instead of copied into each (CoalesceOptions.share).
// Discovery and values' proofs render one loaded chart many times; copying its whole values.yaml
// tree into every render's values was about 8% of a render, and every later comparison of two
// renders' values walked both copies. Shared defaults are frozen: coalescing copies a table only
// where it merges into it, and a template that writes into one (Sprig's set on .Values) meets a
// frozen map, which the engine answers by rendering again on copies (render-chart.ts, which
// shares them with the renders a command throws away only).

import type { Values } from '../engine/render-types.js';
import { TextMemo } from '../../util/text-memo.js';
import { isGoMap, mergeMaps, parseValuesYaml, parseYamlDocuments, setKey, YamlError } from './yaml.js';

/** Per values tree: frozen (true), or not shareable (false: one object sits at two places). */
const shareable = new WeakMap<object, boolean>();

/**
 * The tree frozen for sharing, or false when one object sits at two places in it: a template
 * reading it by either path would be seen reading the other (template/track.ts). The YAML reader
 * makes no such tree (an alias is read into a copy); a chart's values set in code may.
 */
export function freezeForSharing(values: Values): boolean {
  const known = shareable.get(values);
  if (known !== undefined) return known;
  const seen = new Set<object>();
  const unaliased = (v: unknown): boolean => {
    if (!Array.isArray(v) && !isGoMap(v)) return true;
    if (seen.has(v)) return false;
    seen.add(v);
    return (Array.isArray(v) ? v : Object.values(v)).every(unaliased);
  };
  const ok = unaliased(values);
  if (ok) for (const v of seen) Object.freeze(v);
  shareable.set(values, ok);
  return ok;
}

const LOADED = new TextMemo<Values>(16 * 1024 * 1024);

/**
 * A chart's values.yaml as the loader keeps it: parsed and frozen once per text, so a chart loaded
 * again (each command loads its charts; discovery and values' proofs load one per run) shares
 * them. Not shareable (see freezeForSharing): parsed anew each time.
 */
export function loadedDefaults(text: string, where: string): Values {
  const kept = LOADED.get(text);
  if (kept) return kept;
  const values = parseValuesYaml(text, where);
  if (freezeForSharing(values)) LOADED.set(text, values);
  return values;
}

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/m;

/**
 * values.yaml of several documents as Helm 3 reads it: go-yaml v2 decodes the first document (an
 * empty one as no values), where Helm 4 merges them all (parseValuesYaml). Undefined for a file of
 * one document, which both read alike.
 */
export function loadedDefaultsHelm3(text: string, where: string): Values | undefined {
  // a second document starts after a `---` or `...` marker at the start of a line: without one the
  // file is one document, and it is not parsed a second time for nothing
  if (!DOCUMENT_MARKER.test(text)) return undefined;
  const docs = parseYamlDocuments(text, where);
  if (docs.length < 2) return undefined;
  const first = docs[0];
  if (first !== null && !isGoMap(first)) throw new YamlError(where, undefined, `cannot unmarshal ${Array.isArray(first) ? 'array' : typeof first} into a map`);
  const values = first === null ? {} : mergeMaps({}, first);
  freezeForSharing(values);
  return values;
}

/**
 * A shared table (or list): frozen by freezeForSharing. Asked as "not extensible", which freezing
 * makes it and nothing else here does: Object.isFrozen looks at every key (a microsecond for a
 * table of 200), Object.isExtensible at none.
 */
export function isShared(v: unknown): boolean {
  return !Object.isExtensible(v);
}

/** `parent[key]`, first replaced by a shallow copy when it is a shared (frozen) table. */
export function writableAt(parent: Values, key: string): Values {
  const v = parent[key] as Values;
  if (!isShared(v)) return v;
  const copy = copyTable(v);
  setKey(parent, key, copy);
  return copy;
}

/** A shallow copy of a table ("__proto__" kept as a key, as Go keeps it). */
export function copyTable(v: Values): Values {
  return { ...v };
}

/** Keeps the shared (frozen) parts of a tree and copies the rest, recursively: what may be merged into. */
export function copyUnshared<T>(v: T): T {
  if (isShared(v) || (!Array.isArray(v) && !isGoMap(v))) return v;
  if (Array.isArray(v)) return v.map(copyUnshared) as T;
  const out: Values = {};
  for (const k of Object.keys(v)) setKey(out, k, copyUnshared(v[k]));
  return out as T;
}

const everything = (): boolean => true;

/**
 * `v` with its shared (frozen) tables copied, those `want` picks (all by default), and the tables
 * holding them: one copy per table in `copies`, so a table at two places stays one table there.
 * Globals take all: copyGlobals copies them down shallowly, as Helm does, so a subchart merging its
 * global defaults into a nested table of them writes into its parent's table too (Helm shows the
 * subchart's global keys in the parent); a frozen table there would be copied at one place only.
 * Without `copies` (not sharing) nothing is frozen: `v` as it is.
 */
export function thawed<T>(v: T, copies: Map<object, unknown> | undefined, want: (t: object) => boolean = everything): T {
  if (!copies || (!Array.isArray(v) && !isGoMap(v))) return v;
  if (!isShared(v)) {
    thawInside(v as Values | unknown[], copies, want);
    return v;
  }
  const known = copies.get(v as object);
  if (known !== undefined) return known as T;
  if (!want(v as object)) return v;
  const copy: Values | unknown[] = Array.isArray(v) ? [...v] : copyTable(v as Values);
  copies.set(v as object, copy);
  thawInside(copy, copies, want);
  return copy as T;
}

function thawInside(v: Values | unknown[], copies: Map<object, unknown>, want: (t: object) => boolean): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = thawed(v[i], copies, want);
    return;
  }
  for (const k of Object.keys(v)) {
    const x = v[k];
    const t = thawed(x, copies, want);
    if (t !== x) setKey(v, k, t);
  }
}

/**
 * The shared tables a chart's templates write into (Sprig's set on .Values meets a frozen table):
 * its later renders copy them, and the tables holding them, and share the rest. Replaced, not
 * changed, when one more is found, so what was learnt about the old set is not taken for the new.
 */
export interface WrittenTables {
  readonly tables: WeakSet<object>;
  readonly count: number;
}

const holding = new WeakMap<WrittenTables, WeakMap<object, boolean>>();

/** Whether frozen `t` is a written table or holds one (kept per table: shared tables never change). */
export function holdsWritten(t: object, w: WrittenTables): boolean {
  let memo = holding.get(w);
  if (!memo) holding.set(w, (memo = new WeakMap()));
  const walk = (x: object): boolean => {
    const known = memo.get(x);
    if (known !== undefined) return known;
    let holds = w.tables.has(x);
    for (const c of holds ? [] : Array.isArray(x) ? x : Object.values(x)) {
      if ((Array.isArray(c) || isGoMap(c)) && walk(c)) {
        holds = true;
        break;
      }
    }
    memo.set(x, holds);
    return holds;
  };
  return walk(t);
}
