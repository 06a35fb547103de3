// Sprig's string family (strings.go and the string entries of functions.go).
import { stringSlice } from './types.js';
import { chargeString } from '../template/budget.js';
import { goQuote, formatValue, isNil, stringMap } from '../template/value.js';
import { argInt, argString, strval, toStrings, type GoFunc } from './cast.js';
import { abbreviateFull, camelcase, initials, joinLowerWords, swapcase, title, untitle, wrapCustom } from './strings-case.js';
import { asBytes, fromBytes } from './byte-string.js';
import { isAsciiText } from '../util/ascii.js';

const num = (n: bigint): number => Number(n);

/** Go's strings.TrimSpace / Trim cutset rules (Unicode white space; cutset by code point). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGE_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'gu');
const ANY_SPACE = new RegExp(`[${GO_SPACE}]`, 'gu');
const trimSpace = (s: string): string => s.replace(EDGE_SPACE, '');

/** strings.ToUpper/ToLower map rune by rune (unicode simple case mapping: ß stays ß). */
function goCase(s: string, to: 'upper' | 'lower'): string {
  // ASCII maps one letter to one letter both ways (a rune at a time, as below, gives the same)
  if (isAsciiText(s)) return to === 'upper' ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const c of s) {
    const m = to === 'upper' ? c.toUpperCase() : c.toLowerCase();
    out += [...m].length === 1 ? m : to === 'upper' ? c : [...m][0];
  }
  return out;
}

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  while (left && a < b && set.has(cs[a]!)) a++;
  while (right && b > a && set.has(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

/** strings.Split with Go's empty-separator rule (split into UTF-8 sequences). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cs = [...s];
    if (n > 0 && cs.length > n) return [...cs.slice(0, n - 1), cs.slice(n - 1).join('')];
    return cs;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

function indexMap(parts: string[]): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  parts.forEach((p, i) => (m[`_${i}`] = p));
  return stringMap(m);
}

/** Sprig's substr: byte offsets; a negative start means 0..end, a bad end means start.. */
function substr(start: bigint, end: bigint, s: string): string {
  const bytes = new TextEncoder().encode(s);
  const sl = (a: number, b: number): string => {
    if (a < 0 || b > bytes.length || a > b) throw new Error(`runtime error: slice bounds out of range [${a}:${b}]`);
    return new TextDecoder().decode(bytes.subarray(a, b));
  };
  if (start < 0n) return sl(0, num(end));
  if (end < 0n || end > BigInt(bytes.length)) return sl(num(start), bytes.length);
  return sl(num(start), num(end));
}

/** Sprig's trunc: counts bytes of the UTF-8 string, as Go's len and s[:c] do. */
function trunc(c: bigint, s: string): string {
  const n = num(c);
  // ASCII text has one byte per character: no encoding (names are cut to 63 in every template)
  const bytes = isAsciiText(s) ? undefined : new TextEncoder().encode(s);
  const len = bytes ? bytes.length : s.length;
  const cut = (a: number, b: number): string => (bytes ? new TextDecoder().decode(bytes.subarray(a, b)) : s.slice(a, b));
  if (n < 0 && len + n > 0) return cut(len + n, len);
  if (n >= 0 && len > n) return cut(0, n);
  return s;
}

function randFrom(chars: string, random: () => number): (count: unknown) => string {
  return (count) => {
    const n = num(argInt(count));
    let out = '';
    for (let i = 0; i < n; i++) out += chars[Math.floor(random() * chars.length)];
    return out;
  };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function shuffle(s: string, random: () => number): string {
  const cs = [...s];
  for (let i = cs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [cs[i], cs[j]] = [cs[j]!, cs[i]!];
  }
  return cs.join('');
}

function indent(spaces: bigint, v: string): string {
  if (spaces < 0n) throw new Error('strings: negative Repeat count');
  const pad = ' '.repeat(num(spaces));
  return pad + v.replaceAll('\n', '\n' + pad);
}

export function stringFuncs(random: () => number): Record<string, GoFunc> {
  const s = argString;
  return {
    abbrev: (w, str) => (argInt(w) < 4n ? s(str) : fromBytes(abbreviateFull(asBytes(s(str)), 0, num(argInt(w))))),
    abbrevboth: (l, r, str) => {
      const left = num(argInt(l));
      const right = num(argInt(r));
      if (right < 4 || (left > 0 && right < 7)) return s(str);
      return fromBytes(abbreviateFull(asBytes(s(str)), left, right));
    },
    trunc: (c, str) => trunc(argInt(c), s(str)),
    trim: (str) => trimSpace(s(str)),
    upper: (str) => goCase(s(str), 'upper'),
    lower: (str) => goCase(s(str), 'lower'),
    title: (str) => title(s(str)),
    untitle: (str) => untitle(s(str)),
    substr: (a, b, str) => substr(argInt(a), argInt(b), s(str)),
    repeat: (count, str) => {
      const n = argInt(count);
      if (n < 0n) throw new Error('strings: negative Repeat count');
      const text = s(str);
      // refused before the allocation, not after it (a gigabyte string in one call)
      chargeString(text.length * num(n));
      return text.repeat(num(n));
    },
    trimall: (a, b) => trimCutset(s(b), s(a), true, true),
    trimAll: (a, b) => trimCutset(s(b), s(a), true, true),
    trimSuffix: (a, b) => (s(b).endsWith(s(a)) ? s(b).slice(0, s(b).length - s(a).length) : s(b)),
    trimPrefix: (a, b) => (s(b).startsWith(s(a)) ? s(b).slice(s(a).length) : s(b)),
    // Each byte becomes a rune in goutils: non-ASCII text comes out as Latin-1 mojibake, as in Helm.
    nospace: (str) => asBytes(s(str)).replace(ANY_SPACE, ''),
    initials: (str) => initials(asBytes(s(str))),
    randAlphaNum: randFrom(LOWER + UPPER + DIGITS, random),
    randAlpha: randFrom(LOWER + UPPER, random),
    randAscii: randFrom(ASCII, random),
    randNumeric: randFrom(DIGITS, random),
    swapcase: (str) => swapcase(s(str)),
    shuffle: (str) => shuffle(s(str), random),
    snakecase: (str) => joinLowerWords(s(str), '_'),
    camelcase: (str) => camelcase(s(str)),
    kebabcase: (str) => joinLowerWords(s(str), '-'),
    wrap: (l, str) => fromBytes(wrapCustom(asBytes(s(str)), num(argInt(l)), '', false)),
    wrapWith: (l, sep, str) => fromBytes(wrapCustom(asBytes(s(str)), num(argInt(l)), asBytes(s(sep)), true)),
    contains: (sub, str) => s(str).includes(s(sub)),
    hasPrefix: (sub, str) => s(str).startsWith(s(sub)),
    hasSuffix: (sub, str) => s(str).endsWith(s(sub)),
    quote: (...args) =>
      args
        .filter((a) => !isNil(a))
        .map((a) => goQuote(strval(a)))
        .join(' '),
    squote: (...args) =>
      args
        .filter((a) => !isNil(a))
        .map((a) => `'${formatValue(a)}'`)
        .join(' '),
    cat: (...args) =>
      args
        .filter((a) => !isNil(a))
        .map(formatValue)
        .join(' '),
    indent: (n, str) => indent(argInt(n), s(str)),
    nindent: (n, str) => '\n' + indent(argInt(n), s(str)),
    replace: (o, n, src) => s(src).replaceAll(s(o), s(n)),
    plural: (one, many, count) => (argInt(count) === 1n ? s(one) : s(many)),
    toString: (v: unknown) => strval(v),
    toStrings: (v) => stringSlice(toStrings(v)),
    join: (sep, v) => toStrings(v).join(s(sep)),
    split: (sep, orig) => indexMap(goSplit(s(orig), s(sep))),
    splitList: (sep, orig) => stringSlice(goSplit(s(orig), s(sep))),
    splitn: (sep, n, orig) => indexMap(goSplit(s(orig), s(sep), num(argInt(n)))),
    sortAlpha: (v: unknown) => stringSlice(sortAlpha(v)),
    hello: () => 'Hello!',
  };
}

/** Sprig's sortAlpha: lists sort as strings; anything else becomes a one-item list of its %v. */
function sortAlpha(v: unknown): string[] {
  if (Array.isArray(v)) return toStrings(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [formatValue(v)];
}
