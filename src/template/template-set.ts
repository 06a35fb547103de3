// A set of named templates sharing functions and {{define}}s, like a Go *template.Template with
// its associated templates (Helm parses every file of a chart tree into one set).
import { isEmptyTree, type Tree } from './ast.js';
import { BUILTINS } from './builtins.js';
import { isStackOverflow, TemplateError } from './errors.js';
import { Execution, State, type ExecContext, type ExecuteOptions, type GoFunc, type MissingKey } from './exec.js';
import { parseTemplate } from './parse.js';
import { TextMemo } from '../util/text-memo.js';
import type { GoType } from './typed-args.js';
import { goQuote } from './value.js';

/** A function that receives the running execution first: fn(ctx, ...templateArgs). */
export type ContextFunc = (ctx: ExecContext, ...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TemplateSetOptions {
  /** Functions callable from templates: Go-model values in, Go-model value out; throw = Go error. */
  funcs?: Record<string, GoFunc>;
  /** Functions that need the executing set (Helm's include, tpl): called as fn(ctx, ...args). */
  contextFuncs?: Record<string, ContextFunc>;
  /** Custom action delimiters, default {{ and }}. */
  delims?: [string, string];
  /** Go's missingkey option; Helm uses 'zero' (missing key -> nil, printed as "<no value>"). */
  missingKey?: MissingKey;
  /** Name of the set itself, used in "no template ... associated with template NAME" (Helm: "gotpl"). */
  name?: string;
}

export interface FuncEntry {
  fn: GoFunc;
  withContext: boolean;
  /** Declared Go arity (GoSignature), checked with Go's messages before the call. */
  min?: number;
  max?: number;
  /** Declared Go parameter types (GoSignature.goArgs). */
  types?: GoType[];
}

/**
 * Optional properties a function may carry to get Go's arity errors ("wrong number of args for
 * upper: want 1 got 2"): its number of fixed parameters and whether it is variadic.
 */
export interface GoSignature {
  goParams?: number;
  goVariadic?: boolean;
  /**
   * Parameter types (the last one also types variadic arguments): the engine then checks and
   * converts arguments as Go does ("expected string; found 1", "wrong type for value; expected
   * string; got float64", an int literal for a float64 parameter becomes a float). Implies
   * goParams = goArgs.length unless goParams is given.
   */
  goArgs?: GoType[];
}

function entry(fn: GoFunc, withContext: boolean): FuncEntry {
  const sig = fn as GoSignature;
  const params = sig.goParams ?? sig.goArgs?.length;
  if (typeof params !== 'number') return { fn, withContext };
  return { fn, withContext, min: params, max: sig.goVariadic ? undefined : params, types: sig.goArgs };
}

/**
 * Parsed files by text, then by (function names, delimiters, name): a chart's templates parse the
 * same on every render (parsing was about 13% of an optional-image search). Trees are never
 * changed after parsing, so sets share them. The text alone is the memo's key: a chart file's text
 * is the same string on every render, so its hash is computed once (a key joined with the
 * function names was a new string of several KiB to hash on every lookup).
 */
const PARSED = new TextMemo<Map<string, Map<string, Tree>>>(64 * 1024 * 1024);

/** Function-name lists by a short number, for the parse memo's inner key. */
const SIGNATURES = new Map<string, number>();

interface Functions {
  funcMap: Map<string, FuncEntry>;
  signature: number;
}

/** Function tables by the maps they were built from: a renderer hands the same maps to every set. */
const FUNCTIONS = new WeakMap<object, WeakMap<object, Functions>>();
const NO_FUNCS = {};

function functionsOf(funcs: Record<string, GoFunc>, contextFuncs: Record<string, ContextFunc>): Functions {
  let byContext = FUNCTIONS.get(funcs);
  if (!byContext) FUNCTIONS.set(funcs, (byContext = new WeakMap()));
  let f = byContext.get(contextFuncs);
  if (!f) {
    const funcMap = new Map<string, FuncEntry>();
    for (const [k, fn] of Object.entries(funcs)) funcMap.set(k, entry(fn, false));
    for (const [k, fn] of Object.entries(contextFuncs)) funcMap.set(k, entry(fn as GoFunc, true));
    const names = [...funcMap.keys()].join(',');
    let signature = SIGNATURES.get(names);
    if (signature === undefined) SIGNATURES.set(names, (signature = SIGNATURES.size));
    byContext.set(contextFuncs, (f = { funcMap, signature }));
  }
  return f;
}

export class TemplateSet {
  readonly name: string;
  readonly missingKey: MissingKey;
  /** This set's own trees; a clone's fall back to its origin's (see clone). */
  private readonly trees: Map<string, Tree>;
  /** The set a clone was made from, and the names the clone forgot (hidden from that set). */
  private readonly origin?: TemplateSet;
  private readonly forgotten?: Set<string>;
  /** Shared by every set built from the same function maps: never changed after it is built. */
  /** For the executor's calls (Evaluator.callFunction); func(name) for everyone else. */
  readonly funcMap: Map<string, FuncEntry>;
  private readonly delims: [string, string];
  private readonly signature: number;

  constructor(opts: TemplateSetOptions = {}) {
    this.name = opts.name ?? 'gotpl';
    this.missingKey = opts.missingKey ?? 'default';
    this.delims = opts.delims ?? ['{{', '}}'];
    this.trees = new Map();
    const { funcMap, signature } = functionsOf(opts.funcs ?? NO_FUNCS, opts.contextFuncs ?? NO_FUNCS);
    this.funcMap = funcMap;
    this.signature = signature;
  }

  /**
   * Parses `text` as template `name`, adding it and every template it defines to the set. A
   * later definition replaces an earlier one, except that an empty body never replaces a real one.
   * Throws TemplateError "template: NAME:LINE: ...".
   */
  parse(name: string, text: string): this {
    let byText = PARSED.get(text);
    if (!byText) PARSED.set(text, (byText = new Map()));
    const key = `${this.signature}\0${this.delims[0]}\0${this.delims[1]}\0${name}`;
    let parsed = byText.get(key);
    if (!parsed) {
      parsed = parseTemplate(name, text, {
        hasFunction: (f) => this.funcMap.has(f) || f in BUILTINS,
        leftDelim: this.delims[0],
        rightDelim: this.delims[1],
      });
      byText.set(key, parsed);
    }
    parsed.forEach((tree, n) => {
      const old = this.lookup(n);
      if (old && isEmptyTree(tree.root) && !isEmptyTree(old.root)) return;
      this.trees.set(n, tree);
    });
    return this;
  }

  /** Executes template `name` with `data` as dot and `$`; throws TemplateError on failure. */
  execute(name: string, data: unknown, opts: ExecuteOptions = {}): string {
    const tree = this.lookup(name);
    if (!tree) throw new TemplateError(`template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`);
    const exec = new Execution(opts, data);
    try {
      const out = new State(this, tree, exec).run(data);
      return opts.removeNoValue ? out.replaceAll('<no value>', '') : out;
    } catch (e) {
      if (isStackOverflow(e)) {
        const at = exec.overflow ? ` (${exec.overflow.depth} nested calls, in ${goQuote(exec.overflow.template)})` : '';
        throw new TemplateError(`template: ${name}: exceeded maximum template depth${at}: templates call each other without end`, name);
      }
      throw e;
    }
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  lookup(name: string): Tree | undefined {
    const own = this.trees.get(name);
    if (own || !this.origin || this.forgotten!.has(name)) return own;
    return this.origin.lookup(name);
  }

  /** In the order a copied map would list them: the origin's (less the forgotten), then new ones. */
  names(): string[] {
    if (!this.origin) return [...this.trees.keys()];
    const inherited = this.origin.names().filter((n) => !this.forgotten!.has(n));
    const kept = new Set(inherited);
    return [...inherited, ...[...this.trees.keys()].filter((n) => !kept.has(n))];
  }

  func(name: string): FuncEntry | undefined {
    return this.funcMap.get(name);
  }

  /**
   * Removes a template, so that the next parse of that name installs even an empty text (Go keeps
   * an existing template when an empty one is parsed under its name; Helm's tpl executes the text
   * it was given whatever it is, so tpl "" is "" even inside another tpl).
   */
  forget(name: string): void {
    this.trees.delete(name);
    this.forgotten?.add(name);
  }

  /**
   * A copy sharing parsed trees and functions; parsing into the copy leaves this set unchanged
   * (Helm's tpl). The copy looks names up in this set rather than copying its map: a chart's set
   * holds hundreds of defines and some charts call tpl hundreds of times a render. This set must
   * not change while the copy is in use (tpl's copy lives for one call).
   */
  clone(): TemplateSet {
    const c = Object.create(TemplateSet.prototype) as TemplateSet;
    Object.assign(c, this, { trees: new Map(), origin: this, forgotten: new Set() });
    return c;
  }
}
