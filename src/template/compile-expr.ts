// Pipelines, commands and arguments compiled to closures with the statements that hold them
// (compile-stmt.ts): a tree is parsed once and executed many times (every include of a define,
// every render of a chart), so what walking it decides per run from each node's kind and shape
// (interpret.ts) is decided here once.
// Each closure sets the executor's current node (Evaluator.node) exactly where exec.go's walk
// would, so errors name the same "at <node>" as Go.
import {
  nodeString,
  type AnyNode,
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type PipeNode,
  type VariableNode,
} from './ast.js';
import { IFACE, NO_ARGS, NO_FINAL, type ArgFn, type Args, type Evaluator } from './eval.js';

/** A compiled pipeline: its value for a dot (declaring or assigning its variables). */
export type PipeFn = (s: Evaluator, dot: unknown) => unknown;
/** A compiled command: its value for a dot and the value of the stage before (NO_FINAL: none). */
type CmdFn = (s: Evaluator, dot: unknown, final: unknown) => unknown;

const UNUSED: ArgFn = () => undefined;

export function compilePipe(pipe: PipeNode): PipeFn {
  if (pipe.cmds.length === 1 && pipe.decl.length === 0) {
    const only = compileCommand(pipe.cmds[0]);
    return (s, dot) => {
      s.node = pipe;
      const v = only(s, dot, NO_FINAL);
      return v === null ? undefined : v;
    };
  }
  const cmds = pipe.cmds.map(compileCommand);
  const names = pipe.decl.map((v) => v.ident[0]);
  const assign = pipe.isAssign;
  return (s, dot) => {
    s.node = pipe;
    let value: unknown = NO_FINAL;
    for (let i = 0; i < cmds.length; i++) {
      value = cmds[i](s, dot, value);
      if (value === null) value = undefined;
    }
    for (let i = 0; i < names.length; i++) {
      if (assign) s.setVar(names[i], value);
      else s.push(names[i], value);
    }
    return value;
  };
}

/** A function named alone as an argument (`default .x now`): only its count of arguments, none, is read. */
const ALONE: Args = { nodes: [{ kind: 'nil', pos: 0 }], fns: [UNUSED], lits: null };

function compileArgs(nodes: ArgNode[]): Args {
  const fns: ArgFn[] = [UNUSED];
  for (let i = 1; i < nodes.length; i++) fns.push(compileArg(nodes[i]));
  return { nodes, fns, lits: null };
}

function compileCommand(cmd: CommandNode): CmdFn {
  const first = cmd.args[0];
  const args = compileArgs(cmd.args);
  switch (first.kind) {
    case 'field':
      return fieldFn(first, args);
    case 'chain':
      return chainFn(first, args);
    case 'identifier':
      return functionFn(first, cmd, args);
    case 'variable':
      return variableFn(first, args);
    case 'pipe': {
      const inner = compilePipe(first);
      return (s, dot, final) => {
        s.notAFunction(args, final);
        return inner(s, dot);
      };
    }
    case 'nil':
      return (s, _dot, final) => {
        s.node = first;
        s.notAFunction(args, final);
        return s.fail('nil is not a command');
      };
    case 'dot':
      return (s, dot, final) => {
        s.node = first;
        s.notAFunction(args, final);
        return dot;
      };
  }
  const value = literal(first);
  return (s, _dot, final) => {
    s.node = first;
    s.notAFunction(args, final);
    return value;
  };
}

function literal(n: ArgNode): unknown {
  switch (n.kind) {
    case 'bool':
    case 'number':
      return n.value;
    case 'string':
      return n.text;
    default:
      return undefined;
  }
}

function compileArg(n: ArgNode): ArgFn {
  switch (n.kind) {
    case 'dot':
      return (s, dot) => {
        s.node = n;
        return dot;
      };
    case 'nil':
      return (s) => {
        s.node = n;
        return null;
      };
    case 'field': {
      const ident = n.ident;
      return (s, dot) => {
        s.node = n;
        return s.fieldChain(dot, dot, n, ident, 0, NO_ARGS, NO_FINAL, s.dotIsElement ? IFACE : NO_FINAL);
      };
    }
    case 'variable': {
      const name = n.ident[0];
      if (n.ident.length === 1) {
        return (s) => {
          s.node = n;
          return s.varValue(name);
        };
      }
      const f = variableFn(n, NO_ARGS);
      return (s, dot) => f(s, dot, NO_FINAL);
    }
    case 'pipe':
      return compilePipe(n);
    case 'identifier': {
      const f = functionFn(n, n, ALONE);
      return (s, dot) => f(s, dot, NO_FINAL);
    }
    case 'chain': {
      const f = chainFn(n, NO_ARGS);
      return (s, dot) => f(s, dot, NO_FINAL);
    }
  }
  const value = literal(n);
  return (s) => {
    s.node = n;
    return value;
  };
}

function fieldFn(field: FieldNode, args: Args): CmdFn {
  const ident = field.ident;
  return (s, dot, final) => {
    s.node = field;
    return s.fieldChain(dot, dot, field, ident, 0, args, final, s.dotIsElement ? IFACE : NO_FINAL);
  };
}

function chainFn(chain: ChainNode, args: Args): CmdFn {
  if (chain.node.kind === 'nil') {
    return (s) => {
      s.node = chain;
      return s.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    };
  }
  const head = compileArg(chain.node);
  const ident = chain.field;
  return (s, dot, final) => {
    s.node = chain;
    return s.fieldChain(dot, head(s, dot), chain, ident, 0, args, final, NO_FINAL);
  };
}

function variableFn(v: VariableNode, args: Args): CmdFn {
  const name = v.ident[0];
  if (v.ident.length === 1) {
    return (s, _dot, final) => {
      s.node = v;
      const value = s.varValue(name);
      s.notAFunction(args, final);
      return value;
    };
  }
  const ident = v.ident;
  return (s, dot, final) => {
    s.node = v;
    return s.fieldChain(dot, s.varValue(name), v, ident, 1, args, final, NO_FINAL);
  };
}

/** A call of function `id` (Evaluator.callFunction: a function of the set is looked up per call, since sets share trees). */
function functionFn(id: IdentifierNode, cmd: AnyNode, args: Args): CmdFn {
  return (s, dot, final) => s.callFunction(dot, id, cmd, args, final);
}
