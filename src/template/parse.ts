// Parser for Go's text/template, following text/template/parse: one recursive-descent pass that
// yields the file's tree plus one tree per {{define}}/{{block}}, checks functions and variables
// at parse time and reports errors as "template: NAME:LINE: ...".
import {
  isEmptyTree,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  type Tree,
  type VariableNode,
} from './ast.js';
import { parseError } from './errors.js';
import { lex, type Token } from './lex.js';
import { numberValue, unquoteChar, unquoteString } from './literals.js';

export interface ParseOptions {
  /** Is `name` a function? Unknown identifiers are parse errors, as in Go. */
  hasFunction: (name: string) => boolean;
  leftDelim?: string;
  rightDelim?: string;
}

interface Marker { kind: 'end' | 'else'; pos: number; chained?: 'if' | 'with' }

/** Parses one file: returns its own tree (under `name`) and the trees it defines. */
export function parseTemplate(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const tokens = lex(text, opts.leftDelim, opts.rightDelim);
  const trees = new Map<string, Tree>();
  new Parser(name, text, tokens, opts, trees).parseFile();
  return trees;
}

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'keyword') return `<${t.val}>`;
  const chars = Array.from(t.val);
  if (chars.length > 10) return JSON.stringify(chars.slice(0, 10).join('')) + '...';
  return JSON.stringify(t.val);
}

