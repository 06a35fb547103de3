// Helm's template function map (pkg/engine/funcs.go): src/sprig (Sprig plus Helm's data
// functions) minus env/expandenv, and the functions bound to the template set: include
// (nesting bounded), tpl, required, fail, lookup (empty in template mode).
// required and fail mark their messages so the engine can print Helm's "execution error at".

import { goQuote, type ContextFunc, type ExecContext, type GoFunc, type GoType, type TemplateSet } from '../../template/index.js';
import { dictionaryTable, sprigFuncsInto, type SprigOptions } from '../../sprig/index.js';
import type { HelmBehaviours } from './defaults.js';
import { semverErrorsOf } from '../../sprig/semver-constraint.js';

export const ERR_START = 'HELM_ERR_START';
export const ERR_END = 'HELM_ERR_END';
const MAX_INCLUDE_DEPTH = 1000;
const INCLUDE_COUNTS = Symbol('include counts');

/** What src/sprig does not provide: `helm template` has no cluster, so lookup finds nothing. */
const TEMPLATE_MODE_FUNCS: Record<string, GoFunc> = {
  lookup: () => ({}),
};

const marked = (msg: string): Error => new Error(ERR_START + msg + ERR_END);

// Go signatures (pkg/engine/funcs.go), so arity and argument types fail as in Helm ("wrong number
// of args for include: want 2 got 1") before the JavaScript runs on what Go would have refused.
const sig = <F extends GoFunc | ContextFunc>(fn: F, goArgs: GoType[]): F => Object.assign(fn, { goArgs });

/** required and fail, with what a failed check does: Helm stops the render, a lenient one counts it. */
function checks(onFail: (msg: string) => void): Record<string, GoFunc> {
  return {
    required: sig(
      (warn: string, val: unknown) => {
        if (val === null || val === undefined || val === '') onFail(warn);
        return val ?? '';
      },
      ['string', 'interface {}'],
    ),
    fail: sig(
      (msg: string) => {
        onFail(msg);
        return '';
      },
      ['string'],
    ),
  };
}

const HELM_CHECKS = checks((msg) => {
  throw marked(msg);
});

/** The checks passed (RenderOptions.lenientChecks): required gives what it was given. */
const LENIENT_CHECKS = checks(() => void passedChecks++);

// Renders are synchronous: the count before and after one is what that render let through.
let passedChecks = 0;
/** How many required/fail checks lenient renders have let through in this process. */
export const lenientPasses = (): number => passedChecks;

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
  clone.forget(clone.name);
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

const sharedFuncs = new Map<string, HelmFuncs>();

/**
 * The function map; with the real clock and randomness one map is built and shared per kind
 * (renders that keep their keys or throw them away, strict or lenient checks): discovery renders
 * a chart dozens of times, and building the map and its function table took as long as a small
 * chart's render.
 */
export function helmFuncs(
  opts?: SprigOptions,
  lenientChecks = false,
  helm: Pick<HelmBehaviours, 'mustToToml' | 'semver'> = { mustToToml: true, semver: '3.5' },
): HelmFuncs {
  const { throwawayKeys, ...rest } = opts ?? {};
  if (Object.values(rest).every((v) => v === undefined)) {
    const kind = `${throwawayKeys ? 'throwaway' : 'kept'} ${lenientChecks ? 'lenient' : 'strict'} ${helm.mustToToml} ${helm.semver}`;
    let f = sharedFuncs.get(kind);
    if (!f) sharedFuncs.set(kind, (f = buildHelmFuncs(throwawayKeys ? { throwawayKeys } : {}, lenientChecks, helm)));
    return f;
  }
  return buildHelmFuncs(opts!, lenientChecks, helm);
}

function buildHelmFuncs(opts: SprigOptions, lenientChecks: boolean, helm: Pick<HelmBehaviours, 'mustToToml' | 'semver'>): HelmFuncs {
  // one table filled in place (src/sprig dictionaryTable), not copies of Sprig's
  const funcs = Object.assign(sprigFuncsInto(dictionaryTable(TEMPLATE_MODE_FUNCS), opts), lenientChecks ? LENIENT_CHECKS : HELM_CHECKS);
  delete funcs.env;
  delete funcs.expandenv;
  // Helm before 4.2 has no mustToToml (b075f7a35): a template calling it fails to parse there
  if (!helm.mustToToml) delete funcs.mustToToml;
  for (const f of ['semver', 'semverCompare']) funcs[f] = semverErrorsOf(funcs[f]!, helm.semver, goQuote);
  return { funcs, contextFuncs: { include: sig(include, ['string', 'interface {}']), tpl: sig(tpl, ['string', 'interface {}']) } };
}
