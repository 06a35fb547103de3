import { createHash } from 'node:crypto';
// Helm's template function map (pkg/engine/funcs.go): Sprig minus env/expandenv, Helm's data
// functions (used from src/sprig when it provides them), and the functions bound to the
// template set: include (nesting bounded), tpl, required, fail, lookup (empty in template mode).
// required and fail mark their messages so the engine can print Helm's "execution error at".

import type { ContextFunc, ExecContext, GoFunc, TemplateSet } from '../template/index.js';
import { sprigFuncs, type SprigOptions } from '../sprig/index.js';
import { goJsonMarshal, goJsonUnmarshal } from '../sprig/json.js';
import { decodeToml, encodeToml } from '../sprig/toml.js';
import { marshalYamlV2, marshalYamlV3 } from '../sprig/yaml-emit.js';
import { parseYamlAs } from '../sprig/yaml-parse.js';

export const ERR_START = 'HELM_ERR_START';
export const ERR_END = 'HELM_ERR_END';
const MAX_INCLUDE_DEPTH = 1000;
const INCLUDE_COUNTS = Symbol('include counts');

const trimNl = (s: string): string => s.replace(/\n$/, '');
const orEmpty = (f: () => string): string => {
  try {
    return f();
  } catch {
    return '';
  }
};
const errMap = (f: () => unknown): unknown => {
  try {
    return f();
  } catch (e) {
    return { Error: (e as Error).message };
  }
};
const errList = (f: () => unknown): unknown => {
  try {
    return f();
  } catch (e) {
    return [(e as Error).message];
  }
};

/** Helm's data functions; entries src/sprig already defines take precedence. */
const HELM_DATA_FUNCS: Record<string, GoFunc> = {
  toYaml: (v: unknown) => orEmpty(() => trimNl(marshalYamlV2(v))),
  mustToYaml: (v: unknown) => trimNl(marshalYamlV2(v)),
  toYamlPretty: (v: unknown) => orEmpty(() => trimNl(marshalYamlV3(v))),
  fromYaml: (s: string) => errMap(() => parseYamlAs(s, 'map')),
  fromYamlArray: (s: string) => errList(() => parseYamlAs(s, 'array')),
  toJson: (v: unknown) => orEmpty(() => goJsonMarshal(v)),
  mustToJson: (v: unknown) => goJsonMarshal(v),
  fromJson: (s: string) => errMap(() => {
    const v = goJsonUnmarshal(s);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('json: cannot unmarshal into Go value of type map[string]interface {}');
    return v;
  }),
  fromJsonArray: (s: string) => errList(() => {
    const v = goJsonUnmarshal(s);
    if (!Array.isArray(v)) throw new Error('json: cannot unmarshal into Go value of type []interface {}');
    return v;
  }),
  toToml: (v: unknown) => {
    try {
      return encodeToml(v);
    } catch (e) {
      return (e as Error).message;
    }
  },
  mustToToml: (v: unknown) => encodeToml(v),
  fromToml: (s: string) => errMap(() => decodeToml(s)),
  lookup: () => ({}),
  // Hash functions until src/sprig ships its crypto family (its entries win when present).
  sha256sum: (s: string) => hexHash('sha256', s),
  sha1sum: (s: string) => hexHash('sha1', s),
  sha512sum: (s: string) => hexHash('sha512', s),
  getHostByName: () => '',
};

function hexHash(alg: string, s: string): string {
  return createHash(alg).update(s).digest('hex');
}
const marked = (msg: string): Error => new Error(ERR_START + msg + ERR_END);

const HELM_CHECKS: Record<string, GoFunc> = {
  required: (warn: string, val: unknown) => {
    if (val === null || val === undefined || val === '') throw marked(warn);
    return val;
  },
  fail: (msg: string) => {
    throw marked(msg);
  },
};

function include(ctx: ExecContext, name: string, data: unknown): string {
  let counts = ctx.scratch.get(INCLUDE_COUNTS) as Map<string, number> | undefined;
  if (!counts) ctx.scratch.set(INCLUDE_COUNTS, (counts = new Map()));
  const n = counts.get(name) ?? 0;
  if (n > MAX_INCLUDE_DEPTH) throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
  counts.set(name, n + 1);
  try {
    return ctx.execute(name, data);
  } finally {
    counts.set(name, counts.get(name)! - 1);
  }
}

function tpl(ctx: ExecContext, text: string, vals: unknown): string {
  const clone: TemplateSet = ctx.set.clone();
  try {
    clone.parse(clone.name, text);
  } catch (e) {
    throw new Error(`cannot parse template ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  try {
    return ctx.execute(clone.name, vals, clone).replaceAll('<no value>', '');
  } catch (e) {
    throw new Error(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}

export interface HelmFuncs {
  funcs: Record<string, GoFunc>;
  contextFuncs: Record<string, ContextFunc>;
}

let defaultFuncs: HelmFuncs | undefined;

/** The function map; without options (real clock and randomness) one map is built and shared. */
export function helmFuncs(opts?: SprigOptions): HelmFuncs {
  if (!opts) return (defaultFuncs ??= buildHelmFuncs({}));
  return buildHelmFuncs(opts);
}

function buildHelmFuncs(opts: SprigOptions): HelmFuncs {
  const funcs: Record<string, GoFunc> = { ...HELM_DATA_FUNCS, ...sprigFuncs(opts), ...HELM_CHECKS };
  delete funcs.env;
  delete funcs.expandenv;
  return { funcs, contextFuncs: { include, tpl } };
}
