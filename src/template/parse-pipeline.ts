// The pipeline half of the parser (text/template/parse): token stream, variables in scope,
// pipelines, commands, operands and literal terms. Parser (parse.ts) adds the control structures.
import type { ArgNode, CommandNode, PipeNode, VariableNode } from './ast.js';
import { MAX_PARSE_NESTING } from './budget.js';
import { lineOf, parseError } from './errors.js';
import { Tok, type Lexer, type Token } from './lex.js';
import { numberValue, unquoteChar, unquoteString } from './literals.js';

export interface ParseOptions {
  /** Is `name` a function? Unknown identifiers are parse errors, as in Go. */
  hasFunction: (name: string) => boolean;
  leftDelim?: string;
  rightDelim?: string;
}

/** Go's item.String(): how a token appears in "unexpected X in Y". */
function tokenString(t: Token): string {
  if (t.type === Tok.Eof) return 'EOF';
  if (t.type === Tok.Keyword) return `<${t.val}>`;
  const chars = Array.from(t.val);
  if (chars.length > 10) return JSON.stringify(chars.slice(0, 10).join('')) + '...';
  return JSON.stringify(t.val);
}

const NON_EXECUTABLE = new Set(['bool', 'dot', 'nil', 'number', 'string']);

/** The declarations of a pipeline that declares none (nearly all): one array for all of them, never written. */
const NO_DECLARATIONS: VariableNode[] = Object.freeze([]) as unknown as VariableNode[];
/** A pipeline's commands until it ends. */
const NO_COMMANDS: CommandNode[] = Object.freeze([]) as unknown as CommandNode[];

/** Tokens read before the parser drops them: a copy of the few left per this many. */
const DROP_AFTER = 512;

export abstract class PipelineParser {
  protected i = 0;
  protected vars: string[] = ['$'];
  /**
   * The items of the lists being parsed (a list's nodes, a pipeline's commands, a command's
   * arguments), the innermost list's last, up to `top`: each list takes its own as an array of
   * their number when it ends. A parse tree lives as long as its render, and an array filled by
   * push has room for 17 from the first (kube-prometheus-stack: some 70,000 commands and pipelines
   * of 1-3 items, each ~130 bytes of empty room that young collections copied).
   */
  private readonly held: unknown[] = [];
  protected top = 0;
  private nesting = 0;

  /**
   * One level deeper (a parenthesized pipeline, an if/range/with/block body): bounded, so that a
   * template nested thousands deep is our error, not the end of JavaScript's stack. Go bounds
   * parentheses at 10000 ("max expression depth exceeded") and blocks not at all; no real chart
   * nests more than a few dozen.
   */
  protected nested<T>(f: () => T): T {
    if (this.nesting >= MAX_PARSE_NESTING) {
      this.fail(`max expression depth exceeded: more than ${MAX_PARSE_NESTING} nested if, range, with, block or parentheses (a limit of helm-airgap's parser)`);
    }
    this.nesting++;
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }

  /** The lexer's tokens from the one before `i` on (those before it are dropped as the parse goes). */
  protected toks: Token[];

  constructor(
    protected readonly name: string,
    protected readonly text: string,
    private readonly lexer: Lexer,
    protected readonly opts: ParseOptions,
  ) {
    this.toks = lexer.toks;
  }

  /**
   * The token at `i`, at the start of a text or action: that item is lexed whole (an action's
   * tokens up to its right delimiter, all the lookahead the parser takes), the tokens before the
   * one before it dropped.
   */
  protected ahead(): Token {
    if (this.i > DROP_AFTER) {
      this.toks = this.lexer.toks = this.toks.slice(this.i - 1);
      this.i = 1;
    }
    while (this.toks.length <= this.i + 2 && !this.lexer.done) this.lexer.more();
    return this.toks[this.i];
  }

  protected next(): Token {
    const t = this.toks[this.i];
    if (t.type !== Tok.Eof && t.type !== Tok.Error) this.i++;
    return t;
  }
  protected last(): Token {
    return this.toks[Math.max(0, this.i - 1)];
  }
  protected fail(message: string, pos = this.last().pos): never {
    throw parseError({ parseName: this.name, text: this.text }, pos, message);
  }
  protected unexpected(t: Token, context: string): never {
    if (t.type === Tok.Error) this.lexFail(t);
    this.fail(`unexpected ${tokenString(t)} in ${context}`, t.pos);
  }
  /** A lexical error; in an action spanning lines Go names where the action started. */
  private lexFail(t: Token): never {
    let extra = '';
    if (t.actionPos !== undefined) {
      const started = lineOf(this.text, t.actionPos);
      if (started !== lineOf(this.text, t.pos)) {
        extra = t.val.endsWith(' action') ? ` started at ${this.name}:${started}` : ` in action started at ${this.name}:${started}`;
      }
    }
    this.fail(t.val + extra, t.pos);
  }

