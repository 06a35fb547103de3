// encoding/json as Go prints the template value model: sorted map keys, int64 and float64 as
// Go formats them (ES6 number rules), []byte as base64, HTML-safe escapes unless raw.
import { isMap, isNil, isNilMap, isNilSlice, sortedKeys } from '../template/value.js';
import { jsonSyntaxError } from './json-syntax.js';
import { rawBytesOf } from '../util/go-bytes-text.js';

export interface JsonOptions {
  indent?: string;
  /** json.Marshal escapes <, > and & (true); json.Encoder with SetEscapeHTML(false) does not. */
  escapeHtml?: boolean;
}

/** Objects standing for Go types with a MarshalJSON method (time.Time, *semver.Version). */
export interface GoJsonMarshaler {
  goJson(): unknown;
}

// What encoding/json escapes: quote, backslash, control characters (\b, \f, \n, \r, \t by name
// since Go 1.22, the rest as \u00XX), U+2028 and U+2029, and with HTML escaping <, > and &. Most strings hold none and are quoted whole; a character-by-character
// copy of each was a seventh of what discovery allocates (charts pass whole values trees to toJson).
const ESCAPED = /["\\\u0000-\u001f\u2028\u2029]/g;
const ESCAPED_HTML = /["\\\u0000-\u001f\u2028\u2029<>&]/g;

function quoteJson(s: string, html: boolean): string {
  const raw = rawBytesOf(s);
  if (raw) return quoteJsonBytes(raw, html);
  const re = html ? ESCAPED_HTML : ESCAPED;
  re.lastIndex = 0;
  return '"' + (re.test(s) ? s.replace(re, escapeJsonChar) : s) + '"';
}

function escapeJsonChar(ch: string): string {
  if (ch === '"' || ch === '\\') return '\\' + ch;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (ch === '\b') return '\\b';
  if (ch === '\f') return '\\f';
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * A Go string that is not UTF-8 (b64dec of arbitrary bytes, kept by go-bytes-text.ts) quoted as
 * encoding/json does: rune by rune as utf8.DecodeRune reads them, each byte of an invalid
 * sequence as \ufffd (a JS decoder folds a cut sequence into one U+FFFD, and a real U+FFFD stays
 * raw in Go).
 */
function quoteJsonBytes(b: Uint8Array, html: boolean): string {
  const re = html ? ESCAPED_HTML : ESCAPED;
  let out = '"';
  for (let i = 0; i < b.length;) {
    const [cp, size] = decodeRune(b, i);
    i += size;
    if (cp < 0) out += '\\ufffd';
    else {
      const ch = String.fromCodePoint(cp);
      re.lastIndex = 0;
      out += re.test(ch) ? escapeJsonChar(ch) : ch;
    }
  }
  return out + '"';
}

/** Go's utf8.DecodeRune at b[i]: the code point and its length, or [-1, 1] where the bytes are no valid sequence. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const size = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (size === 0 || i + size > b.length) return [-1, 1];
  // the second byte's range excludes overlong forms, surrogates and code points past U+10FFFF
  const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
  if (b[i + 1]! < lo || b[i + 1]! > hi) return [-1, 1];
  let cp = b0 & (size === 2 ? 0x1f : size === 3 ? 0x0f : 0x07);
  for (let k = 1; k < size; k++) {
    const c = b[i + k]!;
    if (c < 0x80 || c > 0xbf) return [-1, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  return [cp, size];
}

function base64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

/** A value as encoding/json sees it: numbers keep their JSON text, maps their sorted keys. */
export type JsonNode = null | boolean | string | { num: string } | JsonNode[] | { entries: [string, JsonNode][] };

/** The JSON shape of a template value (what json.Marshal would print), or Go's marshal error. */
export function jsonTree(v: unknown): JsonNode {
  if (isNil(v)) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return { num: v.toString() };
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      // Go's float encoding follows ES6 number-to-string, which String() is.
      return { num: String(v) };
    case 'function':
      throw new Error('json: unsupported type: func()');
  }
  if (v instanceof Uint8Array) return base64(v);
  if (typeof (v as Partial<GoJsonMarshaler>).goJson === 'function') return jsonTree((v as GoJsonMarshaler).goJson());
  if (Array.isArray(v)) return isNilSlice(v) ? null : v.map(jsonTree);
  const m = v as Record<string, unknown>;
  if (isMap(v) && isNilMap(v)) return null;
  const keys = isMap(v) ? sortedKeys(m) : Object.keys(m).filter((k) => /^[A-Z]/.test(k));
  return { entries: keys.map((k) => [k, jsonTree(m[k])]) };
}

function write(n: JsonNode, o: Required<JsonOptions>, pad: string): string {
  if (n === null) return 'null';
  if (typeof n === 'boolean') return n ? 'true' : 'false';
  if (typeof n === 'string') return quoteJson(n, o.escapeHtml);
  if (!Array.isArray(n) && 'num' in n) return n.num;
  const inner = pad + o.indent;
  const nl = o.indent ? '\n' : '';
  const wrap = (open: string, items: string[], close: string): string =>
    items.length === 0 ? open + close : open + nl + items.map((x) => inner + x).join(',' + nl) + nl + pad + close;
  if (Array.isArray(n))
    return wrap(
      '[',
      n.map((x) => write(x, o, inner)),
      ']',
    );
  const sep = o.indent ? ': ' : ':';
  return wrap(
    '{',
    n.entries.map(([k, v]) => quoteJson(k, o.escapeHtml) + sep + write(v, o, inner)),
    '}',
  );
}

/** json.Marshal (or MarshalIndent with prefix "" and the given indent). Throws Go's errors. */
export function goJsonMarshal(v: unknown, opts: JsonOptions = {}): string {
  return write(jsonTree(v), { indent: opts.indent ?? '', escapeHtml: opts.escapeHtml ?? true }, '');
}

/** json.Unmarshal into interface{}: numbers become float64, as every Helm values number does. */
export function goJsonUnmarshal(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new Error(jsonSyntaxError(s));
  }
}
