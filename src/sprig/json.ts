// encoding/json as Go prints the template value model: sorted map keys, int64 and float64 as
// Go formats them (ES6 number rules), []byte as base64, HTML-safe escapes unless raw.
import { isMap, isNil, sortedKeys } from '../template/value.js';

export interface JsonOptions {
  indent?: string;
  /** json.Marshal escapes <, > and & (true); json.Encoder with SetEscapeHTML(false) does not. */
  escapeHtml?: boolean;
}

/** Objects standing for Go types with a MarshalJSON method (time.Time, *semver.Version). */
export interface GoJsonMarshaler {
  goJson(): unknown;
}

function quoteJson(s: string, html: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (html && (ch === '<' || ch === '>' || ch === '&')) || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

function base64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

function marshal(v: unknown, o: Required<JsonOptions>, pad: string): string {
  if (isNil(v)) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      return String(v);
    case 'string':
      return quoteJson(v, o.escapeHtml);
    case 'function':
      throw new Error('json: unsupported type: func()');
  }
  if (v instanceof Uint8Array) return quoteJson(base64(v), o.escapeHtml);
  if (typeof (v as Partial<GoJsonMarshaler>).goJson === 'function') {
    return marshal((v as GoJsonMarshaler).goJson(), o, pad);
  }
  const inner = pad + o.indent;
  const nl = o.indent ? '\n' : '';
  const wrap = (open: string, items: string[], close: string): string =>
    items.length === 0 ? open + close : open + nl + items.map((x) => inner + x).join(',' + nl) + nl + pad + close;
  if (Array.isArray(v)) return wrap('[', v.map((x) => marshal(x, o, inner)), ']');
  const m = v as Record<string, unknown>;
  const keys = isMap(v) ? sortedKeys(m) : Object.keys(m);
  const sep = o.indent ? ': ' : ':';
  return wrap('{', keys.map((k) => quoteJson(k, o.escapeHtml) + sep + marshal(m[k], o, inner)), '}');
}

/** json.Marshal (or MarshalIndent with prefix "" and the given indent). Throws Go's errors. */
export function goJsonMarshal(v: unknown, opts: JsonOptions = {}): string {
  return marshal(v, { indent: opts.indent ?? '', escapeHtml: opts.escapeHtml ?? true }, '');
}

/** json.Unmarshal into interface{}: numbers become float64, as every Helm values number does. */
export function goJsonUnmarshal(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new Error(jsonErrorText(s, e));
  }
}

/** The common encoding/json error texts, from the offending character. */
function jsonErrorText(s: string, e: unknown): string {
  if (s.trim() === '') return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return 'unexpected end of JSON input';
  const ch = s[Number(m[1])];
  if (ch === undefined) return 'unexpected end of JSON input';
  return `invalid character '${ch}' looking for beginning of value`;
}
