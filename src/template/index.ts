/**
 * Go's text/template in TypeScript (pure: no I/O). Public API:
 *
 *   const set = new TemplateSet({ funcs, contextFuncs?, delims?, missingKey?: 'zero'|'default'|'error', name? });
 *   set.parse(name, text)            // adds `name` and its {{define}}s; throws TemplateError (Go's text)
 *   set.execute(name, data, opts?)   // -> string; throws TemplateError "template: N:L:C: executing ..."
 *   set.has(name) / set.names() / set.lookup(name) / set.clone()
 *
 * Functions (`funcs`) are plain `(...args) => value` over the Go value model of value.ts
 * (nil = null/undefined, int = bigint, float64 = number, map = plain object, struct = class
 * instance). Throwing means the Go function returned an error: the engine reports
 * `error calling NAME: MESSAGE` (a TemplateArgError / code ERR_TEMPLATE_ARG is reported bare,
 * at the argument `argIndex` when given). A function may declare its Go arity with
 * `fn.goParams = N` (+ `fn.goVariadic = true`) to get Go's "wrong number of args" errors, and
 * its parameter types with `fn.goArgs = ['int', 'string']` to get Go's argument checks/conversions.
 *
 * `contextFuncs` receive an ExecContext first: `(ctx, ...args)`. ctx.execute(name, data, set?)
 * runs another template inside the same execution (shared depth bound, provenance hook), which
 * is how Helm's include is built; tpl clones ctx.set, parses its text into the clone and runs
 * ctx.execute(name, data, clone). ctx.scratch is per-execution state, ctx.depth the nesting.
 *
 * ExecuteOptions.onValueRead(path, value) reports every scalar read from the data by a field
 * chain, index or range, with its path from the root (['Values','image','tag']); containers are
 * tracked by identity so variables, with, range and include keep paths. No cost when unset.
 * ExecuteOptions.maxDepth bounds {{template}}/include nesting (default 1000); runaway recursion
 * that exhausts the JavaScript stack first (~570 nested includes) is a TemplateError naming the
 * template, never a RangeError.
 *
 * Values: `undefined` is Go's invalid value, `null` a nil interface (missing key under
 * missingkey=zero, YAML null); a field of `null` is Go's "nil pointer evaluating interface {}.x".
 * Struct members must be exported (capitalised); a method's arity is its declared parameter
 * count; zero-argument getters act as fields. Go 1.19 semantics (Helm's reference) plus range
 * over an integer (1.22) and {{else with}} (1.23).
 *
 * ExecuteOptions.removeNoValue applies Helm's removal of every "<no value>" to the result.
 */
export { TemplateSet, type TemplateSetOptions, type ContextFunc, type GoSignature } from './template-set.js';
export type { ExecContext, ExecuteOptions, GoFunc, MissingKey } from './exec.js';
export type { GoType } from './typed-args.js';
export type { Observer, Place } from './track.js';
export { TemplateError, TemplateArgError } from './errors.js';
export {
  RenderBudgetError,
  setRenderLimits,
  takeHangTrip,
  withRenderBudget,
  chargeString,
  chargeSlowCall,
  DEFAULT_RENDER_LIMITS,
  MAX_PARSE_NESTING,
  type RenderLimits,
} from './budget.js';
export { sprintf } from './printf.js';
export { withMapMethods, mapMethod } from './map-methods.js';
export { htmlEscape, jsEscape, queryEscape } from './escape.js';
export * from './value.js';
