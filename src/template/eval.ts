// Expression evaluation for the executor, following text/template's exec.go: field chains,
// function and method calls, with Go's error messages. What to evaluate comes compiled
// (compile-expr.ts): this class holds the state an execution carries and the steps the compiled
// closures share.
// Value model (see value.ts): `undefined` is Go's invalid value ("no value"), `null` a nil
// interface (a map's missing key under missingkey=zero, a YAML null). Field access on `null`
// fails ("nil pointer evaluating interface {}.x") while on `undefined` it yields no value, and
// each pipeline stage turns `null` into `undefined`, exactly as Go unwraps empty interfaces.
import { nodeString as nodeText, type AnyNode, type ArgNode, type IdentifierNode, type Tree } from './ast.js';
import { BUILTINS } from './builtins.js';
import { BYTES_PER_STEP, RenderBudgetError } from './budget.js';
import { execError, isStackOverflow } from './errors.js';
import { mapMethod } from './map-methods.js';
import { observedAs } from './track.js';
import { checkLiteral, valueTypeError, type Checked, type GoType } from './typed-args.js';
import { goQuote, isMap, isTrue, mapElemZero, typeName } from './value.js';

export { Execution, type ExecContext, type ExecuteOptions, type GoFunc, type MissingKey } from './execution.js';
import type { Execution, GoFunc } from './execution.js';
import type { TemplateSet } from './template-set.js';

