// TOML as Helm's toToml/fromToml see it (BurntSushi/toml): the encoder writes sorted scalar
// keys, then tables and arrays of tables indented two spaces per level; the decoder returns
// int64 (bigint), float64, bool, string, time and nested maps/lists.
import { isMap, isNil, sortedKeys } from '../template/value.js';
import { GoTime } from './go-time.js';
import { parseTime } from './go-time-parse.js';

const BARE = /^[A-Za-z0-9_-]+$/;
const key = (k: string): string => (BARE.test(k) ? k : tomlString(k));

function tomlString(s: string): string {
  const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    out += esc[c] ?? (code < 0x20 || code === 0x7f ? '\\u' + code.toString(16).toUpperCase().padStart(4, '0') : c);
  }
  return out + '"';
}

function tomlFloat(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  // strconv.FormatFloat(f, 'f', -1, 64) plus ".0" when there is no decimal point.
  let s = String(f);
  if (s.includes('e')) s = Math.abs(f) >= 1 ? BigInt(f).toString() : f.toFixed(20).replace(/0+$/, '');
  return s.includes('.') ? s : s + '.0';
}

function inline(v: unknown): string {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return tomlFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof GoTime) return v.format('2006-01-02T15:04:05.999999999Z07:00');
  if (Array.isArray(v))
    return (
      '[' +
      v
        .filter((x) => !isNil(x))
        .map(inline)
        .join(', ') +
      ']'
    );
  if (isMap(v))
    return (
      '{' +
      sortedKeys(v)
        .filter((k) => !isNil(v[k]))
        .map((k) => `${key(k)} = ${inline(v[k])}`)
        .join(', ') +
      '}'
    );
  throw new Error(`toml: cannot encode a value of type ${typeof v}`);
}

const isTableArray = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every(isMap);

function table(m: Record<string, unknown>, path: string[], depth: number, out: string[]): void {
  const pad = '  '.repeat(Math.max(depth, 0));
  const keys = sortedKeys(m);
  for (const k of keys) {
    const v = m[k];
    if (isNil(v) || isMap(v) || isTableArray(v)) continue;
    out.push(`${pad}${key(k)} = ${inline(v)}`);
  }
  for (const k of keys) {
    const v = m[k];
    const sub = [...path, key(k)];
    const subPad = '  '.repeat(depth + 1 > 0 ? depth : 0);
    if (isTableArray(v)) {
      for (const item of v) {
        header(out, `${subPad}[[${sub.join('.')}]]`);
        table(item, sub, depth + 1, out);
      }
    } else if (isMap(v)) {
      header(out, `${subPad}[${sub.join('.')}]`);
      table(v, sub, depth + 1, out);
    }
  }
}

