// How go-yaml (v2 for toYaml through sigs.k8s.io/yaml, v3 for toYamlPretty) writes one string:
// which style (plain, 'single', "double", | literal) and where long lines fold at 80 columns.
// The rules follow libyaml's scalar analysis; outputs were checked against Go.

import { TextMemo } from '../util/text-memo.js';

export interface ScalarCtx {
  /** Column where the scalar starts. */
  column: number;
  /** Indentation of continuation lines and block scalar content. */
  indent: number;
  /** A mapping key (simple key: no folding, no block styles, flow rules). */
  key: boolean;
  /** go-yaml v3: no folding, tabs allowed in block scalars. */
  v3: boolean;
}

const WIDTH = 80;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Set('y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' '));
const SPECIAL_FLOATS = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?([Zz]|[-+]\d{1,2}(:\d{2})?)?)?$/;

/** Would this text, written plain, read back as something other than a string? */
export function resolvesNonString(s: string): boolean {
  if (NULLS.has(s) || BOOLS.has(s) || SPECIAL_FLOATS.test(s)) return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  return GO_INT.test(plain) || YAML_FLOAT.test(plain) || BASE60.test(s) || TIMESTAMP.test(s);
}

/** libyaml's is_printable: no astral characters (4-byte UTF-8), so emoji force double quotes. */
function printable(c: number, v3: boolean): boolean {
  if (c === 0x0a || (c >= 0x20 && c <= 0x7e)) return true;
  if (c === 0x85) return !v3;
  if (c === 0x09) return v3;
  return (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

interface Analysis {
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
  multiline: boolean;
}

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\x85' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined): boolean => c === ' ';
const isBlank = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || isBreak(c);

function analyze(s: string, v3: boolean): Analysis {
  const cs = [...s];
  let flowInd = false;
  let blockInd = false;
  let special = false;
  let lineBreaks = false;
  let spaceBreak = false;
  let breakSpace = false;
  let tabs = false;
  if (s.startsWith('---') || s.startsWith('...')) flowInd = blockInd = true;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const next = cs[i + 1];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowInd = blockInd = true;
      if (c === '?' || c === ':') ((flowInd = true), (blockInd ||= isBlank(next)));
      if (c === '-' && isBlank(next)) flowInd = blockInd = true;
    } else {
      if (',?[]{}'.includes(c)) flowInd = true;
      if (c === ':') ((flowInd = true), (blockInd ||= isBlank(next)));
      if (c === '#' && isBlank(cs[i - 1])) flowInd = blockInd = true;
    }
    if (c === '\t') tabs = true;
    if (!printable(c.codePointAt(0)!, v3)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c) && isBreak(next)) spaceBreak = true;
    if (isBreak(c) && isSpace(next)) breakSpace = true;
  }
  const first = cs[0];
  const last = cs[cs.length - 1];
  const edge = isSpace(first) || isBreak(first) || isSpace(last) || isBreak(last);
  const a: Analysis = { flowPlain: !flowInd, blockPlain: !blockInd, single: true, block: !isSpace(last), multiline: lineBreaks };
  if (edge || lineBreaks) a.flowPlain = a.blockPlain = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.single = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.single = a.block = false;
  if (tabs) a.flowPlain = a.blockPlain = a.single = false;
  return a;
}

// Written strings by text, then by position: toYaml writes the same values in template after
// template and render after render (the analysis walks every character: 4% of a large chart's
// discovery). The text alone is the outer key, so its hash is cached (a key joined with the
// position was a new string as long as the text on every lookup).
const WRITTEN = new TextMemo<Map<string, string>>(16 * 1024 * 1024);

/** The YAML text of a string scalar in the given position. */
export function yamlString(s: string, ctx: ScalarCtx): string {
  const byPosition = WRITTEN.get(s) ?? new Map<string, string>();
  const key = `${ctx.column}\0${ctx.indent}\0${ctx.key ? 1 : 0}${ctx.v3 ? 1 : 0}`;
  let out = byPosition.get(key);
  if (out === undefined) {
    out = writeString(s, ctx);
    byPosition.set(key, out);
    // set again for each position, so the budget counts the text once per written form as before
    WRITTEN.set(s, byPosition);
  }
  return out;
}

function writeString(s: string, ctx: ScalarCtx): string {
  const a = analyze(s, ctx.v3);
  if (s.includes('\n')) {
    if (ctx.key || !a.block) return doubleQuoted(s, ctx);
    return literal(s, ctx);
  }
  if (resolvesNonString(s)) return doubleQuoted(s, ctx);
  if (a.blockPlain) return folded(s, ctx, 'plain');
  if (a.single) return "'" + folded(s.replaceAll("'", "''"), { ...ctx, column: ctx.column + 1 }, 'single') + "'";
  return doubleQuoted(s, ctx);
}

/** Plain or single-quoted text, folding at a space once the line is past 80 columns. */
function folded(s: string, ctx: ScalarCtx, style: 'plain' | 'single'): string {
  const cs = [...s];
  if (ctx.key || ctx.v3) return s;
  let col = ctx.column;
  let out = '';
  let prevSpace = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const inner = style === 'plain' || (i !== 0 && i !== cs.length - 1);
    if (c === ' ' && !prevSpace && col > WIDTH && inner && cs[i + 1] !== ' ') {
      out += '\n' + ' '.repeat(ctx.indent);
      col = ctx.indent;
    } else {
      out += c;
      col++;
    }
    prevSpace = c === ' ';
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escapeChar(c: string): string {
  const e = ESCAPES[c];
  if (e) return '\\' + e;
  const code = c.codePointAt(0)!;
  if (printable(code, false) && code !== 0x0a && code !== 0x85) return c;
  if (code <= 0xff) return '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
  if (code <= 0xffff) return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
  return '\\U' + code.toString(16).toUpperCase().padStart(8, '0');
}

function doubleQuoted(s: string, ctx: ScalarCtx): string {
  const cs = [...s];
  let out = '"';
  let col = ctx.column + 1;
  let prevSpace = false;
  const fold = !ctx.key && !ctx.v3;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === ' ' && fold && !prevSpace && col > WIDTH && i !== 0 && i !== cs.length - 1) {
      out += '\n' + ' '.repeat(ctx.indent);
      col = ctx.indent;
      if (cs[i + 1] === ' ') ((out += '\\'), col++);
    } else {
      const t = escapeChar(c);
      out += t;
      col += t.length;
    }
    prevSpace = c === ' ';
  }
  return out + '"';
}

function literal(s: string, ctx: ScalarCtx): string {
  let header = '|';
  if (isSpace(s[0]) || isBreak(s[0])) header += '2';
  if (!s.endsWith('\n')) header += '-';
  else if (s.length === 1 || s.endsWith('\n\n')) header += '+';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const pad = ' '.repeat(Math.max(ctx.indent, 2));
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  // go-yaml v3 lets a leading line break end the header line (one blank line fewer than v2).
  if (ctx.v3 && isBreak(s[0])) lines.shift();
  return lines.length ? header + '\n' + lines.join('\n') : header;
}
