// A one-pass reader for the plain shape nearly every values file and rendered manifest has: block
// mappings and sequences, plain or quoted scalars (quoted ones folded over lines too), `|`/`|-`
// literal blocks, and flow collections closed on their line (`- {key: a, values: [b, c]}`).
// It gives exactly what the `yaml` library plus toGoValue give (yaml.ts) or gives up (undefined)
// at the first thing outside that shape, and yaml.ts reads the text the full way: anchors, tags,
// flow collections over lines, folded block scalars, several documents, tabs, anything malformed. So
// every error and every rare shape keeps its one home. Why it exists: YAML was a third of a render
// (cert-manager: 150 of 490 ms, most of it the library's four passes over each document cold);
// test/helm/yaml-fast.test.ts holds it equal to the full reader on every shape and on real charts.

import { formatFloat } from '../../template/value.js';
import { mapSet } from '../../sprig/dicts.js';
import { resolvePlain } from '../../sprig/yaml-parse.js';

/** Gives up: the text is read the full way. */
class Outside extends Error {}
const OUT = new Outside();

const MAX_DEPTH = 64;
// eslint-disable-next-line no-control-regex
const UNUSUAL = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

interface Line {
  indent: number;
  /** The text after the indentation; '' for a blank line. */
  body: string;
}

/** The document as a Go value, or undefined when the text is not of the plain shape. */
export function readPlainYaml(text: string): unknown {
  // tabs, CR, other line breaks and control characters: the full reader's rules
  if (UNUSUAL.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    let i = 0;
    while (raw.charCodeAt(i) === 32) i++;
    lines.push({ indent: i, body: raw.slice(i) });
  }
  const r = new Reader(lines);
  try {
    let first = r.nextContent(true);
    if (first >= 0 && lines[first]!.indent === 0 && lines[first]!.body === '---') {
      r.skip();
      first = r.nextContent();
    }
    if (first < 0 || lines[first]!.indent !== 0) return undefined;
    const value = r.node(0, -1, 0);
    if (r.nextContent() >= 0) return undefined;
    return value;
  } catch (e) {
    if (e instanceof Outside) return undefined;
    throw e;
  }
}

