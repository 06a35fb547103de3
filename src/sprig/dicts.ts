// Sprig's dict family (dict.go). Maps are shared by reference as in Go, so `set`, `unset`,
// `merge` and `mergeOverwrite` mutate their first argument and later template actions see it.
import { isMap, isNil, isNilMap, mapGet, mapHas, nilMap, sortedKeys } from '../template/value.js';
import { argMap, argString, empty, strval, type GoFunc } from './cast.js';
import { chargeEntry } from '../template/budget.js';

/** Assign a key without letting "__proto__" reach JavaScript's prototype setter. */
export function mapSet(m: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

/**
 * mergo.Merge / mergo.MergeWithOverwrite on map[string]interface{} as Sprig calls them (rules
 * checked against Go): maps merge recursively; without overwrite a key is filled only when
 * missing or empty in dst, and never with nil; with overwrite src wins, even when empty, except that a map never
 * replaces a non-empty non-map.
 */
export function mergeInto(dst: Record<string, unknown>, src: Record<string, unknown>, overwrite: boolean): void {
  for (const k of Object.keys(src)) {
    const s = src[k];
    // a nil source value (an interface holding nil) is skipped, unless overwriting: mergo's
    // `if srcElement.IsNil() { if overwrite { set }; continue }` (kuma's env defaults)
    if (s === null || s === undefined) {
      if (overwrite) mapSet(dst, k, s);
      continue;
    }
    const has = mapHas(dst, k);
    const d = has ? dst[k] : undefined;
    if (isMap(d) && isMap(s)) mergeInto(writable(d), s, overwrite);
    else if (!has || empty(d)) mapSet(dst, k, s);
    else if (overwrite && !isMap(s)) mapSet(dst, k, s);
  }
}

/** copystructure.Copy for the template value model: maps and slices deep, scalars shared. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (isMap(v)) {
    if (isNilMap(v)) return nilMap() as T;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) mapSet(out, k, deepCopy(v[k]));
    return out as T;
  }
  return v;
}

// The only ways a template changes a map it was given: set, unset and the merges. Counted, and
// told to a listener before they write, so a caller that must know whether a template wrote into
// the values (helm/engine/template-reuse.ts) copies and compares them only when one of these ran
// on a map that is not the template's own, not after every template.
let mapWrites = 0;
let beforeWrite: (() => void) | undefined;
let ownMaps: Set<object> | undefined;

/** How many calls of set, unset or merge* this process has made (each may have changed a map). */
export function mapWriteCount(): number {
  return mapWrites;
}

/**
 * Calls `listener` before a set, unset or merge* changes a map, each nested map a merge reaches
 * too (a caller that keeps the values as they were copies them then, not before every
 * render), but for the maps in the set of collectOwnMaps; returns the listener it replaces.
 */
export function watchMapWrites(listener: (() => void) | undefined): (() => void) | undefined {
  const previous = beforeWrite;
  beforeWrite = listener;
  return previous;
}

/**
 * Adds each map `dict` makes to `into` (none: stops); returns the set it replaces. A template's
 * own dicts (Bitnami's helpers build one per call and set keys on it) are not the values until
 * one is put there, and that is a write into a map of the values, which the listener is told.
 */
export function collectOwnMaps(into: Set<object> | undefined): Set<object> | undefined {
  const previous = ownMaps;
  ownMaps = into;
  return previous;
}

// Tables of values shared between renders are frozen (helm/values/shared-defaults.ts). A template
// writing into one is counted and stopped here; the engine renders again on copies.
let frozenWrites = 0;
/** The frozen maps written into since last taken (a few are enough: each is thawed in the next render). */
let frozenWritten: object[] = [];

/** How many writes into a frozen (shared) map templates have tried in this process. */
export function frozenWriteCount(): number {
  return frozenWrites;
}

/** The frozen maps templates wrote into since the last call (renderChart copies them in the chart's next renders). */
export function takeFrozenWrites(): object[] {
  const out = frozenWritten;
  frozenWritten = [];
  return out;
}

let writtenInto: Set<object> | undefined;

/** Notes every map templates write into in `into` (none: stops); returns the set it replaces. */
export function recordMapWrites(into: Set<object> | undefined): Set<object> | undefined {
  const previous = writtenInto;
  writtenInto = into;
  return previous;
}

function writable(m: Record<string, unknown>): Record<string, unknown> {
  // frozen is asked as not extensible (what freezing makes a map): Object.isFrozen reads every key
  if (Object.isExtensible(m)) {
    writtenInto?.add(m);
    if (beforeWrite && !ownMaps?.has(m)) beforeWrite();
    return m;
  }
  frozenWrites++;
  if (frozenWritten.length < 16) frozenWritten.push(m);
  throw new Error('a table of values shared between renders was written to (it is rendered again on copies)');
}

function noteMapWrite(): void {
  mapWrites++;
}

function mapArg(v: unknown): Record<string, unknown> {
  return argMap(v);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const last = ps[ps.length - 1];
  if (!isMap(last)) throw new Error(`interface conversion: interface {} is ${typeTag(last)}, not map[string]interface {}`);
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${typeTag(k)}, not string`);
    return k;
  });
  let cur: Record<string, unknown> = last;
  for (let i = 0; i < keys.length; i++) {
    if (!mapHas(cur, keys[i]!)) return def;
    const step = cur[keys[i]!];
    if (i === keys.length - 1) return step;
    if (!isMap(step)) throw new Error(`interface conversion: interface {} is ${typeTag(step)}, not map[string]interface {}`);
    cur = step;
  }
  return def;
}

function typeTag(v: unknown): string {
  if (isNil(v)) return 'nil';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return typeof v === 'object' ? 'map[string]interface {}' : typeof v;
}

function mergeAll(overwrite: boolean): GoFunc {
  return (dst, ...srcs) => {
    const given = mapArg(dst);
    const d = isNilMap(given) ? {} : writable(given);
    noteMapWrite();
    for (const s of srcs) mergeInto(d, mapArg(s), overwrite);
    return d;
  };
}

export function dictFuncs(): Record<string, GoFunc> {
  return {
    dict: (...v) => {
      const d: Record<string, unknown> = {};
      for (let i = 0; i < v.length; i += 2) mapSet(d, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
      ownMaps?.add(d);
      return d;
    },
    get: (d, key) => {
      const m = mapArg(d);
      const k = argString(key);
      return mapHas(m, k) ? m[k] : '';
    },
    set: (d, key, value) => {
      if (isNil(d) || (isMap(d) && isNilMap(d))) throw new Error('assignment to entry in nil map');
      const m = writable(mapArg(d));
      noteMapWrite();
      const k = argString(key);
      if (!mapHas(m, k)) chargeEntry(k.length);
      mapSet(m, k, value);
      return m;
    },
    unset: (d, key) => {
      const m = writable(mapArg(d));
      noteMapWrite();
      delete m[argString(key)];
      return m;
    },
    hasKey: (d, key) => mapHas(mapArg(d), argString(key)),
    pluck: (key, ...ds) => {
      const k = argString(key);
      return ds
        .map(mapArg)
        .filter((m) => mapHas(m, k))
        .map((m) => mapGet(m, k));
    },
    // Go's map order is random; sorted keys keep renders repeatable.
    keys: (...ds) => ds.map(mapArg).flatMap((m) => sortedKeys(m)),
    values: (d) => {
      const m = mapArg(d);
      return sortedKeys(m).map((k) => m[k]);
    },
    pick: (d, ...ks) => {
      const m = mapArg(d);
      const out: Record<string, unknown> = {};
      for (const k of ks.map(argString)) if (mapHas(m, k)) mapSet(out, k, m[k]);
      return out;
    },
    omit: (d, ...ks) => {
      const m = mapArg(d);
      const drop = new Set(ks.map(argString));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(m)) if (!drop.has(k)) mapSet(out, k, m[k]);
      return out;
    },
    merge: mergeAll(false),
    mustMerge: mergeAll(false),
    mergeOverwrite: mergeAll(true),
    mustMergeOverwrite: mergeAll(true),
    deepCopy: (v) => deepCopy(v),
    mustDeepCopy: (v) => deepCopy(v),
    dig,
  };
}
