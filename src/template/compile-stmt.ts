// Statements (text, actions, if/with/range, template calls) compiled to closures, once per parsed
// tree and shared by every later execution of it: a define included a hundred times per render is
// walked once (interpret.ts) and compiled once, where walking it decided per node and per run what
// the closures decide once. They do what exec.go's walk does per node, in the same order: one
// budget step per node, the same observer events, the same current node for errors. break and
// continue are thrown sentinels caught by the enclosing range.
import type { BranchNode, ListNode, Node, TemplateNode } from './ast.js';
import { countDocuments } from './budget.js';
import { compilePipe } from './compile-expr.js';
import { walk } from './interpret.js';
import { BREAK, CONTINUE } from './loop-signals.js';
import type { State } from './exec.js';
import { formatValue, goQuote, isMap, isTrue, sortedKeys } from './value.js';

/** A compiled statement: runs it with `dot`, writing to s.out. */
export type StmtFn = (s: State, dot: unknown) => void;

/** A tree's body compiled, or how many times it ran before (sets share trees, so do their compiled forms). */
const TREES = new WeakMap<ListNode, StmtFn | number>();
/** Runs before a tree is compiled: a tree run once (most of a chart's files) is cheaper walked. */
const WALKED_RUNS = 1;

/** Runs a tree's body: walked (interpret.ts) on its first runs, compiled from then on. */
export function runBody(s: State, root: ListNode, dot: unknown): void {
  const f = TREES.get(root) ?? 0;
  if (typeof f === 'function') return f(s, dot);
  if (f < WALKED_RUNS) {
    TREES.set(root, f + 1);
    return walk(s, dot, root);
  }
  const compiled = compileNode(root);
  TREES.set(root, compiled);
  compiled(s, dot);
}

function compileNode(node: Node): StmtFn {
  switch (node.kind) {
    case 'text': {
      const text = node.text;
      const documents = countDocuments(text);
      return (s) => {
        const b = s.exec.budget;
        if (b !== null) {
          if (++b.steps >= b.clockAt) b.tick(0);
          if ((b.written += text.length) > b.maxBytes) b.write(0);
          if (documents > 0) b.documents(documents);
        }
        s.out += text;
      };
    }
    case 'action': {
      const pipe = compilePipe(node.pipe);
      const print = node.pipe.decl.length === 0;
      return (s, dot) => {
        const b = s.exec.budget;
        if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
        const v = pipe(s, dot);
        if (print) s.printValue(node, v);
      };
    }
    case 'list': {
      const nodes = node.nodes.map(compileNode);
      return (s, dot) => {
        const b = s.exec.budget;
        if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
        for (let i = 0; i < nodes.length; i++) nodes[i](s, dot);
      };
    }
    case 'if':
    case 'with':
      return ifOrWith(node);
    case 'range': {
      const f = range(node);
      return (s, dot) => {
        const b = s.exec.budget;
        if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
        f(s, dot);
      };
    }
    case 'template':
      return template(node);
    case 'break':
      return (s) => {
        const b = s.exec.budget;
        if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
        throw BREAK;
      };
    case 'continue':
      return (s) => {
        const b = s.exec.budget;
        if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
        throw CONTINUE;
      };
  }
}

const RANGES = new WeakMap<BranchNode, StmtFn>();

/** A range statement compiled, for a tree walked on its first run (interpret.ts). */
export function compiledRange(r: BranchNode): StmtFn {
  let f = RANGES.get(r);
  if (!f) RANGES.set(r, (f = range(r)));
  return f;
}

/**
 * A branch's body, run as a tree's body is: a branch not taken costs nothing (a chart's templates
 * are mostly `if .Values.x.enabled` around the whole file, most of them off by default), one taken
 * once is walked, and a range's body is compiled for its second element.
 */
function lazy(list: ListNode): StmtFn {
  return (s, dot) => runBody(s, list, dot);
}

