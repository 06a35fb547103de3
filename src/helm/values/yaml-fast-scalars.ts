// The scalars and keys of the fast YAML reader (yaml-fast.ts): quoted scalars, their escapes and
// folding, plain scalars and mapping keys, each as the `yaml` library plus toGoValue read them,
// or the reader gives up (OUT) and the text is read the full way.

import { formatFloat } from '../../template/value.js';
import { resolvePlain } from '../../sprig/yaml-parse.js';

/** Gives up: the text is read the full way. */
export class Outside extends Error {}
export const OUT = new Outside();

/** Nesting the fast reader follows (blocks and flow collections); deeper goes the full way. */
export const MAX_DEPTH = 64;

/** The index of the `:` that ends a mapping key on this line (plain or quoted key), or -1. */
export function keyEnd(body: string): number {
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

/**
 * The index of the quote that closes the scalar opening `text` with `q`, or -1: in a double-quoted
 * one the first not escaped by a backslash, in a single-quoted one the first not doubled. Found
 * with indexOf (a native scan: testing each character in V8's baseline code took a few hundred
 * instructions, and every quoted value of every rendered document is read here).
 */
export function closingQuote(text: string, q: string): number {
  if (q === '"') {
    for (let i = 1; ;) {
      const close = text.indexOf('"', i);
      if (close < 0) return -1;
      const escape = text.indexOf('\\', i);
      if (escape < 0 || escape > close) return close;
      i = escape + 2; // past the escaped character
    }
  }
  for (let i = 1; ;) {
    const close = text.indexOf(q, i);
    if (close < 0) return -1;
    if (q !== "'" || text.charCodeAt(close + 1) !== 39) return close;
    i = close + 2; // '' is a quote inside the scalar
  }
}

/** A key as toGoValue makes one: quoted keys as written, plain ones resolved and printed as Go would. */
export function readKey(text: string): string {
  if (text === '' || text.length > 1024) throw OUT;
  const c = text[0]!;
  if (c === '"' || c === "'") return quoted(text) as string;
  if ('-?:,[]{}#&*!|>%@`'.includes(c) || text.includes(' #')) throw OUT;
  // spaces before the colon are no part of a plain key (gpu-operator's `maxUnavailable : 25%`)
  const plain = text.trimEnd();
  if (plain === '<<') throw OUT;
  const v = resolvePlain(plain);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  return v === null ? 'null' : String(v);
}

/** A plain scalar's first line, its comment dropped (resolved once its other lines are read). */
export function plainText(text: string): string {
  // `-`, `?` and `:` may begin a plain scalar when text follows at once (`-1`, `::/0`, `:8081`)
  const c = text[0]!;
  if ('-?:'.includes(c) ? text.length === 1 || text[1] === ' ' : ',[]{}#&*!|>%@`'.includes(c)) throw OUT;
  const hash = text.indexOf(' #');
  const value = (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
  if (value === '' || keyEnd(value) >= 0) throw OUT;
  return value;
}

/** Whether a plain line ends in a comment (which also ends the scalar). */
export const hasComment = (line: string) => line.includes(' #');

// `\/` is YAML 1.2's, refused by go-yaml: the full reader says so
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/**
 * The lines of a quoted scalar (the first trimmed at its end, the others at both, the last at its
 * start) joined as YAML folds them: by a space, or by a line break per blank line between.
 */
export function foldLines(lines: string[]): string {
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

/** A quoted scalar closed on its line (at `close`), with nothing but a comment after it. */
export function quoted(text: string, close = closingQuote(text, text[0]!)): string {
  const q = text[0]!;
  if (close < 0) throw OUT;
  const after = text.slice(close + 1);
  if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
  const inner = text.slice(1, close);
  return q === "'" ? inner.replaceAll("''", "'") : unescape(inner);
}

/** A double-quoted scalar's text with its escapes read. */
export function unescape(inner: string): string {
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
