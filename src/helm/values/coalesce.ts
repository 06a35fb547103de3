// Helm's value coalescing (chartutil/coalesce.go, Helm 4 behaviour): a chart's defaults go
// under the values given to it (the given values win), subcharts get the table named after them
// with the parent's `global` copied down, maps merge key by key, scalars and lists replace.
// CoalesceValues (merge=false) lets a user `null` delete a default; MergeValues (merge=true,
// used for import-values) keeps nulls. Defaults are copied as they are, nulls included (the top
// chart's `key: null` stays: hasKey is true, toYaml prints it). A null given over a default deletes
// it; in a nested table Helm 3 deletes even when the default is null too, Helm 4 only when the
// default is not null (which is why a subchart's nested nulls survive in Helm 4 only: the parent's
// merged copy of them is "given" to the subchart). Helm 4.2 leaves a chart's own default nulls out
// (00638773d): a default null is not copied in, and the nulls inside a default table are dropped
// before it is merged, so only the nulls a user (or a parent chart) gives survive.

import { ChartError } from '../../util/errors.js';
import { chartName, type Chart } from '../chart/types.js';
import type { Values } from '../engine/render-types.js';
import { helmProfile, type HelmLine } from '../engine/defaults.js';
import { isGoMap, setKey } from './yaml.js';
import { copyUnshared, holdsWritten, isShared, thawed, writableAt, type WrittenTables } from './shared-defaults.js';

const has = (m: Values, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);
const joinKey = (a: string, b: string): string => (a === '' ? b : `${a}.${b}`);

/** Deep copy of Go values (maps, slices, scalars; bytes and structs are shared). */
export function deepCopyValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopyValue) as T;
  if (isGoMap(v)) {
    const out: Values = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) setKey(out, keys[i]!, deepCopyValue(v[keys[i]!]));
    return out as T;
  }
  return v;
}

/** deepCopyValue, noting each table's copy with the table it copies. */
function copyNoting<T>(v: T, origins: WeakMap<object, object>): T {
  if (Array.isArray(v)) return v.map((x) => copyNoting(x, origins)) as T;
  if (!isGoMap(v)) return v;
  const out: Values = {};
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) setKey(out, keys[i]!, copyNoting(v[keys[i]!], origins));
  origins.set(out, v);
  return out as T;
}

export interface CoalesceOptions {
  /** The Helm followed: Helm 3 drops nested nulls of subchart defaults, 4.1 keeps them, 4.2 drops a chart's own default nulls. Default the newest. */
  helmVersion?: HelmLine;
  /**
   * Share the charts' frozen defaults (shared-defaults.ts) instead of copying them. The result
   * may be merged into here again, and written to by Sprig (which refuses a frozen table), only.
   */
  share?: boolean;
  /** Under `share`: tables templates write into (and those holding them), copied after coalescing. */
  written?: WrittenTables;
  /** Not sharing: each copy of a chart's default table noted with the table it copies. */
  origins?: WeakMap<object, object>;
}

/**
 * One coalescing: the rule set, and under `share` the shared defaults already placed (each goes in
 * once) and the copies made of shared tables (thawed: one per table, so a table at two places stays one).
 */
interface Pass {
  merge: boolean;
  helm: 3 | 4;
  /** Helm 4.2: a chart's default nulls are left out (withoutNulls). */
  dropNulls: boolean;
  shared?: Set<object>;
  thawed?: Map<object, unknown>;
  origins?: WeakMap<object, object>;
}

function passOf(merge: boolean, o: CoalesceOptions): Pass {
  const p = helmProfile(o.helmVersion);
  const rules = { merge, helm: p.major, dropNulls: p.dropsDefaultNulls };
  return o.share ? { ...rules, shared: new Set(), thawed: new Map() } : { ...rules, origins: o.origins };
}

/** chartutil.CoalesceValues: the chart tree's defaults under `vals` (a deep copy; under `share`, the defaults in it are the charts' frozen tables). */
export function coalesceValues(c: Chart, vals: Values, o: CoalesceOptions = {}): Values {
  const pass = passOf(false, o);
  const out = coalesceChart(c, deepCopyValue(vals), '', pass);
  const w = o.written;
  return pass.thawed && w ? thawed(out, pass.thawed, (t) => holdsWritten(t, w)) : out;
}

