// Parser for Go's text/template, following text/template/parse: one recursive-descent pass that
// yields the file's tree plus one tree per {{define}}/{{block}}, checks functions and variables
// at parse time and reports errors as "template: NAME:LINE: ...".
import { isEmptyTree, type BranchNode, type ListNode, type Node, type PipeNode, type TemplateNode, type Tree } from './ast.js';
import { Lexer, Tok, type Token } from './lex.js';
import { PipelineParser, type ParseOptions } from './parse-pipeline.js';

export type { ParseOptions } from './parse-pipeline.js';

interface Marker {
  kind: 'end' | 'else';
  pos: number;
  chained?: 'if' | 'with';
}

/** Parses one file: returns its own tree (under `name`) and the trees it defines. */
export function parseTemplate(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  new Parser(name, text, new Lexer(text, opts.leftDelim, opts.rightDelim), opts, trees).parseFile();
  return trees;
}

class Parser extends PipelineParser {
  private rangeDepth = 0;

  constructor(
    name: string,
    text: string,
    lexer: Lexer,
    opts: ParseOptions,
    private readonly trees: Map<string, Tree>,
  ) {
    super(name, text, lexer, opts);
  }

  // ---- trees ----
  parseFile(): void {
    const mark = this.top;
    while (this.ahead().type !== Tok.Eof) {
      const t = this.toks[this.i];
      const after = this.toks[this.i + 1];
      if (t.type === Tok.LeftDelim && after?.type === Tok.Keyword && after.val === 'define') {
        this.i += 2;
        this.parseDefinition();
        continue;
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) this.fail(`unexpected {{${n.kind}}}`, n.pos);
      this.hold(n);
    }
    const root: ListNode = { kind: 'list', pos: 0, nodes: this.taken<Node>(mark) };
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
    if (nameTok.type !== Tok.String && nameTok.type !== Tok.RawString) this.unexpected(nameTok, context);
    const name = this.unquote(nameTok);
    this.expect(Tok.RightDelim, context);
    this.withFreshScope(() => {
      const [root, end] = this.nested(() => this.itemList());
      if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`, end.pos);
      this.add({ name, parseName: this.name, text: this.text, root });
    });
  }

  private itemList(): [ListNode, Marker] {
    const pos = this.ahead().pos;
    const mark = this.top;
    while (this.ahead().type !== Tok.Eof) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [{ kind: 'list', pos, nodes: this.taken<Node>(mark) }, n as Marker];
      this.hold(n);
    }
    this.fail('unexpected EOF', this.toks[this.i].pos);
  }

  private textOrAction(): Node | Marker {
    const t = this.next();
    if (t.type === Tok.Text) return { kind: 'text', pos: t.pos, text: t.val };
    if (t.type === Tok.LeftDelim) return this.action();
    this.unexpected(t, 'input');
  }

  // ---- actions ----
  private action(): Node | Marker {
    const t = this.toks[this.i];
    if (t.type === Tok.Keyword) {
      this.next();
      // the keywords in the order charts use them most (a string switch compares case by case)
      switch (t.val) {
        case 'end':
          this.expect(Tok.RightDelim, 'end');
          return { kind: 'end', pos: t.pos };
        case 'if':
        case 'range':
        case 'with':
          return this.branch(t.val);
        case 'else':
          return this.elseControl();
        case 'template':
          return this.templateControl();
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.loopControl(t);
      }
    }
    if (t.type === Tok.Keyword) this.i--;
    const pos = t.pos;
    return { kind: 'action', pos, pipe: this.pipeline('command', Tok.RightDelim) };
  }

  private loopControl(t: Token): Node {
    const tok = this.next();
    if (tok.type !== Tok.RightDelim) this.unexpected(tok, `{{${t.val}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${t.val}}} outside {{range}}`, t.pos);
    return { kind: t.val as 'break' | 'continue', pos: t.pos };
  }

  private elseControl(): Marker {
    const p = this.toks[this.i];
    if (p.type === Tok.Keyword && (p.val === 'if' || p.val === 'with')) return { kind: 'else', pos: p.pos, chained: p.val };
    const t = this.expect(Tok.RightDelim, 'else');
    return { kind: 'else', pos: t.pos };
  }

  private branch(kind: 'if' | 'range' | 'with'): BranchNode {
    return this.nested(() => this.branchBody(kind));
  }

  private branchBody(kind: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, Tok.RightDelim);
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
    if (t.type !== Tok.String && t.type !== Tok.RawString) this.unexpected(t, context);
    return t;
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.templateName(context);
    let pipe: PipeNode | null = null;
    if (this.toks[this.i].type === Tok.RightDelim) this.next();
    else pipe = this.pipeline(context, Tok.RightDelim);
    return { kind: 'template', pos: t.pos, name: this.unquote(t), pipe };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.templateName(context);
    const name = this.unquote(t);
    const pipe = this.pipeline(context, Tok.RightDelim);
    this.withFreshScope(() => {
      const [root, end] = this.nested(() => this.itemList());
      if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`, end.pos);
      this.add({ name, parseName: this.name, text: this.text, root });
    });
    return { kind: 'template', pos: t.pos, name, pipe };
  }
}