  protected hold(item: unknown): void {
    this.held[this.top++] = item;
  }

  /** The items held from `mark` on, given up by the list that ends. */
  protected taken<T>(mark: number): T[] {
    const items = this.held.slice(mark, this.top) as T[];
    this.top = mark;
    return items;
  }

  protected expect(type: Tok, context: string): Token {
    const t = this.next();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- pipelines ----
  protected pipeline(context: string, end: Tok.RightDelim | Tok.RightParen): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.toks[this.i].pos, isAssign: false, decl: NO_DECLARATIONS, cmds: NO_COMMANDS };
    this.declarations(pipe, context);
    const mark = this.top;
    for (;;) {
      const t = this.next();
      if (t.type === end) {
        pipe.cmds = this.taken<CommandNode>(mark);
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.i--;
          this.hold(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  protected declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.toks[this.i];
      if (v.type !== Tok.Variable) return;
      const op = this.toks[this.i + 1];
      if (op.type === Tok.Declare || op.type === Tok.Assign) {
        this.i += 2;
        pipe.isAssign = op.type === Tok.Assign;
        if (pipe.decl === NO_DECLARATIONS) pipe.decl = [];
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        return;
      }
      if (op.type === Tok.Char && op.val === ',') {
        this.i += 2;
        if (pipe.decl === NO_DECLARATIONS) pipe.decl = [];
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const n = this.toks[this.i].type;
          if (n === Tok.Variable || n === Tok.RightDelim || n === Tok.RightParen) continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      return;
    }
  }

  protected variable(pos: number, text: string): VariableNode {
    return { kind: 'variable', pos, ident: text.split('.') };
  }

  protected checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    for (let k = 1; k < pipe.cmds.length; k++) {
      if (NON_EXECUTABLE.has(pipe.cmds[k].args[0].kind)) this.fail(`non executable command in pipeline stage ${k + 1}`);
    }
  }

  protected command(): CommandNode {
    const pos = this.toks[this.i].pos;
    const mark = this.top;
    for (;;) {
      const operand = this.operand();
      if (operand) this.hold(operand);
      const t = this.toks[this.i];
      if (t.type === Tok.RightDelim || t.type === Tok.RightParen) break;
      if (t.type === Tok.Pipe) {
        this.next();
        break;
      }
      if (!t.space || !operand) this.unexpected(this.next(), 'operand');
    }
    if (this.top === mark) this.fail('empty command');
    return { kind: 'command', pos, args: this.taken<ArgNode>(mark) };
  }

  protected operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    const p = this.toks[this.i];
    if (p.type !== Tok.Field || p.space) return node;
    const fields: string[] = [];
    while (this.toks[this.i].type === Tok.Field && !this.toks[this.i].space) fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos: p.pos, ident: node.ident.concat(fields) };
      case 'variable':
        return { kind: 'variable', pos: p.pos, ident: node.ident.concat(fields) };
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

  protected term(): ArgNode | null {
    const t = this.next();
    switch (t.type) {
      case Tok.Identifier:
        if (!this.opts.hasFunction(t.val)) this.fail(`function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case Tok.Dot:
        return { kind: 'dot', pos: t.pos };
      case Tok.Nil:
        return { kind: 'nil', pos: t.pos };
      case Tok.Variable:
        return this.useVar(t);
      case Tok.Field:
        return { kind: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case Tok.Bool:
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case Tok.CharConstant:
        return this.charNumber(t);
      case Tok.Number:
        return this.number(t);
      case Tok.LeftParen:
        return this.nested(() => this.pipeline('parenthesized pipeline', Tok.RightParen));
      case Tok.String:
      case Tok.RawString:
        return { kind: 'string', pos: t.pos, quoted: t.val, text: this.unquote(t) };
    }
    if (t.type !== Tok.Eof && t.type !== Tok.Error) this.i--;
    return null;
  }

  protected useVar(t: Token): VariableNode {
    const v = this.variable(t.pos, t.val);
    if (!this.vars.includes(v.ident[0])) this.fail(`undefined variable ${JSON.stringify(v.ident[0])}`);
    return v;
  }

  protected number(t: Token): ArgNode {
    try {
      return { kind: 'number', pos: t.pos, text: t.val, value: numberValue(t.val) };
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  protected charNumber(t: Token): ArgNode {
    try {
      return { kind: 'number', pos: t.pos, text: t.val, value: BigInt(unquoteChar(t.val)) };
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  protected unquote(t: Token): string {
    if (t.type === Tok.RawString) return t.val.slice(1, -1).replace(/\r/g, '');
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
