// Expression evaluation for the executor, following text/template's exec.go: pipelines,
// commands, field chains, function and method calls, with Go's error messages.
// Value model (see value.ts): `undefined` is Go's invalid value ("no value"), `null` a nil
// interface (a map's missing key under missingkey=zero, a YAML null). Field access on `null`
// fails ("nil pointer evaluating interface {}.x") while on `undefined` it yields no value, and
// each pipeline stage turns `null` into `undefined`, exactly as Go unwraps empty interfaces.
import {
  nodeString,
  type AnyNode,
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type PipeNode,
  type Tree,
  type VariableNode,
} from './ast.js';
import { RenderBudgetError } from './budget.js';
import { BUILTINS } from './builtins.js';
import { execError, isStackOverflow } from './errors.js';
import { mapMethod } from './map-methods.js';
import { observedAs } from './track.js';
import { checkLiteral, checkValue, type GoType } from './typed-args.js';
import { goQuote, isMap, isTrue, typeName } from './value.js';

export { Execution, type ExecContext, type ExecuteOptions, type GoFunc, type MissingKey } from './execution.js';
import type { Execution, GoFunc } from './execution.js';
import type { TemplateSet } from './template-set.js';

const NO_FINAL = Symbol('no final value');
type Final = unknown;
const NO_ARGS: ArgNode[] = [];
const EXPORTED = /^\p{Lu}/u;
const REFLECT_BUILTINS = new Set(['and', 'or', 'not', 'call', 'index', 'slice', 'len', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);
/** Marks a receiver whose Go static type is interface {} (an element of a list or map). */
const IFACE = Symbol('interface {}');

/** The expression half of an executing template; State (exec.ts) adds the statements. */
export abstract class Evaluator {
  protected node: AnyNode | null = null;
  protected names: string[] = [];
  protected values: unknown[] = [];
  /** Dot is a range element, whose Go static type is interface {} (for error messages). */
  protected dotIsElement = false;

  constructor(
    readonly set: TemplateSet,
    protected tree: Tree,
    protected readonly exec: Execution,
  ) {}

  protected enter(): void {
    if (this.exec.depth >= this.exec.maxDepth) this.fail(`exceeded maximum template depth (${this.exec.maxDepth})`);
    this.exec.depth++;
  }

  fail(message: string, cause?: unknown): never {
    throw execError(this.tree, this.node, message, cause);
  }

  // ---- variables ----
  protected push(name: string, value: unknown): void {
    this.names.push(name);
    this.values.push(value);
  }
  protected pop(mark: number): void {
    this.names.length = mark;
    this.values.length = mark;
  }
  protected setVar(name: string, value: unknown): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.values[i] = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  protected varValue(name: string): unknown {
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i] === name) return this.values[i];
    this.fail(`undefined variable: ${name}`);
  }

  // ---- expressions ----
  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = NO_FINAL;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.push(v.ident[0], value);
    }
    return value;
  }

  protected evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.fail('nil is not a command');
      case 'number':
        return first.value;
      case 'string':
        return first.text;
    }
  }

  protected notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) this.fail(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  protected evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, field, field.ident, 0, args, final, this.dotIsElement ? IFACE : NO_FINAL);
  }

  protected evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, 0, args, final);
  }

  protected evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.node = v;
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident, 1, args, final);
  }

  protected evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: AnyNode,
    ident: string[],
    start: number,
    args: ArgNode[],
    final: Final,
    origin: unknown = NO_FINAL,
  ): unknown {
    const n = ident.length;
    let parent: unknown = origin;
    for (let i = start; i < n - 1; i++) {
      const r = receiver;
      receiver = this.evalField(dot, ident[i], node, NO_ARGS, NO_FINAL, receiver, parent);
      parent = r;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, parent);
  }

  /** `parent`: where the receiver came from; out of a map, Go's errors name its type "interface {}". */
  protected evalField(dot: unknown, name: string, node: AnyNode, args: ArgNode[], final: Final, receiver: unknown, parent: unknown): unknown {
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    // named map and slice types carry methods (chartutil.Values.AsMap, VersionSet.Has); a method wins over a key
    const method = isMap(receiver) || Array.isArray(receiver) ? mapMethod(receiver, name) : undefined;
    if (method) return this.callMethod(dot, method, node, name, args, final, receiver);
    if (isMap(receiver)) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      let v: unknown = Object.prototype.hasOwnProperty.call(receiver, name) ? receiver[name] : undefined;
      if (v === undefined) v = this.missingKey(name);
      if (this.exec.tracker) this.exec.tracker.element(receiver, name, v);
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

  private callMethod(dot: unknown, m: GoFunc, node: AnyNode, name: string, args: ArgNode[], final: Final, receiver: unknown): unknown {
    // Go checks a method's arity; a JavaScript method declares it as its parameter count.
    const got = Math.max(args.length - 1, 0) + (final === NO_FINAL ? 0 : 1);
    if (got !== m.length) this.fail(`wrong number of args for ${name}: want ${m.length} got ${got}`);
    return this.evalCall(dot, m, false, node, name, args, final, receiver);
  }

  protected missingKey(name: string): unknown {
    switch (this.set.missingKey) {
      case 'zero':
        return null;
      case 'error':
        return this.fail(`map has no entry for key ${goQuote(name)}`);
      default:
        return undefined;
    }
  }

  protected evalFunction(dot: unknown, node: IdentifierNode, cmd: AnyNode, args: ArgNode[], final: Final): unknown {
    this.node = node;
    const name = node.name;
    const builtin = BUILTINS[name];
    const user = this.set.func(name);
    if (user) {
      if (user.min !== undefined) this.checkArity(name, user.min, user.max, args, final);
      return this.evalCall(dot, user.fn, false, cmd, name, args, final, undefined, user.withContext, user.types);
    }
    if (!builtin) this.fail(`${goQuote(name)} is not a defined function`);
    this.checkArity(name, builtin.min, builtin.max, args, final);
    if (name === 'and' || name === 'or') return this.andOr(dot, name === 'or', args, final);
    if (builtin.stringFirst && args.length > 1) this.checkStringLiteral(args[1]);
    const v = this.evalCall(dot, builtin.fn, true, cmd, name, args, final);
    if (name === 'index' && this.exec.tracker) this.exec.tracker.indexed(this.lastArgs, v);
    return v;
  }

  /** A literal passed for a Go string parameter: Go rejects it before the call. */
  protected checkStringLiteral(arg: ArgNode): void {
    if (arg.kind === 'number' || arg.kind === 'bool') {
      this.node = arg;
      this.fail(`expected string; found ${nodeString(arg)}`);
    }
    if (arg.kind === 'nil') {
      this.node = arg;
      this.fail('cannot assign nil to string');
    }
  }

  /** Go's arity check; `max` undefined means variadic (Go then counts only the explicit arguments). */
  protected checkArity(name: string, min: number, max: number | undefined, args: ArgNode[], final: Final): void {
    const got = Math.max(args.length - 1, 0) + (final === NO_FINAL ? 0 : 1);
    if (max === undefined) {
      if (got < min) this.fail(`wrong number of args for ${name}: want at least ${min} got ${args.length - 1}`);
    } else if (got !== max || got < min) this.fail(`wrong number of args for ${name}: want ${max} got ${got}`);
  }

  protected andOr(dot: unknown, isOr: boolean, args: ArgNode[], final: Final): unknown {
    let v: unknown;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, args[i]);
      this.exec.tracker?.tested(v);
      if (isTrue(v) === isOr) return v;
    }
    return final === NO_FINAL ? v : final;
  }

  protected lastArgs: unknown[] = [];

  protected evalCall(
    dot: unknown,
    fn: GoFunc,
    builtin: boolean,
    node: AnyNode,
    name: string,
    args: ArgNode[],
    final: Final,
    self?: unknown,
    withContext = false,
    types?: GoType[],
  ): unknown {
    const argv: unknown[] = withContext ? [this] : [];
    if (types) this.typedArgs(dot, types, args, final, argv);
    else {
      for (let i = 1; i < args.length; i++) {
        // Builtins taking reflect.Value see a nil literal as the invalid value, not a nil interface.
        argv.push(builtin && args[i].kind === 'nil' && REFLECT_BUILTINS.has(name) ? undefined : this.evalArg(dot, args[i]));
      }
      if (final !== NO_FINAL) argv.push(final);
    }
    if (builtin) this.lastArgs = argv;
    const tracker = this.exec.tracker;
    if (tracker?.observer) {
      if (self !== undefined) tracker.used(self);
      const as = observedAs(name);
      if (as === 'keys') for (const a of argv) tracker.tested(a);
      else if (as !== 'hold') for (const a of argv) tracker.used(a);
    }
    const budget = this.exec.budget;
    try {
      const r = builtin ? (fn as (args: unknown[]) => unknown)(argv) : fn.apply(self, argv);
      if (budget) {
        budget.tick();
        if (typeof r === 'string' || r instanceof Uint8Array) budget.string(r.length);
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
        const at = (e as { argIndex?: unknown }).argIndex;
        if (typeof at === 'number' && args[at + 1]) this.node = args[at + 1];
        this.fail(e.message, e);
      }
      this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }

  /** Arguments for declared Go parameter types; the last type also covers variadic arguments. */
  protected typedArgs(dot: unknown, types: GoType[], args: ArgNode[], final: Final, argv: unknown[]): void {
    const typeAt = (i: number): GoType => types[Math.min(i, types.length - 1)] ?? 'interface {}';
    for (let i = 1; i < args.length; i++) {
      const n = args[i];
      const t = typeAt(i - 1);
      const lit = n.kind === 'bool' || n.kind === 'number' || n.kind === 'string' || n.kind === 'nil';
      if (lit) this.node = n;
      const r = lit ? checkLiteral(n, t) : checkValue(this.evalArg(dot, n), t);
      if (!r.ok) this.fail(r.error);
      argv.push(r.value);
    }
    if (final === NO_FINAL) return;
    const r = checkValue(final, typeAt(args.length - 1));
    if (!r.ok) this.fail(r.error);
    argv.push(r.value);
  }

  evalArg(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldNode(dot, n, NO_ARGS, NO_FINAL);
      case 'variable':
        return this.evalVariableNode(dot, n, NO_ARGS, NO_FINAL);
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n, n, [n], NO_FINAL);
      case 'chain':
        return this.evalChainNode(dot, n, NO_ARGS, NO_FINAL);
      case 'bool':
        return n.value;
      case 'number':
        return n.value;
      case 'string':
        return n.text;
    }
  }
}
