// A chart's defaults shared between renders instead of copied into each (CoalesceOptions.share).
// Discovery and values' proofs render one loaded chart many times; copying its whole values.yaml
// tree into every render's values was about 8% of a render, and every later comparison of two
// renders' values walked both copies. Shared defaults are frozen: coalescing copies a table only
// where it merges into it, and a template that writes into one (Sprig's set on .Values) meets a
// frozen map, which the engine answers by rendering again on copies (render-chart.ts, which
// shares them with the renders a command throws away only).

import type { Values } from '../engine/render-types.js';
import { TextMemo } from '../../util/text-memo.js';
import { isGoMap, parseValuesYaml, setKey } from './yaml.js';

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
