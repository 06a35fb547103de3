// What go-yaml (Helm, kubectl) refuses or reads otherwise in a document the `yaml` parser read:
// escapes and tabs it does not take, quoted scalars a document marker cuts, where its Unmarshal
// stops after a closed root, and a block scalar's chomping at the end of input. The texts go-yaml
// reads and the `yaml` parser refuses are made readable in go-yaml-text.ts.

import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';

/** A non-finite number's spelling (YAML 1.1 `.inf`, `-.Inf`, `.NaN`): rare, so looked for first. */
export const NON_FINITE = /\.(inf|Inf|INF|nan|NaN|NAN)\b/;

/** An escape YAML 1.2 added and go-yaml (v2, as sigs.k8s.io/yaml reads) refuses: `\/`. */
const SLASH_ESCAPE = /(^|[^\\])(\\\\)*\\\//;
const MARKER_LINE = /^(---|\.\.\.)(\s|$)/m;

/** Whether a quoted scalar's source (quotes included) ends with its closing quote. */
function closed(raw: string): boolean {
  const q = raw[0]!;
  let run = 0;
  while (run < raw.length - 1 && raw[raw.length - 1 - run] === (q === "'" ? "'" : '\\')) run++;
  if (q === "'") return run % 2 === 1;
  if (!raw.endsWith('"') || raw.length < 2) return false;
  let slashes = 0;
  while (raw[raw.length - 2 - slashes] === '\\' && raw.length - 2 - slashes > 0) slashes++;
  return slashes % 2 === 0;
}

/** A line of blanks holding a tab. */
const TAB_LINE = /^[ \t]*\t[ \t]*$/m;

interface Token {
  start: number;
  end: number;
  /** plain: a plain scalar value, with the indentation go-yaml holds it to; other: a quoted scalar or a flow collection. */
  kind: 'plain' | 'other' | 'skip';
  indent: number;
}

const columnOf = (text: string, at: number): number => at - text.lastIndexOf('\n', at - 1) - 1;

/**
 * go-yaml's refusal of a line of blanks holding a tab, where the `yaml` parser reads it as blank.
 * After a plain scalar, go-yaml's scanner takes the blank lines into the scalar and refuses a tab
 * left of the scalar's indentation (its collection's column + 1): "found a tab character that
 * violates indentation". After a quoted scalar, a flow collection or a comment, a line starts a
 * new token, and a tab cannot start one: "found character that cannot start any token". Helm 4.2
 * keeps such a line at the end of a template's last document (Helm 4.1 trimmed it off); inside
 * block scalars, quoted scalars and flow collections a tab is text or separation.
 */
function tabRefusal(doc: Document, text: string): { at: number; reason: string } | undefined {
  const [from, , to] = doc.range ?? [0, text.length, text.length];
  const tokens: Token[] = [];
  const collectionIndent = (path: readonly unknown[]): number | undefined => {
    for (let i = path.length - 1; i >= 0; i--) {
      const p = path[i];
      if ((isMap(p) || isSeq(p)) && p.range) return p.flow ? undefined : columnOf(text, p.range[0]) + 1;
    }
    return 0;
  };
  visit(doc, {
    Scalar(key, node, path) {
      if (!node.range) return;
      const plain = node.type === 'PLAIN';
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      const indent = collectionIndent(path);
      // a key (its value's `:` follows), a block scalar (the `yaml` parser refuses its tabs itself)
      // and a scalar inside a flow collection (the collection is the token) decide nothing here
      const kind = key === 'key' || block || indent === undefined ? 'skip' : plain ? 'plain' : 'other';
      tokens.push({ start: node.range[0], end: node.range[1], kind, indent: indent ?? 0 });
    },
    Map(_, node) {
      if (node.flow && node.range) tokens.push({ start: node.range[0], end: node.range[1], kind: 'other', indent: 0 });
    },
    Seq(_, node) {
      if (node.flow && node.range) tokens.push({ start: node.range[0], end: node.range[1], kind: 'other', indent: 0 });
    },
  });
  const lines = new RegExp(TAB_LINE.source, 'gm');
  lines.lastIndex = from;
  for (let m = lines.exec(text); m && m.index < to; m = lines.exec(text)) {
    const at = m.index;
    if (m[0] === '') lines.lastIndex++;
    if (tokens.some((t) => t.start < at && at < t.end)) continue;
    let prev: Token | undefined;
    for (const t of tokens) if (t.end <= at && (!prev || t.end > prev.end)) prev = t;
    if (!prev || prev.kind === 'skip') continue;
    const comment = /\S/.test(text.slice(prev.end, at));
    if (prev.kind === 'plain' && !comment) {
      if (m[0].indexOf('\t') < prev.indent) return { at, reason: 'found a tab character that violates indentation' };
      continue;
    }
    return { at, reason: 'found character that cannot start any token' };
  }
  return undefined;
}

