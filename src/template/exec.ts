// Execution of parsed templates, following text/template's exec.go: the state one template's run
// keeps. A tree is walked on its first run (interpret.ts) and runs as the closures it is compiled
// to from then on (compile-stmt.ts, compile-expr.ts); errors are thrown as TemplateError with Go's
// "executing ... at <node>" context.
import { nodeString, type AnyNode, type ArgNode, type BranchNode, type Tree } from './ast.js';
import { RenderBudgetError } from './budget.js';
import { compiledRange, runBody } from './compile-stmt.js';
import { TemplateError } from './errors.js';
import { Evaluator, type ExecContext } from './eval.js';
import { evalArg } from './interpret.js';
import type { TemplateSet } from './template-set.js';
import { formatValue, goQuote, typeName } from './value.js';

export { Execution, type ExecContext, type ExecuteOptions, type GoFunc, type MissingKey } from './eval.js';

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
    this.values[0] = dot;
    try {
      runBody(this, this.tree.root, dot);
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

  /** A range statement met by the tree walker (interpret.ts), run compiled. */
  range(node: BranchNode, dot: unknown): void {
    compiledRange(node)(this, dot);
  }

  arg(dot: unknown, n: ArgNode): unknown {
    return evalArg(this, dot, n);
  }

  /** {{template}}: runs `tree` with `dot` in this execution, with its own variables. */
  callTemplate(tree: Tree, dot: unknown): void {
    this.enter();
    const { tree: savedTree, names, values, dotIsElement } = this;
    this.tree = tree;
    this.names = ['$'];
    this.values = [dot];
    this.dotIsElement = false;
    try {
      runBody(this, tree.root, dot);
    } finally {
      this.tree = savedTree;
      this.names = names;
      this.values = values;
      this.dotIsElement = dotIsElement;
      this.exec.depth--;
    }
  }

  /** An action's value written out, as fmt prints it. */
  printValue(node: AnyNode, v: unknown): void {
    this.node = node;
    const before = this.out.length;
    if (v === undefined || v === null) this.out += '<no value>';
    else if (typeof v === 'string') {
      const b = this.exec.budget;
      if (b !== null && (b.written += v.length) > b.maxBytes) b.write(0);
      this.out += v;
    } else if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    else {
      this.exec.tracker?.used(v);
      this.out += formatValue(v);
    }
    if (typeof v !== 'string') this.exec.budget?.write(this.out.length - before);
  }
}
