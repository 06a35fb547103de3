// A tree's first run, walked from its nodes as exec.go walks them. Most trees of a render run
// once (a chart's files, a tpl of a values string), and compiling a tree costs about what running
// it does; a tree that runs again is compiled (compile-stmt.ts, compile-expr.ts), so the two must
// do the same, step for step: the same budget steps, observer events and current node for errors.
import { nodeString, type ArgNode, type BranchNode, type CommandNode, type Node, type PipeNode, type TemplateNode } from './ast.js';
import { countDocuments } from './budget.js';
import { BREAK, CONTINUE } from './loop-signals.js';
import { IFACE, NO_ARGS, NO_FINAL, type Args } from './eval.js';
import type { State } from './exec.js';
import { goQuote, isTrue } from './value.js';

export function walk(s: State, dot: unknown, node: Node): void {
  const b = s.exec.budget;
  if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
  switch (node.kind) {
    case 'text':
      if (b !== null) {
        if ((b.written += node.text.length) > b.maxBytes) b.write(0);
        const documents = countDocuments(node.text);
        if (documents > 0) b.documents(documents);
      }
      s.out += node.text;
      return;
    case 'action': {
      const v = evalPipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) s.printValue(node, v);
      return;
    }
    case 'list':
      for (let i = 0; i < node.nodes.length; i++) walk(s, dot, node.nodes[i]);
      return;
    case 'if':
    case 'with':
      return walkIfOrWith(s, dot, node);
    case 'range':
      // compiled even on a first run: its body is compiled from the second element on (runBody);
      // through State, which imports both halves, so this module does not import the compiler
      return s.range(node, dot);
    case 'template':
      return walkTemplate(s, dot, node);
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
  }
}

function walkWithDot(s: State, dot: unknown, list: Node, element: boolean): void {
  const saved = s.dotIsElement;
  s.dotIsElement = element;
  try {
    walk(s, dot, list);
  } finally {
    s.dotIsElement = saved;
  }
}

function walkIfOrWith(s: State, dot: unknown, node: BranchNode): void {
  const mark = s.names.length;
  const val = evalPipeline(s, dot, node.pipe);
  s.exec.tracker?.tested(val);
  if (isTrue(val)) {
    if (node.kind === 'with') walkWithDot(s, val, node.list, false);
    else walk(s, dot, node.list);
  } else if (node.elseList) walk(s, dot, node.elseList);
  s.pop(mark);
}

function walkTemplate(s: State, dot: unknown, t: TemplateNode): void {
  s.node = t;
  const tree = s.set.lookup(t.name);
  if (!tree) return s.fail(`template ${goQuote(t.name)} not defined`);
  const newDot = t.pipe ? evalPipeline(s, dot, t.pipe) : undefined;
  s.node = t;
  s.callTemplate(tree, newDot);
}

export function evalPipeline(s: State, dot: unknown, pipe: PipeNode): unknown {
  s.node = pipe;
  let value: unknown = NO_FINAL;
  const { cmds, decl } = pipe;
  for (let i = 0; i < cmds.length; i++) {
    value = evalCommand(s, dot, cmds[i], value);
    if (value === null) value = undefined;
  }
  for (let i = 0; i < decl.length; i++) {
    if (pipe.isAssign) s.setVar(decl[i].ident[0], value);
    else s.push(decl[i].ident[0], value);
  }
  return value;
}

function evalCommand(s: State, dot: unknown, cmd: CommandNode, final: unknown): unknown {
  const first = cmd.args[0];
  const args: Args = { nodes: cmd.args, fns: null, lits: null };
  switch (first.kind) {
    case 'field':
      s.node = first;
      return s.fieldChain(dot, dot, first, first.ident, 0, args, final, s.dotIsElement ? IFACE : NO_FINAL);
    case 'chain':
      s.node = first;
      if (first.node.kind === 'nil') s.fail(`indirection through explicit nil in ${nodeString(first)}`);
      return s.fieldChain(dot, evalArg(s, dot, first.node), first, first.field, 0, args, final, NO_FINAL);
    case 'identifier':
      return s.callFunction(dot, first, cmd, args, final);
    case 'pipe':
      s.notAFunction(args, final);
      return evalPipeline(s, dot, first);
    case 'variable': {
      s.node = first;
      const value = s.varValue(first.ident[0]);
      if (first.ident.length === 1) {
        s.notAFunction(args, final);
        return value;
      }
      return s.fieldChain(dot, value, first, first.ident, 1, args, final, NO_FINAL);
    }
  }
  s.node = first;
  s.notAFunction(args, final);
  switch (first.kind) {
    case 'bool':
      return first.value;
    case 'dot':
      return dot;
    case 'nil':
      return s.fail('nil is not a command');
    case 'number':
      return first.value;
    case 'string':
      return first.text;
  }
}

export function evalArg(s: State, dot: unknown, n: ArgNode): unknown {
  s.node = n;
  switch (n.kind) {
    case 'dot':
      return dot;
    case 'nil':
      return null;
    case 'field':
      return s.fieldChain(dot, dot, n, n.ident, 0, NO_ARGS, NO_FINAL, s.dotIsElement ? IFACE : NO_FINAL);
    case 'variable': {
      const value = s.varValue(n.ident[0]);
      return n.ident.length === 1 ? value : s.fieldChain(dot, value, n, n.ident, 1, NO_ARGS, NO_FINAL, NO_FINAL);
    }
    case 'pipe':
      return evalPipeline(s, dot, n);
    case 'identifier':
      return s.callFunction(dot, n, n, { nodes: [n], fns: null, lits: null }, NO_FINAL);
    case 'chain':
      if (n.node.kind === 'nil') s.fail(`indirection through explicit nil in ${nodeString(n)}`);
      return s.fieldChain(dot, evalArg(s, dot, n.node), n, n.field, 0, NO_ARGS, NO_FINAL, NO_FINAL);
    case 'bool':
      return n.value;
    case 'number':
      return n.value;
    case 'string':
      return n.text;
  }
}
