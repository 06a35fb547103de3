// Execution of parsed templates, following text/template's exec.go: a tree walker with its own
// variable stack; errors are thrown as TemplateError with Go's "executing ... at <node>" context.
// Value model (see value.ts): `undefined` is Go's invalid value ("no value"), `null` a nil
// interface (a map's missing key under missingkey=zero, a YAML null). Field access on `null`
// fails ("nil pointer evaluating interface {}.x") while on `undefined` it yields no value, and
// each pipeline stage turns `null` into `undefined`, exactly as Go unwraps empty interfaces.
import { nodeString, type AnyNode, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode,
  type IdentifierNode, type Node, type PipeNode, type TemplateNode, type Tree, type VariableNode } from './ast.js';
import { BUILTINS } from './builtins.js';
import { execError, TemplateError } from './errors.js';
import type { TemplateSet } from './template-set.js';
import { Tracker } from './track.js';
import { formatValue, goQuote, isMap, isTrue, sortedKeys, typeName } from './value.js';

export type GoFunc = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
export type MissingKey = 'zero' | 'default' | 'error';

/** What a context function (TemplateSetOptions.contextFuncs) receives first: the running execution. */
export interface ExecContext {
  /** The set whose template is executing (for Helm's tpl: clone it, parse, then execute in the clone). */
  readonly set: TemplateSet;
  /** Name of the template executing now (the innermost define or file). */
  readonly templateName: string;
  /** Nesting depth of {{template}} and execute() calls in this execution (0 at the top). */
  readonly depth: number;
  /** Per-top-level-execution scratch space (e.g. Helm's include counters). */
  readonly scratch: Map<unknown, unknown>;
  /** Runs template `name` of `set` (default: this set) in this execution: shares the depth bound and provenance hook. */
  execute(name: string, data: unknown, set?: TemplateSet): string;
}

export interface ExecuteOptions {
  /** Called with the path from the data root (['Values','image','tag']) for every scalar a template reads. */
  onValueRead?: (path: readonly string[], value: unknown) => void;
  /** Maximum nesting of {{template}}/include (default 1000). */
  maxDepth?: number;
}

/** State shared by a top-level execution and every template it calls. */
export class Execution {
  depth = 0;
  readonly scratch = new Map<unknown, unknown>();
  readonly maxDepth: number;
  readonly tracker: Tracker | null;
  constructor(opts: ExecuteOptions, root: unknown) {
    this.maxDepth = opts.maxDepth ?? 1000;
    this.tracker = opts.onValueRead ? new Tracker(opts.onValueRead, root) : null;
  }
}

const NO_FINAL = Symbol('no final value');
type Final = unknown;
const BREAK = { loop: 'break' };
const CONTINUE = { loop: 'continue' };
const NO_ARGS: ArgNode[] = [];

export class State implements ExecContext {
  out = '';
  private node: AnyNode | null = null;
  private names: string[] = [];
  private values: unknown[] = [];

  constructor(
    readonly set: TemplateSet,
    private tree: Tree,
    private readonly exec: Execution,
  ) {}

  get templateName(): string {
    return this.tree.name;
  }
  get depth(): number {
    return this.exec.depth;
  }
  get scratch(): Map<unknown, unknown> {
    return this.exec.scratch;
  }

  run(data: unknown): string {
    const dot = data === null ? undefined : data;
    this.names.push('$');
    this.values.push(dot);
    this.walk(dot, this.tree.root);
    return this.out;
  }

  execute(name: string, data: unknown, set: TemplateSet = this.set): string {
    const tree = set.lookup(name);
    if (!tree) throw new TemplateError(`template: no template ${goQuote(name)} associated with template ${goQuote(set.name)}`);
    this.enter();
    try {
      return new State(set, tree, this.exec).run(data);
    } finally {
      this.exec.depth--;
    }
  }

  private enter(): void {
    if (this.exec.depth >= this.exec.maxDepth) this.fail(`exceeded maximum template depth (${this.exec.maxDepth})`);
    this.exec.depth++;
  }

  fail(message: string, cause?: unknown): never {
    throw execError(this.tree, this.node, message, cause);
  }

