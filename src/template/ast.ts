// Parse tree of a template, as Go's text/template/parse defines it. Every node carries `pos`, its
// offset in the template text, so execution errors can say NAME:LINE:COL like Go's ErrorContext.
import { goQuote } from './value.js';

export interface TextNode {
  kind: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  kind: 'action';
  pos: number;
  pipe: PipeNode;
}
export interface PipeNode {
  kind: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  kind: 'field';
  pos: number;
  ident: string[];
}
/** ident[0] is the variable name with its "$"; the rest are fields: $x.a.b */
export interface VariableNode {
  kind: 'variable';
  pos: number;
  ident: string[];
}
export interface ChainNode {
  kind: 'chain';
  pos: number;
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode {
  kind: 'identifier';
  pos: number;
  name: string;
}
export interface DotNode {
  kind: 'dot';
  pos: number;
}
export interface NilNode {
  kind: 'nil';
  pos: number;
}
export interface BoolNode {
  kind: 'bool';
  pos: number;
  value: boolean;
}
/** value: the ideal constant (int literal -> bigint, float literal -> number). */
export interface NumberNode {
  kind: 'number';
  pos: number;
  text: string;
  value: bigint | number;
}
export interface StringNode {
  kind: 'string';
  pos: number;
  quoted: string;
  text: string;
}
export interface ListNode {
  kind: 'list';
  pos: number;
  nodes: Node[];
}
export interface BranchNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode {
  kind: 'template';
  pos: number;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode {
  kind: 'break';
  pos: number;
}
export interface ContinueNode {
  kind: 'continue';
  pos: number;
}

export type ArgNode = FieldNode | ChainNode | IdentifierNode | PipeNode | VariableNode | DotNode | NilNode | BoolNode | NumberNode | StringNode;

export type Node = TextNode | ActionNode | BranchNode | TemplateNode | BreakNode | ContinueNode | ListNode;
export type AnyNode = Node | ArgNode | CommandNode;

/** One parsed template: a file's body or a {{define}}, with the text its positions refer to. */
export interface Tree {
  /** The template's name ("mychart.labels" for a define). */
  name: string;
  /** The name of the file it was parsed from, used in error locations. */
  parseName: string;
  text: string;
  root: ListNode;
}

/** Go's Node.String(): how a node appears in "executing ... at <...>". */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = n.decl.length ? n.decl.map(nodeString).join(', ') + ' := ' : '';
      s += n.cmds.map(nodeString).join(' | ');
      return s;
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'if':
    case 'with':
    case 'range': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'template':
      return n.pipe ? `{{template ${goQuote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${goQuote(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
  }
}

/** parse.IsEmptyTree: only white space text (an empty define does not replace a real one). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === 'text' && n.text.trim() === '');
}