class Reader {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  /** The index of the next line with content (skipping blank and comment lines), or -1. */
  nextContent(atStart = false): number {
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body !== '' && l.body[0] !== '#') {
        // a document marker or directive: several documents, read the full way
        if (l.indent === 0 && (l.body.startsWith('---') || l.body.startsWith('...') || l.body[0] === '%') && !(atStart && l.body === '---')) throw OUT;
        return this.at;
      }
      this.at++;
    }
    return -1;
  }

  skip(): void {
    this.at++;
  }

  /** A block node whose first line is the next content line, at `indent`; `parent` is the owner's indentation. */
  node(indent: number, parent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw OUT;
    const i = this.nextContent();
    const l = this.lines[i]!;
    if (l.indent !== indent) throw OUT;
    if (isSeqItem(l.body)) return this.seq(indent, depth);
    if (l.body[0] !== '{' && l.body[0] !== '[' && keyEnd(l.body) >= 0) return this.map(indent, parent, depth);
    // a scalar or `{}` on a line of its own (`resources:` then `{}` below it)
    this.at = i + 1;
    return this.inlineValue(l.body, parent);
  }

  private seq(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const i = this.nextContent();
      if (i < 0) return out;
      const l = this.lines[i]!;
      // a line at the dash's column that is no item ends the sequence (`key:` then `- a` then `other:`)
      if (l.indent < indent || (l.indent === indent && !isSeqItem(l.body))) return out;
      if (l.indent > indent) throw OUT;
      let rest = l.body.slice(1);
      let pad = 1;
      while (rest.charCodeAt(0) === 32) {
        rest = rest.slice(1);
        pad++;
      }
      if (rest === '' || rest[0] === '#') {
        // `-` alone: the item is the block below, more indented (or null)
        this.at++;
        out.push(this.blockBelow(indent, depth));
        continue;
      }
      if (isSeqItem(rest)) throw OUT;
      const column = indent + pad;
      if (rest[0] !== '{' && rest[0] !== '[' && keyEnd(rest) >= 0) {
        // `- key: value`: a mapping whose keys sit at the column of the first one
        this.lines[i] = { indent: column, body: rest };
        out.push(this.map(column, indent, depth + 1));
        continue;
      }
      this.at++;
      out.push(this.inlineValue(rest, indent));
    }
  }

  private map(indent: number, parent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const i = this.nextContent();
      if (i < 0) return out;
      const l = this.lines[i]!;
      if (l.indent < indent) {
        if (l.indent <= parent) return out;
        throw OUT;
      }
      if (l.indent > indent || isSeqItem(l.body)) throw OUT;
      const end = keyEnd(l.body);
      if (end < 0) throw OUT;
      const key = readKey(l.body.slice(0, end));
      let rest = l.body.slice(end + 1);
      const trimmed = rest.trimStart();
      this.at++;
      if (trimmed === '' || trimmed[0] === '#') {
        mapSet(out, key, this.blockBelow(indent, depth, true));
        continue;
      }
      rest = trimmed;
      mapSet(out, key, this.inlineValue(rest, indent));
    }
  }

  /**
   * After `key:` or `-` with nothing on the line: the block more indented below, a sequence at the
   * key's own indentation (`key:` then `- a`), or null.
   */
  private blockBelow(indent: number, depth: number, seqAtSameIndent = false): unknown {
    const i = this.nextContent();
    if (i < 0) return null;
    const l = this.lines[i]!;
    if (l.indent > indent) return this.node(l.indent, indent, depth + 1);
    if (seqAtSameIndent && l.indent === indent && isSeqItem(l.body)) return this.seq(indent, depth + 1);
    return null;
  }

  /** A value that starts on its key's (or dash's) line; `owner` is that line's indentation. */
  private inlineValue(text: string, owner: number): unknown {
    const c = text[0]!;
    let value: unknown;
    if (c === '|') value = this.literal(text, owner);
    else if (c === '"' || c === "'") {
      const close = closingQuote(text, c);
      value = close >= 0 ? quoted(text, close) : this.quotedLines(text, owner);
    } else if (c === '[' || c === '{') value = flowCollection(text);
    // a comment ends a plain scalar: no line of it can follow
    else value = resolvePlain(hasComment(text) ? plainText(text) : this.plainLines(plainText(text), owner));
    // a more indented line below continues a scalar over lines (or is an error): the full way
    const next = this.nextContent();
    if (next >= 0 && this.lines[next]!.indent > owner) throw OUT;
    return value;
  }

  /**
   * A plain scalar continued on more indented lines (a wrapped CRD description): folded, each
   * line trimmed, joined by a space, or by a line break per blank line between. A line that could
   * be anything but text (an indicator first, a key, a comment) is left to the full reader.
   */
  private plainLines(first: string, owner: number): string {
    let out = first;
    let blanks = 0;
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body === '') {
        blanks++;
        this.at++;
        continue;
      }
      // a comment line ends the scalar (what follows it is the next key, or the full reader's)
      if (l.indent <= owner || l.body[0] === '#') break;
      const text = l.body.trimEnd();
      if ('-?:,[]{}#&*!|>\'"%@`'.includes(text[0]!) || keyEnd(text) >= 0 || hasComment(text)) throw OUT;
      out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      out += text;
      blanks = 0;
      this.at++;
    }
    this.at -= blanks;
    return out;
  }

  /**
   * A quoted scalar that goes on past its first line (a wrapped alert description), folded as YAML
   * folds it. Every line of it must be deeper than the owner.
   */
  private quotedLines(first: string, owner: number): string {
    const q = first[0]!;
    const lines = [first.slice(1).trimEnd()];
    for (;;) {
      const l = this.lines[this.at];
      if (!l || (l.body !== '' && l.indent <= owner)) throw OUT;
      // an escaped line break, or an escape the trimming cut (`\ `): the full way
      if (q === '"' && lines[lines.length - 1]!.endsWith('\\')) throw OUT;
      this.at++;
      const close = closingQuote(q + l.body, q) - 1;
      if (close < 0) {
        lines.push(l.body.trimEnd());
        continue;
      }
      const after = l.body.slice(close + 1);
      if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
      lines.push(l.body.slice(0, close));
      const folded = foldLines(lines);
      return q === "'" ? folded.replaceAll("''", "'") : unescape(folded);
    }
  }

  /** `|` or `|-` (clip or strip); the text is the header. */
  private literal(header: string, owner: number): string {
    const chomp = header[1] === '-' ? 'strip' : 'clip';
    const after = header.slice(chomp === 'strip' ? 2 : 1);
    if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
    // the block's indentation is its first line's; a blank line first, or a first line not
    // deeper than the owner (an empty block), is left to the full reader
    const first = this.lines[this.at];
    if (!first || first.body === '' || first.indent <= owner) throw OUT;
    const indent = first.indent;
    const kept: string[] = [];
    let blanks = 0;
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body === '') {
        // a blank line with spaces past the block's indentation is content: rare, the full way
        if (l.indent > indent) throw OUT;
        blanks++;
        this.at++;
        continue;
      }
      if (l.indent < indent) break;
      for (; blanks > 0; blanks--) kept.push('');
      kept.push(' '.repeat(l.indent - indent) + l.body);
      this.at++;
    }
    // the blank lines ran past the block: give them back (they are nobody's content)
    this.at -= blanks;
    const body = kept.join('\n');
    return chomp === 'strip' ? body : `${body}\n`;
  }
}