/**
 * coalesceValues for reading only (the conditions and tags of processDependencyEnabled): the
 * tables coalescing changes are copied (the chart's own keys, its subcharts' tables, `global`),
 * the rest of `vals` is shared. Helm coalesces the whole tree of values again at every chart that
 * has dependencies; for gitlab that copied its 370 kB of values a dozen times per render. Neither
 * `vals` nor the result may be changed afterwards (a result passed on is read, or given here again).
 */
export function coalescedView(c: Chart, vals: Values, o: CoalesceOptions = {}): Values {
  const dest: Values = { ...vals };
  const touched = [...Object.keys(c.values), 'global', ...c.dependencies.map(chartName)];
  for (const k of touched) if (has(vals, k)) setKey(dest, k, o.share ? copyUnshared(vals[k]) : deepCopyValue(vals[k]));
  return coalesceChart(c, dest, '', passOf(false, o));
}

/** chartutil.MergeValues: like coalesceValues, but nulls are kept. */
export function mergeValues(c: Chart, vals: Values, o: CoalesceOptions = {}): Values {
  return coalesceChart(c, deepCopyValue(vals), '', passOf(true, o));
}

function coalesceChart(c: Chart, dest: Values, prefix: string, pass: Pass): Values {
  coalesceOwn(c, dest, prefix, pass);
  for (const sub of c.dependencies) {
    const name = chartName(sub);
    if (!has(dest, name)) setKey(dest, name, {});
    else if (!isGoMap(dest[name])) {
      throw new ChartError(`type mismatch on ${name}: %!t(${typeof dest[name]}=${String(dest[name])})`, {
        hint: `values for subchart ${name} must be a map`,
      });
    }
    const subDest = writableAt(dest, name);
    const subPrefix = joinKey(prefix, chartName(c));
    copyGlobals(subDest, dest, subPrefix, pass);
    setKey(dest, name, coalesceChart(sub, subDest, subPrefix, pass));
  }
  return dest;
}

/** Pushes dest-parent's `global` into the subchart's table; the parent's globals win. */
function copyGlobals(dest: Values, src: Values, prefix: string, pass: Pass): void {
  const dg = has(dest, 'global') ? thawed(dest.global, pass.thawed) : {};
  const sg = has(src, 'global') ? src.global : {};
  if (!isGoMap(dg) || !isGoMap(sg)) return; // Helm warns "skipping globals" and moves on
  for (const k of Object.keys(sg)) {
    const val = sg[k];
    if (isGoMap(val)) {
      const cp: Values = { ...val };
      if (!has(dg, k)) setKey(dg, k, cp);
      else if (isGoMap(dg[k])) {
        coalesceTables(cp, dg[k] as Values, joinKey(prefix, k), true);
        setKey(dg, k, cp);
      }
    } else if (!(has(dg, k) && isGoMap(dg[k]))) setKey(dg, k, val);
  }
  setKey(dest, 'global', dg);
}

function coalesceOwn(c: Chart, v: Values, prefix: string, pass: Pass): void {
  const { merge, helm, shared } = pass;
  // a chart's shared defaults go in once: two aliases of one chart get a copy each, or one table
  // would sit at two paths (which template reuse's observer cannot tell apart)
  const share = shared !== undefined && !shared.has(c.values);
  shared?.add(c.values);
  const defaults = share ? copyUnshared(c.values) : pass.origins ? copyNoting(c.values, pass.origins) : deepCopyValue(c.values);
  const subNames = new Set(c.dependencies.map(chartName));
  const keys = Object.keys(defaults);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    let dv = k === 'global' ? thawed(defaults[k], pass.thawed) : defaults[k];
    if (!has(v, k)) {
      if (pass.dropNulls && !merge) {
        if (dv === null) continue;
        if (isGoMap(dv)) dv = withoutNulls(dv);
      }
      setKey(v, k, dv);
      continue;
    }
    const uv = v[k];
    if (uv === null && !merge) {
      delete v[k];
      continue;
    }
    if (!isGoMap(uv) || !isGoMap(dv)) continue; // scalars and lists given by the parent win
    const mergeHere = merge || subNames.has(k);
    coalesceAt(v, k, pass.dropNulls && !mergeHere ? withoutNulls(dv) : dv, joinKey(joinKey(prefix, chartName(c)), k), mergeHere, helm);
  }
}