  // ---- variables ----
  private push(name: string, value: unknown): void {
    this.names.push(name);
    this.values.push(value);
  }
  private pop(mark: number): void {
    this.names.length = mark;
    this.values.length = mark;
  }
  private setVar(name: string, value: unknown): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.values[i] = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }
  private varValue(name: string): unknown {
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i] === name) return this.values[i];
    this.fail(`undefined variable: ${name}`);
  }

  // ---- statements ----
  private walk(dot: unknown, node: Node): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v);
        return;
      }
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private printValue(node: AnyNode, v: unknown): void {
    this.node = node;
    if (v === undefined || v === null) this.out += '<no value>';
    else if (typeof v === 'string') this.out += v;
    else if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    else this.out += formatValue(v);
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.names.length;
    const val = this.evalPipeline(dot, node.pipe);
    if (isTrue(val)) this.walk(node.kind === 'with' ? val : dot, node.list);
    else if (node.elseList) this.walk(dot, node.elseList);
    this.pop(mark);
  }

  private walkRange(dot: unknown, r: BranchNode): void {
    this.node = r;
    const outer = this.names.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.names.length;
    let ran = false;
    const one = (index: unknown, elem: unknown): void => {
      ran = true;
      this.bindRangeVars(r.pipe, index, elem);
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (e !== CONTINUE) throw e;
      } finally {
        this.pop(mark);
      }
    };
    try {
      this.iterate(r, val, one);
    } catch (e) {
      if (e !== BREAK) throw e;
      this.pop(outer);
      return;
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.pop(outer);
  }

  private bindRangeVars(pipe: PipeNode, index: unknown, elem: unknown): void {
    const decl = pipe.decl;
    if (decl.length === 0) return;
    if (pipe.isAssign) {
      if (decl.length > 1) {
        this.setVar(decl[0].ident[0], index);
        this.setVar(decl[1].ident[0], elem);
      } else this.setVar(decl[0].ident[0], elem);
      return;
    }
    const top = this.values.length - 1;
    this.values[top] = elem;
    if (decl.length > 1) this.values[top - 1] = index;
  }

  private iterate(r: BranchNode, val: unknown, one: (index: unknown, elem: unknown) => void): void {
    const tracker = this.exec.tracker;
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) {
        if (tracker) tracker.element(val, String(i), val[i]);
        one(BigInt(i), val[i]);
      }
    } else if (isMap(val)) {
      for (const k of sortedKeys(val)) {
        if (tracker) tracker.element(val, k, val[k]);
        one(k, val[k]);
      }
    } else if (typeof val === 'bigint') {
      if (r.pipe.decl.length > 1) this.fail(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0n; i < val; i++) one(undefined, i);
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) one(BigInt(i), BigInt(val[i]));
    } else if (val !== undefined && val !== null) {
      this.fail(`range can't iterate over ${formatValue(val)}`);
    }
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const tree = this.set.lookup(t.name);
    if (!tree) this.fail(`template ${goQuote(t.name)} not defined`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    this.node = t;
    this.enter();
    const [savedTree, names, values] = [this.tree, this.names, this.values];
    this.tree = tree;
    this.names = ['$'];
    this.values = [newDot];
    this.walk(newDot, tree.root);
    [this.tree, this.names, this.values] = [savedTree, names, values];
    this.exec.depth--;
  }

  // ---- expressions ----
  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
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

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
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

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) this.fail(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.node = v;
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident, 1, args, final);
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: AnyNode, ident: string[], start: number,
    args: ArgNode[], final: Final): unknown {
    const n = ident.length;
    let parent: unknown = NO_FINAL;
    for (let i = start; i < n - 1; i++) {
      const r = receiver;
      receiver = this.evalField(dot, ident[i], node, NO_ARGS, NO_FINAL, receiver, parent);
      parent = r;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, parent);
  }

  /** `parent`: where the receiver came from; out of a map, Go's errors name its type "interface {}". */
  private evalField(dot: unknown, name: string, node: AnyNode, args: ArgNode[], final: Final, receiver: unknown,
    parent: unknown): unknown {
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    if (isMap(receiver)) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      let v: unknown = Object.prototype.hasOwnProperty.call(receiver, name) ? receiver[name] : undefined;
      if (v === undefined) v = this.missingKey(name);
      if (this.exec.tracker) this.exec.tracker.element(receiver, name, v);
      return v;
    }
    if (typeof receiver === 'object' && !Array.isArray(receiver) && !(receiver instanceof Uint8Array)
      && name in receiver && !(name in Object.prototype)) {
      const v = (receiver as Record<string, unknown>)[name];
      if (typeof v === 'function') {
        // Go checks a method's arity; a JavaScript method declares it as its parameter count.
        const got = args.length - 1 + (final === NO_FINAL ? 0 : 1);
        if (got !== v.length) this.fail(`wrong number of args for ${name}: want ${v.length} got ${got}`);
        return this.evalCall(dot, v as GoFunc, false, node, name, args, final, receiver);
      }
      if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
      if (this.exec.tracker) this.exec.tracker.element(receiver, name, v);
      return v;
    }
    return this.fail(`can't evaluate field ${name} in type ${isMap(parent) ? 'interface {}' : typeName(receiver)}`);
  }

  private missingKey(name: string): unknown {
    switch (this.set.missingKey) {
      case 'zero':
        return null;
      case 'error':
        return this.fail(`map has no entry for key ${goQuote(name)}`);
      default:
        return undefined;
    }
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: AnyNode, args: ArgNode[], final: Final): unknown {
    this.node = node;
    const name = node.name;
    const builtin = BUILTINS[name];
    const user = this.set.func(name);
    if (user) {
      if (user.withContext) return this.evalCall(dot, user.fn, false, cmd, name, args, final, undefined, true);
      return this.evalCall(dot, user.fn, false, cmd, name, args, final);
    }
    if (!builtin) this.fail(`${goQuote(name)} is not a defined function`);
    const got = args.length - 1 + (final === NO_FINAL ? 0 : 1);
    if (got < builtin.min || (builtin.max !== undefined && got > builtin.max)) {
      this.arityError(name, builtin.min, builtin.max, builtin.max === undefined ? args.length - 1 : got);
    }
    if (name === 'and' || name === 'or') return this.andOr(dot, name === 'or', args, final);
    if (builtin.stringFirst && args.length > 1) this.checkStringLiteral(args[1]);
    const v = this.evalCall(dot, builtin.fn, true, cmd, name, args, final);
    if (name === 'index' && this.exec.tracker) this.exec.tracker.indexed(this.lastArgs, v);
    return v;
  }

  /** A literal passed for a Go string parameter: Go rejects it before the call. */
  private checkStringLiteral(arg: ArgNode): void {
    if (arg.kind === 'number' || arg.kind === 'bool') {
      this.node = arg;
      this.fail(`expected string; found ${nodeString(arg)}`);
    }
    if (arg.kind === 'nil') {
      this.node = arg;
      this.fail('cannot assign nil to string');
    }
  }

  private arityError(name: string, min: number, max: number | undefined, got: number): never {
    if (max === undefined) this.fail(`wrong number of args for ${name}: want at least ${min} got ${got}`);
    return this.fail(`wrong number of args for ${name}: want ${min} got ${got}`);
  }

  private andOr(dot: unknown, isOr: boolean, args: ArgNode[], final: Final): unknown {
    let v: unknown;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, args[i]);
      if (isTrue(v) === isOr) return v;
    }
    return final === NO_FINAL ? v : final;
  }

  private lastArgs: unknown[] = [];

  private evalCall(dot: unknown, fn: GoFunc, builtin: boolean, node: AnyNode, name: string, args: ArgNode[],
    final: Final, self?: unknown, withContext = false): unknown {
    const argv: unknown[] = withContext ? [this] : [];
    for (let i = 1; i < args.length; i++) argv.push(this.evalArg(dot, args[i]));
    if (final !== NO_FINAL) argv.push(final);
    if (builtin) this.lastArgs = argv;
    try {
      return builtin ? (fn as (args: unknown[], st: State) => unknown)(argv, this) : fn.apply(self, argv);
    } catch (e) {
      if (e instanceof RangeError && /call stack/.test(e.message)) throw e;
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