function isSeqItem(body: string): boolean {
  return body[0] === '-' && (body.length === 1 || body[1] === ' ');
}

/** The index of the `:` that ends a mapping key on this line (plain or quoted key), or -1. */
function keyEnd(body: string): number {
  const c = body[0];
  if (c === '"' || c === "'") {
    const close = closingQuote(body, c);
    if (close < 0 || body[close + 1] !== ':') return -1;
    return body.length === close + 2 || body[close + 2] === ' ' ? close + 1 : -1;
  }
  for (let i = body.indexOf(':'); i >= 0; i = body.indexOf(':', i + 1)) {
    if (i + 1 === body.length || body[i + 1] === ' ') return i;
  }
  return -1;
}

function closingQuote(text: string, q: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\' && q === '"') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** A key as toGoValue makes one: quoted keys as written, plain ones resolved and printed as Go would. */
function readKey(text: string): string {
  if (text === '' || text.length > 1024) throw OUT;
  const c = text[0]!;
  if (c === '"' || c === "'") return quoted(text) as string;
  if ('-?:,[]{}#&*!|>%@`'.includes(c) || text.includes(' #') || text.endsWith(' ') || text === '<<') throw OUT;
  const v = resolvePlain(text);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  return v === null ? 'null' : String(v);
}

/** A plain scalar's first line, its comment dropped (resolved once its other lines are read). */
function plainText(text: string): string {
  // `-`, `?` and `:` may begin a plain scalar when text follows at once (`-1`, `::/0`, `:8081`)
  const c = text[0]!;
  if ('-?:'.includes(c) ? text.length === 1 || text[1] === ' ' : ',[]{}#&*!|>%@`'.includes(c)) throw OUT;
  const hash = text.indexOf(' #');
  const value = (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
  if (value === '' || keyEnd(value) >= 0) throw OUT;
  return value;
}

/** Whether a plain line ends in a comment (which also ends the scalar). */
const hasComment = (line: string) => line.includes(' #');

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/**
 * The lines of a quoted scalar (the first trimmed at its end, the others at both, the last at its
 * start) joined as YAML folds them: by a space, or by a line break per blank line between.
 */
function foldLines(lines: string[]): string {
  let out = lines[0]!;
  let blanks = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' && i < lines.length - 1) {
      blanks++;
      continue;
    }
    out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
    out += line;
    blanks = 0;
  }
  return out;
}