// A shared (frozen) table's null-free form, made once: renders that share defaults share it too.
const nullFree = new WeakMap<object, Values>();

/**
 * Helm 4.2's cleanNilValues: `t` without its null entries, in nested tables too (lists are left as
 * they are). A table of our own copy is cleaned in place, as Helm cleans its copy; a shared one is
 * left alone and a frozen null-free copy taken instead (itself when it holds no null).
 */
function withoutNulls(t: Values): Values {
  if (!isShared(t)) {
    const keys = Object.keys(t);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = t[k];
      if (x === null) delete t[k];
      else if (isGoMap(x)) {
        const clean = withoutNulls(x);
        if (clean !== x) setKey(t, k, clean);
      }
    }
    return t;
  }
  const known = nullFree.get(t);
  if (known) return known;
  let out: Values | undefined;
  const keys = Object.keys(t);
  for (let i = 0; i < keys.length; i++) {
    const x = t[keys[i]!];
    const clean = x === null ? undefined : isGoMap(x) ? withoutNulls(x) : x;
    if (clean === x) {
      if (out) setKey(out, keys[i]!, x);
      continue;
    }
    if (!out) {
      out = {};
      for (let j = 0; j < i; j++) setKey(out, keys[j]!, t[keys[j]!]);
    }
    if (clean !== undefined) setKey(out, keys[i]!, clean);
  }
  const result = out ? Object.freeze(out) : t;
  nullFree.set(t, result);
  return result;
}

/** A shared table and its null-free form where one was taken: what a render sharing defaults may meet of it. */
export function sharedForms(t: object): object[] {
  const clean = nullFree.get(t);
  return clean && clean !== t ? [t, clean] : [t];
}

/** Merges src under dst (dst wins), recursively; returns dst. Mutates both, as Helm does (a shared src is left alone). */
export function coalesceTables(dst: Values, src: Values, prefix = '', merge = true, helm: 3 | 4 = 4): Values {
  const srcNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  // nothing reads these nulls of src but the loop below, which the tests of srcNonNil already decide
  if (helm === 4 && !isShared(src)) {
    const dstKeys = Object.keys(dst);
    for (let i = 0; i < dstKeys.length; i++) if (dst[dstKeys[i]!] === null) setKey(src, dstKeys[i]!, null);
  }
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const sv = src[k];
    if (has(dst, k) && !merge && dst[k] === null && (helm === 3 || srcNonNil.has(k))) delete dst[k];
    else if (!has(dst, k)) setKey(dst, k, sv);
    else if (isGoMap(sv) && isGoMap(dst[k])) coalesceAt(dst, k, sv, joinKey(prefix, k), merge, helm);
  }
  return dst;
}

/**
 * coalesceTables into `parent[k]`, copied first if shared. A shared table merged with itself (a
 * subchart's defaults that import-values already placed) changes nothing, except that Helm 3
 * deletes its nulls when not merging.
 */
function coalesceAt(parent: Values, k: string, src: Values, prefix: string, merge: boolean, helm: 3 | 4): void {
  if (parent[k] === src && (merge || helm === 4)) return;
  coalesceTables(writableAt(parent, k), src, prefix, merge, helm);
}

/** chartutil Values.Table: the map at a dotted path, or undefined. */
export function valuesTable(v: Values, path: string): Values | undefined {
  let t: unknown = v;
  for (const part of path.split('.')) {
    if (!isGoMap(t) || !has(t, part) || !isGoMap(t[part])) return undefined;
    t = t[part];
  }
  return t as Values;
}

/** chartutil Values.PathValue: a non-table value at a dotted path. */
export function valuesPathValue(v: Values, path: string): { found: boolean; value?: unknown } {
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length ? valuesTable(v, parts.join('.')) : v;
  if (!t || !has(t, key) || isGoMap(t[key])) return { found: false };
  return { found: true, value: t[key] };
}