/** Runs `body` with a new dot; `element`: it is a list or map element (Go type interface {}). */
function withDot(s: State, body: StmtFn, dot: unknown, element: boolean): void {
  const saved = s.dotIsElement;
  s.dotIsElement = element;
  try {
    body(s, dot);
  } finally {
    s.dotIsElement = saved;
  }
}

function ifOrWith(node: BranchNode): StmtFn {
  const pipe = compilePipe(node.pipe);
  const list = lazy(node.list);
  const elseList = node.elseList ? lazy(node.elseList) : null;
  const isWith = node.kind === 'with';
  return (s, dot) => {
    const b = s.exec.budget;
    if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
    const mark = s.names.length;
    const val = pipe(s, dot);
    s.exec.tracker?.tested(val);
    if (isTrue(val)) {
      if (isWith) withDot(s, list, val, false);
      else list(s, dot);
    } else if (elseList) elseList(s, dot);
    s.pop(mark);
  };
}

function range(r: BranchNode): StmtFn {
  const pipe = compilePipe(r.pipe);
  const body = lazy(r.list);
  const elseList = r.elseList ? lazy(r.elseList) : null;
  const decl = r.pipe.decl.map((v) => v.ident[0]);
  const assign = r.pipe.isAssign;
  const two = decl.length > 1;

  /** One iteration; `element` false: the element has a concrete Go type (int, uint8). */
  const one = (s: State, mark: number, index: unknown, elem: unknown, element: boolean): void => {
    if (decl.length > 0) {
      if (assign) {
        if (two) {
          s.setVar(decl[0], index);
          s.setVar(decl[1], elem);
        } else s.setVar(decl[0], elem);
      } else {
        const top = s.values.length - 1;
        s.values[top] = elem;
        if (two) s.values[top - 1] = index;
      }
    }
    try {
      withDot(s, body, elem, element);
    } catch (e) {
      if (e !== CONTINUE) throw e;
    } finally {
      s.pop(mark);
    }
  };

  // without the node's budget step, which whoever runs the node takes (compileNode, interpret.ts)
  return (s, dot) => {
    s.node = r;
    const outer = s.names.length;
    const val = pipe(s, dot);
    const mark = s.names.length;
    let ran = false;
    try {
      const tracker = s.exec.tracker;
      tracker?.ranged(val);
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          if (tracker) tracker.element(val, String(i), val[i]);
          ran = true;
          one(s, mark, BigInt(i), val[i], true);
        }
      } else if (isMap(val)) {
        const keys = sortedKeys(val);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (tracker) tracker.element(val, k, val[k]);
          ran = true;
          one(s, mark, k, val[k], true);
        }
      } else if (typeof val === 'bigint') {
        if (two) s.fail(`can't use ${val} to iterate over more than one variable`);
        for (let i = 0n; i < val; i++) {
          ran = true;
          one(s, mark, undefined, i, false);
        }
      } else if (val instanceof Uint8Array) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          one(s, mark, BigInt(i), BigInt(val[i]), false);
        }
      } else if (val !== undefined && val !== null) {
        s.fail(`range can't iterate over ${formatValue(val)}`);
      }
    } catch (e) {
      if (e !== BREAK) throw e;
      s.pop(outer);
      return;
    }
    if (!ran && elseList) elseList(s, dot);
    s.pop(outer);
  };
}

function template(t: TemplateNode): StmtFn {
  const name = t.name;
  const pipe = t.pipe ? compilePipe(t.pipe) : null;
  return (s, dot) => {
    const b = s.exec.budget;
    if (b !== null && ++b.steps >= b.clockAt) b.tick(0);
    s.node = t;
    const tree = s.set.lookup(name);
    if (!tree) return s.fail(`template ${goQuote(name)} not defined`);
    const newDot = pipe ? pipe(s, dot) : undefined;
    s.node = t;
    s.callTemplate(tree, newDot);
  };
}