/**
 * What go-yaml refuses in a document the `yaml` parser read without an error, with its line: an
 * escape it does not know (`\/`), or a quoted scalar a document marker cut (the `yaml` parser ends
 * the document there and calls the scalar closed). `text` is the text `doc` was parsed from.
 */
export function goRefusal(doc: Document, text: string): { line: number; reason: string } | undefined {
  const slash = text.includes('\\/');
  const markers = MARKER_LINE.test(text);
  const tabs = TAB_LINE.test(text) ? tabRefusal(doc, text) : undefined;
  if (tabs) return { line: text.slice(0, tabs.at).split('\n').length, reason: tabs.reason };
  if (!slash && !markers) return undefined;
  let found: { at: number; reason: string } | undefined;
  visit(doc, {
    Scalar(_, node) {
      if (!isScalar(node) || !node.range || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return undefined;
      const raw = text.slice(node.range[0], node.range[1]);
      if (markers && !closed(raw)) found = { at: node.range[1], reason: 'found unexpected document indicator' };
      else if (slash && node.type === 'QUOTE_DOUBLE' && SLASH_ESCAPE.test(raw.slice(1)))
        found = { at: node.range[0], reason: 'found unknown escape character' };
      return found ? visit.BREAK : undefined;
    },
  });
  return found && { line: text.slice(0, found.at).split('\n').length, reason: found.reason };
}

/**
 * Where go-yaml's Unmarshal (sigs.k8s.io/yaml: fromYaml, and Helm's reading of each rendered
 * manifest) stops reading: it parses the first document's root node and nothing after it, so a
 * root flow collection or quoted scalar may be followed by anything (`{a: 1} tail` is {a: 1},
 * `[1, 2]` then a block mapping is [1, 2]), unless a `:` makes the node a key. Given a document the
 * `yaml` parser refused only past such a root, the offset to read up to; else undefined.
 */
export function goUnmarshalEnd(doc: Document, text: string): number | undefined {
  const root = doc.contents;
  const closedRoot =
    (isMap(root) || isSeq(root)) && root.flow ? root : isScalar(root) && (root.type === 'QUOTE_DOUBLE' || root.type === 'QUOTE_SINGLE') ? root : undefined;
  const end = closedRoot?.range?.[1];
  if (end === undefined || doc.errors.length === 0 || doc.errors.some((e) => e.pos[0] < end)) return undefined;
  return /^[ \t]*:/.test(text.slice(end)) ? undefined : end;
}

/**
 * go-yaml ends a literal or folded block that runs to the end of an input with no final line
 * break without a line break (YAML's end of input; Helm trims each manifest so); the `yaml` parser
 * adds one. Takes it off the last node of `doc`, which was parsed from `text`.
 */
export function chompAtEndOfInput(doc: Document, text: string): void {
  if (text.endsWith('\n') || !/\S/.test(text.slice(text.lastIndexOf('\n') + 1))) return;
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) node = node.items.at(-1)?.value;
    else if (isSeq(node)) node = node.items.at(-1);
    else break;
  }
  if (!isScalar(node) || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || node.range?.[1] !== text.length) return;
  if (typeof node.value === 'string' && node.value.endsWith('\n')) node.value = node.source = node.value.slice(0, -1);
}