/**
 * A flow collection closed on its line (`[a, "b"]`, `{key: a, values: [b, c]}`, `{}`), with
 * nothing but a comment after it. Its plain scalars hold no `:` or `#` (a URL, `[a: 1]`, `a#b`),
 * and an empty entry (`[a, ]`) or a key without `: value` is left to the full reader.
 */
function flowCollection(text: string): unknown {
  const f = { text, at: 0 };
  const value = flowNode(f, 0);
  const after = text.slice(f.at);
  if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
  return value;
}

interface Flow {
  text: string;
  at: number;
}

function skipSpaces(f: Flow): string | undefined {
  while (f.text.charCodeAt(f.at) === 32) f.at++;
  return f.text[f.at];
}

function flowNode(f: Flow, depth: number): unknown {
  if (depth > MAX_DEPTH) throw OUT;
  const c = skipSpaces(f);
  if (c === '[' || c === '{') {
    f.at++;
    const seq = c === '[';
    const out: unknown[] | Record<string, unknown> = seq ? [] : {};
    const end = seq ? ']' : '}';
    if (skipSpaces(f) === end) {
      f.at++;
      return out;
    }
    for (;;) {
      if (seq) (out as unknown[]).push(flowNode(f, depth + 1));
      else {
        const key = flowKey(f);
        mapSet(out as Record<string, unknown>, key, flowNode(f, depth + 1));
      }
      const next = skipSpaces(f);
      f.at++;
      if (next === end) return out;
      if (next !== ',') throw OUT;
    }
  }
  if (c === '"' || c === "'") {
    const close = closingQuote(f.text.slice(f.at), c);
    if (close < 0) throw OUT;
    const value = quoted(f.text.slice(f.at, f.at + close + 1), close);
    f.at += close + 1;
    return value;
  }
  const item = flowPlain(f).trimEnd();
  if (item === '' || f.text[f.at] === ':' || f.text[f.at] === '#') throw OUT;
  const first = item[0]!;
  if ('-?:,[]{}#&*!|>%@`'.includes(first) && !(first === '-' && item.length > 1 && item[1] !== ' ')) throw OUT;
  return resolvePlain(item);
}

/** A plain scalar in a flow collection, up to the indicator that ends it (or the line's end). */
function flowPlain(f: Flow): string {
  const start = f.at;
  while (f.at < f.text.length && !',[]{}:#'.includes(f.text[f.at]!)) f.at++;
  return f.text.slice(start, f.at);
}

/** A flow mapping's key and its `:`, read as a block key is (readKey). */
function flowKey(f: Flow): string {
  const c = skipSpaces(f);
  let text: string;
  if (c === '"' || c === "'") {
    const close = closingQuote(f.text.slice(f.at), c);
    if (close < 0) throw OUT;
    text = f.text.slice(f.at, f.at + close + 1);
    f.at += close + 1;
  } else text = flowPlain(f);
  // after a quoted key the `:` may touch the value (JSON: `{"a":"b"}`); after a plain one go-yaml
  // and the `yaml` library differ (`{a:b}`), so that is the full reader's
  if (f.text[f.at] !== ':' || (f.text[f.at + 1] !== ' ' && c !== '"' && c !== "'")) throw OUT;
  f.at++;
  return readKey(text);
}

/** A quoted scalar closed on its line (at `close`), with nothing but a comment after it. */
function quoted(text: string, close = closingQuote(text, text[0]!)): string {
  const q = text[0]!;
  if (close < 0) throw OUT;
  const after = text.slice(close + 1);
  if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
  const inner = text.slice(1, close);
  return q === "'" ? inner.replaceAll("''", "'") : unescape(inner);
}

/** A double-quoted scalar's text with its escapes read. */
function unescape(inner: string): string {
  if (!inner.includes('\\')) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = inner[++i]!;
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = inner.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw OUT;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw OUT;
      out += String.fromCodePoint(code);
      i += n;
    } else throw OUT;
  }
  return out;
}