/** A table header, after a blank line unless it directly follows another header. */
function header(out: string[], line: string): void {
  const last = out[out.length - 1];
  if (last !== undefined && !/^\s*\[/.test(last)) out.push('');
  out.push(line);
}

/** toml.NewEncoder(w).Encode(map). */
export function encodeToml(v: unknown): string {
  if (!isMap(v)) throw new Error('toml: top-level values must be Go maps or structs');
  const out: string[] = [];
  table(v, [], 0, out);
  while (out[0] === '') out.shift();
  return out.length ? out.join('\n') + '\n' : '';
}

// ---- decoding -------------------------------------------------------------------------------

class TomlReader {
  private i = 0;
  private line = 1;
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    throw new Error(`toml: line ${this.line}: ${msg}`);
  }

  parse(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    let cur = root;
    for (;;) {
      this.skipWsComments(true);
      if (this.i >= this.s.length) return root;
      if (this.s.startsWith('[[', this.i)) {
        this.i += 2;
        const path = this.keyPath();
        this.expect(']]');
        const parent = this.walk(root, path.slice(0, -1));
        const last = path[path.length - 1]!;
        const arr = (parent[last] ??= []) as unknown[];
        if (!Array.isArray(arr)) this.fail(`key ${last} is not an array of tables`);
        cur = {};
        arr.push(cur);
      } else if (this.s[this.i] === '[') {
        this.i++;
        const path = this.keyPath();
        this.expect(']');
        cur = this.walk(root, path);
      } else {
        const path = this.keyPath();
        this.expect('=');
        const target = this.walk(cur, path.slice(0, -1));
        target[path[path.length - 1]!] = this.value();
      }
      this.skipWsComments(false);
      if (this.i < this.s.length && this.s[this.i] !== '\n' && this.s[this.i] !== '\r') this.fail('expected a new line');
    }
  }

  private walk(m: Record<string, unknown>, path: string[]): Record<string, unknown> {
    let cur = m;
    for (const p of path) {
      let next = cur[p];
      if (Array.isArray(next)) next = next[next.length - 1];
      if (next === undefined) ((next = {}), (cur[p] = next));
      if (!isMap(next)) this.fail(`key ${p} is already defined as a value`);
      cur = next;
    }
    return cur;
  }

  private skipWsComments(newlines: boolean): void {
    for (; this.i < this.s.length; this.i++) {
      const c = this.s[this.i]!;
      if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      if (this.s[this.i] === '\n') {
        if (!newlines) return;
        this.line++;
        continue;
      }
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '#') return;
    }
  }

  private expect(tok: string): void {
    this.skipWsComments(false);
    if (!this.s.startsWith(tok, this.i)) this.fail(`expected ${JSON.stringify(tok)}`);
    this.i += tok.length;
  }

  private keyPath(): string[] {
    const parts: string[] = [];
    do {
      this.skipWsComments(false);
      const c = this.s[this.i];
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i));
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.skipWsComments(false);
    } while (this.s[this.i] === '.' && ++this.i);
    return parts;
  }

  private string(): string {
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const delim = triple ? q.repeat(3) : q;
    this.i += delim.length;
    if (triple && this.s[this.i] === '\n') this.i++;
    const end = this.s.indexOf(delim, this.i);
    if (end < 0) this.fail('unterminated string');
    const raw = this.s.slice(this.i, end);
    this.i = end + delim.length;
    this.line += (raw.match(/\n/g) ?? []).length;
    if (q === "'") return raw;
    return raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|\r?\n\s*|(.))/g, (all, u4, u8, c) => {
      if (u4 || u8) {
        // BurntSushi/toml refuses escapes that are no code point (a surrogate, past U+10FFFF)
        const cp = parseInt(u4 ?? u8, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`Escaped character '\\u${u4 ?? u8}' is not valid UTF-8.`);
        return String.fromCodePoint(cp);
      }
      if (c === undefined) return '';
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' };
      return map[c] ?? this.fail(`invalid escape ${all}`);
    });
  }

  private value(): unknown {
    this.skipWsComments(false);
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const m = /^[^\s,\]}#]+(?: \d{2}:\d{2}[^\s,\]}#]*)?/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a value');
    this.i += m[0].length;
    return scalar(m[0]) ?? this.fail(`invalid value ${m[0]}`);
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skipWsComments(true);
      if (this.s[this.i] === ']') return (this.i++, out);
      out.push(this.value());
      this.skipWsComments(true);
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail('expected , or ]');
    }
  }

  private inlineTable(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipWsComments(false);
      if (this.s[this.i] === '}') return (this.i++, out);
      const path = this.keyPath();
      this.expect('=');
      this.walk(out, path.slice(0, -1))[path[path.length - 1]!] = this.value();
      this.skipWsComments(false);
      if (this.s[this.i] === ',') this.i++;
    }
  }
}

function scalar(t: string): unknown {
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^[+-]?(inf|nan)$/.test(t)) return t.includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity;
  const clean = t.replace(/(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])/g, '');
  if (/^[+-]?(0|[1-9]\d*)$/.test(clean)) return BigInt(clean);
  if (/^0x[0-9a-fA-F]+$|^0o[0-7]+$|^0b[01]+$/.test(clean)) return BigInt(clean);
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(t)) {
    return parseTime('2006-01-02T15:04:05Z07:00', t.replace(' ', 'T').toUpperCase());
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\.\d+)?)?$|^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(t)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return parseTime('2006-01-02', t);
    if (/^\d{4}/.test(t)) return parseTime('2006-01-02T15:04:05', t.replace(' ', 'T'));
    return t;
  }
  return undefined;
}

/** toml.Decode(s, &map[string]interface{}{}). */
export function decodeToml(s: string): Record<string, unknown> {
  return new TomlReader(s).parse();
}
