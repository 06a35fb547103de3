// go-yaml (Helm, kubectl) reads some texts the `yaml` parser refuses, where only indentation that
// go-yaml ignores differs: a flow collection whose continuation lines sit at or left of the block
// key that opened it (Istio 1.x: `- apiGroups: [` then `  "a",` under the dash), and a quoted
// scalar folded over lines indented no deeper than its key (a CRD's description in single quotes,
// continued at the key's column or at column 0). Leading whitespace of those lines means nothing
// (scalars fold across lines), so indenting them past their opener reads the same values. A
// document marker at column 0 inside quotes ends the document for go-yaml too: it stays.

import { parseAllDocuments, type Document } from 'yaml';

const PARSE = { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false } as const;

function readAll(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, PARSE);
  return Array.isArray(docs) ? docs : [];
}

const readsCleanly = (docs: readonly { errors: readonly unknown[] }[]): boolean => docs.every((d) => d.errors.length === 0);

/**
 * The stream as the `yaml` parser can read what go-yaml reads: `text` itself, or (when only the
 * continuation lines of its flow collections or quoted scalars are indented left of their key)
 * the text with those lines indented.
 */
export function goYamlText(text: string): string {
  return readAsGoYaml(text, readAll).text;
}

/**
 * goYamlText with its parse: the documents `parse` reads from the text chosen. `parsed` is what
 * `parse` made of `text`, when the caller has it already. Each text is parsed once at most: a text
 * that needs the indentation was parsed four times (Istio 1.x's Grafana dashboards, nine
 * ConfigMaps of 24-90 kB, took 0.67 s of the 1.8 s of CPU its `images --optional` took).
 */
export function readAsGoYaml<D extends { errors: readonly unknown[] }>(text: string, parse: (text: string) => D[], parsed?: D[]): { text: string; docs: D[] } {
  const first = (): D[] => (parsed ??= parse(text));
  if (!ESCAPED_BREAK_THEN_BLANK.test(text) && readsCleanly(first())) return { text, docs: first() };
  const fixed = joinBlockScalarHeads(indentFlowContinuations(indentQuotedContinuations(text)));
  if (fixed !== text) {
    const docs = parse(fixed);
    if (readsCleanly(docs)) return { text: fixed, docs };
  }
  return { text, docs: first() };
}

/**
 * Whether the `yaml` parser may read `text` otherwise than go-yaml without an error: an escaped
 * line break in double quotes followed by blank lines (go-yaml keeps a line feed per blank line,
 * as YAML says; the `yaml` parser folds them to one space).
 */
export const readsOtherwise = (text: string) => ESCAPED_BREAK_THEN_BLANK.test(text);

const ESCAPED_BREAK_THEN_BLANK = /\\\n[ \t]*\n/;

/**
 * Where the last character of `line` before column `i` that is not whitespace is (-1: none). The
 * scans below ask what precedes each quote and bracket by it, reading back over whitespace only:
 * a regexp over line.slice(0, i) at each character made a long line quadratic.
 */
function lastNonSpace(line: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && /\s/.test(line[j]!)) j--;
  return j;
}

/**
 * lastNonSpace, reading back over a node's properties too (`&anchor`, `!!str`, `!tag`): a value
 * after them starts where they start (`key: &a "folded...`).
 */
function beforeProperties(line: string, i: number): number {
  let j = lastNonSpace(line, i);
  while (j >= 0) {
    let k = j;
    while (k >= 0 && !/\s/.test(line[k]!)) k--;
    if (!PROPERTY.test(line.slice(k + 1, j + 1))) return j;
    j = lastNonSpace(line, k + 1);
  }
  return j;
}

const PROPERTY = /^(?:&[^\s,[\]{}]+|![^\s,[\]{}]*)$/;

/** Where a value may start in block context: line start, after `- ` or `key: `. */
function valueStart(line: string, i: number): boolean {
  const j = beforeProperties(line, i);
  return j < 0 || line[j] === '-' || line[j] === ':';
}

/** ... and inside an open flow collection: line start, or after whitespace, `,`, `[`, `{` or `:`. */
const flowStart = (line: string, i: number): boolean => i === 0 || /[\s,[{:]/.test(line[i - 1]!);

/** The text with every continuation line of an open flow collection indented past its opener. */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let pad = '';
  let quote: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (depth > 0) lines[n] = pad + line;
    else pad = ' '.repeat(keyColumn(line) + 2);
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        [i, quote] = inQuotes(line, i, quote);
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      const opens = c === '"' || c === "'" || c === '[' || c === '{';
      const opensHere = opens && (depth > 0 ? flowStart(line, i) : valueStart(line, i));
      if ((c === '"' || c === "'") && opensHere) quote = c;
      else if ((c === '[' || c === '{') && opensHere) depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
    }
    // a quoted scalar left open in block context is not followed: only flow context matters here
    if (depth === 0) quote = undefined;
  }
  return lines.join('\n');
}

/** One character `i` of `line` inside quotes: the index to go on from, and the quote still open. */
function inQuotes(line: string, i: number, quote: string): [number, string | undefined] {
  const c = line[i];
  if (quote === '"' && c === '\\') return [i + 1, quote];
  if (quote === "'" && c === "'" && line[i + 1] === "'") return [i + 1, quote];
  return [i, c === quote ? undefined : quote];
}

/** Where a quoted scalar may open in block context: line start, after `- `, `? ` or `key: `. */
function blockValue(line: string, i: number): boolean {
  const j = beforeProperties(line, i);
  return j < 0 || ((line[j] === '-' || line[j] === '?' || line[j] === ':') && j < i - 1);
}

