// Execution of parsed templates, following text/template's exec.go: a tree walker over the
// statements (text, actions, if/with/range, template calls) on top of the Evaluator; errors are
// thrown as TemplateError with Go's "executing ... at <node>" context. break and continue are
// thrown sentinels caught by the enclosing range.
import { nodeString, type AnyNode, type BranchNode, type Node, type PipeNode, type TemplateNode } from './ast.js';
import { RenderBudgetError } from './budget.js';
import { TemplateError } from './errors.js';
import { Evaluator, type ExecContext } from './eval.js';
import type { TemplateSet } from './template-set.js';
import { formatValue, goQuote, isMap, isTrue, sortedKeys, typeName } from './value.js';

export { Execution, type ExecContext, type ExecuteOptions, type GoFunc, type MissingKey } from './eval.js';

const BREAK = { loop: 'break' };
const CONTINUE = { loop: 'continue' };

export class State extends Evaluator implements ExecContext {
  out = '';

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
    try {
      this.walk(dot, this.tree.root);
    } catch (e) {
      // named by the innermost template: the one whose work ran over
      if (e instanceof RenderBudgetError)
        e.where ??= this.tree.parseName === this.tree.name ? this.tree.name : `${this.tree.parseName} (define ${goQuote(this.tree.name)})`;
      throw e;
    }
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

  // ---- statements ----
  private walk(dot: unknown, node: Node): void {
    const budget = this.exec.budget;
    if (budget) budget.tick();
    switch (node.kind) {
      case 'text':
        if (budget) budget.write(node.text.length);
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
    const before = this.out.length;
    if (v === undefined || v === null) this.out += '<no value>';
    else if (typeof v === 'string') {
      this.exec.budget?.write(v.length);
      this.out += v;
    } else if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    else {
      this.exec.tracker?.used(v);
      this.out += formatValue(v);
    }
    if (typeof v !== 'string') this.exec.budget?.write(this.out.length - before);
  }

  /** Walks with a new dot; `element`: it is a list or map element (Go type interface {}). */
  private walkWithDot(dot: unknown, list: Node, element: boolean): void {
    const saved = this.dotIsElement;
    this.dotIsElement = element;
    try {
      this.walk(dot, list);
    } finally {
      this.dotIsElement = saved;
    }
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.names.length;
    const val = this.evalPipeline(dot, node.pipe);
    this.exec.tracker?.tested(val);
    if (isTrue(val)) {
      if (node.kind === 'with') this.walkWithDot(val, node.list, false);
      else this.walk(dot, node.list);
    } else if (node.elseList) this.walk(dot, node.elseList);
    this.pop(mark);
  }

  private walkRange(dot: unknown, r: BranchNode): void {
    this.node = r;
    const outer = this.names.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.names.length;
    let ran = false;
    const one = (index: unknown, elem: unknown, element = true): void => {
      ran = true;
      this.bindRangeVars(r.pipe, index, elem);
      try {
        this.walkWithDot(elem, r.list, element);
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

  /** Calls `one` per element; `element` false: the element has a concrete Go type (int, uint8). */
  private iterate(r: BranchNode, val: unknown, one: (index: unknown, elem: unknown, element?: boolean) => void): void {
    const tracker = this.exec.tracker;
    tracker?.ranged(val);
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
      for (let i = 0n; i < val; i++) one(undefined, i, false);
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) one(BigInt(i), BigInt(val[i]), false);
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
    try {
      this.walkWithDot(newDot, tree.root, false);
    } finally {
      [this.tree, this.names, this.values] = [savedTree, names, values];
      this.exec.depth--;
    }
  }
}