/** The value a command gets from the stage before it; NO_FINAL for the first stage. */
export const NO_FINAL = Symbol('no final value');
/** Marks a receiver whose Go static type is interface {} (an element of a list or map). */
export const IFACE = Symbol('interface {}');
const EXPORTED = /^\p{Lu}/u;
const REFLECT_BUILTINS = new Set(['and', 'or', 'not', 'call', 'index', 'slice', 'len', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** One compiled argument: its value for a dot. */
export type ArgFn = (s: Evaluator, dot: unknown) => unknown;

/**
 * The arguments of a command, compiled: `nodes` as parsed (index 0 is the function or field
 * itself), `fns` their closures (fns[0] unused). A literal's check against a declared Go type is
 * kept per argument (made on first use), for the one type its function declares there.
 */
export interface Args {
  readonly nodes: ArgNode[];
  /** null: not compiled (a tree's first run, interpret.ts), each argument is evaluated from its node. */
  readonly fns: ArgFn[] | null;
  lits: { type: GoType; checked: Checked }[] | null;
}

/** No arguments yet: one array for every execution's lastArgs, never written. */
const NO_VALUES: unknown[] = [];

export const NO_ARGS: Args = { nodes: [], fns: [], lits: null };

/** The expression half of an executing template; State (exec.ts) adds the output and {{template}} calls. */
export abstract class Evaluator {
  // Public for the compiled closures (compile-expr.ts, compile-stmt.ts), not for callers.
  node: AnyNode | null = null;
  /** The variables in scope and their values: `$` first (State.run sets its value). */
  names: string[] = ['$'];
  values: unknown[] = [undefined];
  /** Dot is a range element, whose Go static type is interface {} (for error messages). */
  dotIsElement = false;
  lastArgs: unknown[] = NO_VALUES;

  constructor(
    readonly set: TemplateSet,
    public tree: Tree,
    readonly exec: Execution,
  ) {}

  /** An argument's value, evaluated from its node (a tree not compiled yet). */
  abstract arg(dot: unknown, n: ArgNode): unknown;

  enter(): void {
    if (this.exec.depth >= this.exec.maxDepth) this.fail(`exceeded maximum template depth (${this.exec.maxDepth})`);
    this.exec.depth++;
  }

  fail(message: string, cause?: unknown): never {
    throw execError(this.tree, this.node, message, cause);
  }

  // ---- variables ----
  push(name: string, value: unknown): void {
    this.names.push(name);
    this.values.push(value);
  }
  pop(mark: number): void {
    this.names.length = mark;
    this.values.length = mark;
  }
  setVar(name: string, value: unknown): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.values[i] = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  varValue(name: string): unknown {
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i] === name) return this.values[i];
    this.fail(`undefined variable: ${name}`);
  }

  // ---- fields and methods ----
  notAFunction(args: Args, final: unknown): void {
    if (args.nodes.length > 1 || final !== NO_FINAL) this.fail(`can't give argument to non-function ${nodeText(args.nodes[0])}`);
  }

  fieldChain(dot: unknown, receiver: unknown, node: AnyNode, ident: string[], start: number, args: Args, final: unknown, origin: unknown): unknown {
    const last = ident.length - 1;
    let parent: unknown = origin;
    for (let i = start; i < last; i++) {
      const r = receiver;
      receiver = this.field(dot, ident[i], node, NO_ARGS, NO_FINAL, receiver, parent);
      parent = r;
    }
    return this.field(dot, ident[last], node, args, final, receiver, parent);
  }

  /** `parent`: where the receiver came from; out of a map, Go's errors name its type "interface {}". */
  field(dot: unknown, name: string, node: AnyNode, args: Args, final: unknown, receiver: unknown, parent: unknown): unknown {
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.nodes.length > 1 || final !== NO_FINAL;
    // isMap, written out: a field is read tens of thousands of times a render
    let map = false;
    let list = false;
    if (typeof receiver === 'object') {
      if (Array.isArray(receiver)) list = true;
      else {
        const p = Object.getPrototypeOf(receiver);
        map = p === Object.prototype || p === null;
      }
    }
    // named map and slice types carry methods (chartutil.Values.AsMap, VersionSet.Has); a method
    // wins over a key. Go calls exported methods only: a name starting lower case (most keys read)
    // is never one (mapMethod's own first test, made here before the call).
    const c = name.charCodeAt(0);
    const method = (map || list) && !(c >= 97 && c <= 122) ? mapMethod(receiver as object, name) : undefined;
    if (method) return this.callMethod(dot, method, node, name, args, final, receiver);
    if (map) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      const m = receiver as Record<string, unknown>;
      let v: unknown = Object.hasOwn(m, name) ? m[name] : undefined;
      if (v === undefined) v = this.missingKey(name, m);
      if (this.exec.tracker) this.exec.tracker.element(m, name, v);
      return v;
    }
    if (typeof receiver === 'object' && !Array.isArray(receiver) && !(receiver instanceof Uint8Array) && name in receiver && !(name in Object.prototype)) {
      const v = (receiver as Record<string, unknown>)[name];
      // Go sees only exported (capitalised) fields and methods of a struct.
      if (!EXPORTED.test(name)) {
        if (typeof v === 'function') this.fail(`can't evaluate field ${name} in type ${typeName(receiver)}`);
        this.fail(`${name} is an unexported field of struct type ${typeName(receiver)}`);
      }
      if (typeof v === 'function') return this.callMethod(dot, v as GoFunc, node, name, args, final, receiver);
      if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
      if (this.exec.tracker) this.exec.tracker.element(receiver, name, v);
      return v;
    }
    const iface = parent === IFACE || isMap(parent) || Array.isArray(parent);
    return this.fail(`can't evaluate field ${name} in type ${iface ? 'interface {}' : typeName(receiver)}`);
  }

  private callMethod(dot: unknown, m: GoFunc, node: AnyNode, name: string, args: Args, final: unknown, receiver: unknown): unknown {
    // Go checks a method's arity; a JavaScript method declares it as its parameter count.
    const got = Math.max(args.nodes.length - 1, 0) + (final === NO_FINAL ? 0 : 1);
    if (got !== m.length) this.fail(`wrong number of args for ${name}: want ${m.length} got ${got}`);
    return this.call(dot, m, false, node, name, args, final, receiver);
  }

  private missingKey(name: string, map: object): unknown {
    switch (this.set.missingKey) {
      case 'zero':
        return mapElemZero(map);
      case 'error':
        return this.fail(`map has no entry for key ${goQuote(name)}`);
      default:
        return undefined;
    }
  }

  // ---- functions ----
  /** Go's arity check; `max` undefined means variadic (Go then counts only the explicit arguments). */
  checkArity(name: string, min: number, max: number | undefined, args: Args, final: unknown): void {
    const explicit = args.nodes.length - 1;
    const got = Math.max(explicit, 0) + (final === NO_FINAL ? 0 : 1);
    if (max === undefined) {
      if (got < min) this.fail(`wrong number of args for ${name}: want at least ${min} got ${explicit}`);
    } else if (got !== max || got < min) this.fail(`wrong number of args for ${name}: want ${max} got ${got}`);
  }

  /** A command or argument calling function `id`: the set's function of that name, else a builtin. */
  callFunction(dot: unknown, id: IdentifierNode, cmd: AnyNode, args: Args, final: unknown): unknown {
    this.node = id;
    const name = id.name;
    const user = this.set.funcMap.get(name);
    if (user) {
      if (user.min !== undefined) this.checkArity(name, user.min, user.max, args, final);
      return this.call(dot, user.fn, false, cmd, name, args, final, undefined, user.withContext, user.types);
    }
    const builtin = BUILTINS[name];
    if (!builtin) this.fail(`${goQuote(name)} is not a defined function`);
    this.checkArity(name, builtin.min, builtin.max, args, final);
    if (name === 'and' || name === 'or') return this.andOr(dot, name === 'or', args, final);
    if (builtin.stringFirst && args.nodes.length > 1) this.checkStringLiteral(args.nodes[1]);
    const v = this.call(dot, builtin.fn, true, cmd, name, args, final);
    if (name === 'index' && this.exec.tracker) this.exec.tracker.indexed(this.lastArgs, v);
    return v;
  }

  /** A literal passed for a Go string parameter: Go rejects it before the call. */
  checkStringLiteral(arg: ArgNode): void {
    if (arg.kind === 'number' || arg.kind === 'bool') {
      this.node = arg;
      this.fail(`expected string; found ${nodeText(arg)}`);
    }
    if (arg.kind === 'nil') {
      this.node = arg;
      this.fail('cannot assign nil to string');
    }
  }

  andOr(dot: unknown, isOr: boolean, args: Args, final: unknown): unknown {
    let v: unknown;
    const { nodes, fns } = args;
    for (let i = 1; i < nodes.length; i++) {
      v = fns ? fns[i](this, dot) : this.arg(dot, nodes[i]);
      this.exec.tracker?.tested(v);
      if (isTrue(v) === isOr) return v;
    }
    return final === NO_FINAL ? v : final;
  }

  call(
    dot: unknown,
    fn: GoFunc,
    builtin: boolean,
    node: AnyNode,
    name: string,
    args: Args,
    final: unknown,
    self?: unknown,
    withContext = false,
    types?: GoType[],
  ): unknown {
    const argv = types ? this.typedArgs(dot, types, args, final, withContext) : this.plainArgs(dot, builtin, name, args, final, withContext);
    if (builtin) this.lastArgs = argv;
    const tracker = this.exec.tracker;
    if (tracker?.observer) {
      if (self !== undefined) tracker.used(self);
      const as = observedAs(name);
      if (as === 'keys') for (let i = 0; i < argv.length; i++) tracker.tested(argv[i]);
      else if (as !== 'hold') for (let i = 0; i < argv.length; i++) tracker.used(argv[i]);
    }
    const budget = this.exec.budget;
    try {
      const r = builtin ? (fn as (args: unknown[]) => unknown)(argv) : fn.apply(self, argv);
      if (budget) {
        // a call weighs as long as it takes: one step, and one per BYTES_PER_STEP of the strings it read and made
        let bytes = 0;
        for (let i = 0; i < argv.length; i++) {
          const a = argv[i];
          if (typeof a === 'string') bytes += a.length;
        }
        if (typeof r === 'string' || r instanceof Uint8Array) {
          if (r.length > budget.maxBytes) budget.string(r.length);
          bytes += r.length;
        }
        // tick(steps), written out (RenderBudget says why)
        if ((budget.steps += bytes < BYTES_PER_STEP ? 1 : 1 + Math.floor(bytes / BYTES_PER_STEP)) >= budget.clockAt) budget.tick(0);
      }
      return r;
    } catch (e) {
      // the budget's own error passes through calls unwrapped: it names where it fired (State.run)
      if (e instanceof RenderBudgetError) throw e;
      if (isStackOverflow(e)) {
        this.exec.overflow ??= { template: this.tree.name, depth: this.exec.depth };
        throw e;
      }
      this.node = node;
      if (e instanceof Error && (e as { code?: string }).code === 'ERR_TEMPLATE_ARG') {
        // Go reports a bad argument at the argument's node when the function says which one.
        const err = e as { argIndex?: unknown; value?: unknown };
        // a function's error may say which value it rejected, not where: found among the arguments
        // (the first one that is that value), as the functions are written once for every caller
        if (err.argIndex === undefined && !builtin && 'value' in err) {
          const i = argv.findIndex((a) => Object.is(a, err.value));
          if (i >= 0) err.argIndex = i;
        }
        const at = err.argIndex;
        if (typeof at === 'number' && args.nodes[at + 1]) this.node = args.nodes[at + 1];
        this.fail(e.message, e);
      }
      this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }

  private plainArgs(dot: unknown, builtin: boolean, name: string, args: Args, final: unknown, withContext: boolean): unknown[] {
    const { nodes, fns } = args;
    const argv = new Array<unknown>((withContext ? 1 : 0) + Math.max(nodes.length - 1, 0) + (final === NO_FINAL ? 0 : 1));
    let j = 0;
    if (withContext) argv[j++] = this;
    for (let i = 1; i < nodes.length; i++) {
      // Builtins taking reflect.Value see a nil literal as the invalid value, not a nil interface.
      if (builtin && nodes[i].kind === 'nil' && REFLECT_BUILTINS.has(name)) argv[j++] = undefined;
      else argv[j++] = fns ? fns[i](this, dot) : this.arg(dot, nodes[i]);
    }
    if (final !== NO_FINAL) argv[j] = final;
    return argv;
  }

  /** Arguments for declared Go parameter types; the last type also covers variadic arguments. */
  private typedArgs(dot: unknown, types: GoType[], args: Args, final: unknown, withContext: boolean): unknown[] {
    const { nodes, fns } = args;
    const argv = new Array<unknown>((withContext ? 1 : 0) + Math.max(nodes.length - 1, 0) + (final === NO_FINAL ? 0 : 1));
    let j = 0;
    if (withContext) argv[j++] = this;
    const lastType = types.length - 1;
    for (let i = 1; i < nodes.length; i++) {
      const n = nodes[i];
      const t = types[Math.min(i - 1, lastType)] ?? 'interface {}';
      if (n.kind === 'bool' || n.kind === 'number' || n.kind === 'string' || n.kind === 'nil') {
        this.node = n;
        const lits = (args.lits ??= []);
        let r = lits[i]?.type === t ? lits[i].checked : undefined;
        if (!r) lits[i] = { type: t, checked: (r = checkLiteral(n, t)) };
        if (!r.ok) this.fail(r.error);
        argv[j++] = r.value;
      } else argv[j++] = this.typed(fns ? fns[i](this, dot) : this.arg(dot, n), t);
    }
    if (final !== NO_FINAL) argv[j] = this.typed(final, types[Math.min(nodes.length - 1, lastType)] ?? 'interface {}');
    return argv;
  }

  private typed(v: unknown, t: GoType): unknown {
    // the parameter types nearly every call has (include's and tpl's), told without valueTypeError's tables
    if (t === 'interface {}') return v === undefined ? null : v;
    if (t === 'string' && typeof v === 'string') return v;
    const error = valueTypeError(v, t);
    if (error !== undefined) this.fail(error);
    return v === undefined ? null : v;
  }
}