/** ... and in flow context: after `[`, `{`, `,` or `: `. */
function flowValue(line: string, i: number): boolean {
  const j = beforeProperties(line, i);
  return j >= 0 && (line[j] === '[' || line[j] === '{' || line[j] === ',' || (line[j] === ':' && j < i - 1));
}
const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;
/** A block scalar's header ending a line: `|`, `>-`, `|2+`, maybe a comment after it. */
const BLOCK_SCALAR_HEAD = /(^|[-?:]\s)\s*(?:[&!][^\s]*\s+)*[|>][-+0-9]*\s*(#.*)?$/;

/**
 * The text with every continuation line of a multi-line quoted scalar indented past its quote, and
 * each blank line after an escaped line break in double quotes written as the `\n` it stands for.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  let quote: string | undefined;
  let target = 0;
  let flow = 0;
  /** The indentation a block scalar's content lines are deeper than, while inside one. */
  let blockParent: number | undefined;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    if (blockParent !== undefined) {
      if (line.trim() === '' || indent > blockParent) continue;
      blockParent = undefined;
    }
    let i = 0;
    if (quote) {
      if (indent === 0 && DOCUMENT_MARKER.test(line)) continue;
      if (indent === line.length) {
        if (quote === '"' && escapedBreak(lines[n - 1]!)) {
          // `a\` then a blank line: `a\n\` and the line dropped read alike in both parsers
          lines[n - 1] = lines[n - 1]!.slice(0, -1) + '\\n\\';
          lines.splice(n--, 1);
        }
        continue;
      }
      if (indent < target) line = lines[n] = ' '.repeat(target - indent) + line;
      i = Math.max(indent, target);
    }
    for (; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        [i, quote] = inQuotes(line, i, quote);
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
      if ((c === '"' || c === "'") && (flow > 0 ? flowValue(line, i) : blockValue(line, i))) {
        quote = c;
        target = i + 1;
      } else if ((c === '[' || c === '{') && (flow > 0 || blockValue(line, i))) flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    if (!quote && flow === 0 && BLOCK_SCALAR_HEAD.test(line)) blockParent = keyColumn(line);
  }
  return lines.join('\n');
}

/** Whether a line inside double quotes ends in an escaped line break (an odd run of `\`). */
function escapedBreak(line: string): boolean {
  let n = 0;
  while (line[line.length - 1 - n] === '\\') n++;
  return n % 2 === 1;
}

/** The column of the innermost node a line opens (`- - key:` gives the key's). */
function keyColumn(line: string): number {
  let i = line.length - line.trimStart().length;
  while (line[i] === '-' && line[i + 1] === ' ') for (i++; line[i] === ' '; i++);
  return i;
}

/** A line holding only a block scalar's header (`|`, `>-`, `|2+`), maybe a comment after it (go-yaml refuses properties before it there). */
const HEAD_ALONE = /^( *)([|>][-+0-9]*)[ \t]*(#.*)?$/;
/** A mapping key whose value starts on a later line: `key:` and nothing else (properties and a comment aside). */
const KEY_ALONE = /^ *(?:- +)?[^\s#][^#]*?:((?:[ \t]+[&!][^\s,[\]{}]*)*)[ \t]*(#.*)?$/;
const SKIPPED = /^[ \t]*(#.*)?$/;

/**
 * The text with what follows a key whose value starts on a later line made readable to the `yaml`
 * parser, as go-yaml reads it:
 * - a block scalar's header alone on a line after its key, at the key's own column (lakeFS'
 *   `config.yaml:` then `|` under it), joined to the key's line: go-yaml reads the header as the
 *   key's value (Helm and kubectl take the document); the `yaml` parser reads a second implicit
 *   key and refuses it. Blank and comment lines between the two go (nothing reads them),
 *   properties on the key's line stay before the header, and a comment on the key's line goes
 *   after it unless the header has one. Left of the key's column, or with properties on its own
 *   line, go-yaml refuses the header too ("did not find expected key"). The content, indented past
 *   the key, reads the same either way.
 * - comment lines between the key and a value indented past it: after a blank line, a comment left
 *   of a plain scalar makes the `yaml` parser read the scalar as a key.
 * Lines inside a block scalar are content, and stay as they are.
 */
export function joinBlockScalarHeads(text: string): string {
  if (!/^ *[|>][-+0-9]*[ \t]*(#.*)?$/m.test(text) && !/:[ \t]*(#.*)?\n[ \t]*\n[ \t]*#/.test(text)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  /** The column a block scalar's content lines are deeper than, while inside one. */
  let blockParent: number | undefined;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (blockParent !== undefined && (line.trim() === '' || indent > blockParent)) {
      out.push(line);
      continue;
    }
    blockParent = undefined;
    let k = out.length - 1;
    if (!SKIPPED.test(line)) while (k >= 0 && SKIPPED.test(out[k]!)) k--;
    const prev = k >= 0 ? out[k] : undefined;
    const key = prev !== undefined ? KEY_ALONE.exec(prev) : null;
    const head = HEAD_ALONE.exec(line);
    if (head && key && head[1]!.length === keyColumn(prev!)) {
      const at = key[2] ? prev!.length - key[2].length : prev!.length;
      const comment = head[3] ?? key[2];
      out.length = k;
      out.push(`${prev!.slice(0, at).replace(/[ \t]+$/, '')} ${head[2]}${comment ? ` ${comment}` : ''}`);
      blockParent = keyColumn(prev!);
      continue;
    }
    if (!head && key && !SKIPPED.test(line) && indent > keyColumn(prev!)) {
      const between = out.splice(k + 1);
      out.push(...between.filter((l) => l.trim() === ''));
    }
    out.push(line);
    if (BLOCK_SCALAR_HEAD.test(line)) blockParent = keyColumn(line);
  }
  return out.join('\n');
}