const NON_EXECUTABLE = new Set(['bool', 'dot', 'nil', 'number', 'string']);

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly toks: Token[],
    private readonly opts: ParseOptions,
    private readonly trees: Map<string, Tree>,
  ) {}

  // ---- token stream ----
  private peek(): Token {
    return this.toks[this.i];
  }
  private next(): Token {
    const t = this.toks[this.i];
    if (t.type !== 'eof' && t.type !== 'error') this.i++;
    return t;
  }
  private last(): Token {
    return this.toks[Math.max(0, this.i - 1)];
  }
  private fail(message: string, pos = this.last().pos): never {
    throw parseError({ parseName: this.name, text: this.text }, pos, message);
  }
  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') this.fail(t.val, t.pos);
    this.fail(`unexpected ${tokenString(t)} in ${context}`, t.pos);
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.next();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- trees ----
  parseFile(): void {
    const root: ListNode = { kind: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== 'eof') {
      const t = this.peek();
      const after = this.toks[this.i + 1];
      if (t.type === 'leftDelim' && after?.type === 'keyword' && after.val === 'define') {
        this.i += 2;
        this.parseDefinition();
        continue;
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) this.fail(`unexpected {{${n.kind}}}`, n.pos);
      root.nodes.push(n as Node);
    }
    this.add({ name: this.name, parseName: this.name, text: this.text, root });
  }

  private add(tree: Tree): void {
    const old = this.trees.get(tree.name);
    if (!old || isEmptyTree(old.root)) this.trees.set(tree.name, tree);
    else if (!isEmptyTree(tree.root)) this.fail(`template: multiple definition of template ${JSON.stringify(tree.name)}`);
  }

  private withFreshScope<T>(f: () => T): T {
    const [vars, depth] = [this.vars, this.rangeDepth];
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return f();
    } finally {
      this.vars = vars;
      this.rangeDepth = depth;
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.next();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') this.unexpected(nameTok, context);
    const name = this.unquote(nameTok);
    this.expect('rightDelim', context);
    this.withFreshScope(() => {
      const [root, end] = this.itemList();
      if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`, end.pos);
      this.add({ name, parseName: this.name, text: this.text, root });
    });
  }

  private itemList(): [ListNode, Marker] {
    const list: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n as Marker];
      list.nodes.push(n as Node);
    }
    this.fail('unexpected EOF', this.peek().pos);
  }

  private textOrAction(): Node | Marker {
    const t = this.next();
    if (t.type === 'text') return { kind: 'text', pos: t.pos, text: t.val };
    if (t.type === 'leftDelim') return this.action();
    this.unexpected(t, 'input');
  }

  // ---- actions ----
  private action(): Node | Marker {
    const t = this.peek();
    if (t.type === 'keyword') {
      this.next();
      switch (t.val) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.loopControl(t);
        case 'else':
          return this.elseControl();
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end', pos: t.pos };
        case 'if':
        case 'range':
        case 'with':
          return this.branch(t.val);
        case 'template':
          return this.templateControl();
      }
    }
    if (t.type === 'keyword') this.i--;
    const pos = t.pos;
    return { kind: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(t: Token): Node {
    const tok = this.next();
    if (tok.type !== 'rightDelim') this.unexpected(tok, `{{${t.val}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${t.val}}} outside {{range}}`, t.pos);
    return { kind: t.val as 'break' | 'continue', pos: t.pos };
  }

  private elseControl(): Marker {
    const p = this.peek();
    if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) return { kind: 'else', pos: p.pos, chained: p.val };
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos };
  }

  private branch(kind: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.kind === 'else') {
        if (next.chained && next.chained === kind) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.branch(kind)] };
        } else {
          const [els, end] = this.itemList();
          if (end.kind !== 'end') this.fail(`expected end; found {{${end.kind}}}`, end.pos);
          elseList = els;
        }
      }
      return { kind, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateName(context: string): Token {
    const t = this.next();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return t;
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.templateName(context);
    let pipe: PipeNode | null = null;
    if (this.peek().type === 'rightDelim') this.next();
    else pipe = this.pipeline(context, 'rightDelim');
    return { kind: 'template', pos: t.pos, name: this.unquote(t), pipe };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.templateName(context);
    const name = this.unquote(t);
    const pipe = this.pipeline(context, 'rightDelim');
    this.withFreshScope(() => {
      const [root, end] = this.itemList();
      if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`, end.pos);
      this.add({ name, parseName: this.name, text: this.text, root });
    });
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  // ---- pipelines ----
  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peek().pos, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.next();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.i--;
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peek();
      if (v.type !== 'variable') return;
      const op = this.toks[this.i + 1];
      if (op.type === 'declare' || op.type === 'assign') {
        this.i += 2;
        pipe.isAssign = op.type === 'assign';
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        return;
      }
      if (op.type === 'char' && op.val === ',') {
        this.i += 2;
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const n = this.peek().type;
          if (n === 'variable' || n === 'rightDelim' || n === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      return;
    }
  }

  private variable(pos: number, text: string): VariableNode {
    return { kind: 'variable', pos, ident: text.split('.') };
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    for (let k = 1; k < pipe.cmds.length; k++) {
      if (NON_EXECUTABLE.has(pipe.cmds[k].args[0].kind)) this.fail(`non executable command in pipeline stage ${k + 1}`);
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peek().pos, args: [] };
    for (;;) {
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.peek();
      if (t.type === 'rightDelim' || t.type === 'rightParen') break;
      if (t.type === 'pipe') {
        this.next();
        break;
      }
      if (!t.space || !operand) this.unexpected(this.next(), 'operand');
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    const p = this.peek();
    if (p.type !== 'field' || p.space) return node;
    const fields: string[] = [];
    while (this.peek().type === 'field' && !this.peek().space) fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos: p.pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos: p.pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term ${JSON.stringify(nodeText(node))}`);
      // falls through (fail never returns)
      default:
        return { kind: 'chain', pos: p.pos, node, field: fields };
    }
  }

  private term(): ArgNode | null {
    const t = this.next();
    switch (t.type) {
      case 'identifier':
        if (!this.opts.hasFunction(t.val)) this.fail(`function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t);
      case 'field':
        return { kind: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
        return this.charNumber(t);
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: t.pos, quoted: t.val, text: this.unquote(t) };
    }
    if (t.type !== 'eof' && t.type !== 'error') this.i--;
    return null;
  }

  private useVar(t: Token): VariableNode {
    const v = this.variable(t.pos, t.val);
    if (!this.vars.includes(v.ident[0])) this.fail(`undefined variable ${JSON.stringify(v.ident[0])}`);
    return v;
  }

  private number(t: Token): ArgNode {
    try {
      return { kind: 'number', pos: t.pos, text: t.val, value: numberValue(t.val) };
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  private charNumber(t: Token): ArgNode {
    try {
      return { kind: 'number', pos: t.pos, text: t.val, value: BigInt(unquoteChar(t.val)) };
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  private unquote(t: Token): string {
    if (t.type === 'rawString') return t.val.slice(1, -1).replace(/\r/g, '');
    try {
      return unquoteString(t.val);
    } catch (e) {
      this.fail((e as Error).message);
    }
  }
}

function nodeText(n: ArgNode): string {
  switch (n.kind) {
    case 'bool':
      return String(n.value);
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
    case 'nil':
      return 'nil';
    default:
      return '.';
  }
}
