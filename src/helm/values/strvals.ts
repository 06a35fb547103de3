// Helm's strvals: the grammar of --set, --set-string, --set-file, --set-json and --set-literal.
//   a.b=c,d=e     dotted keys, comma-separated assignments      a[0].b=c   list indexes
//   l={x,y}       lists                                         \. \, \=   backslash escapes
// Typed scalars (--set): true/false (any case) are bools, null is nil, integers without a
// leading zero are int64 (bigint here); everything else, floats included, stays a string.
// --set-json decodes each value as JSON (numbers float64); --set-literal takes the rest of the
// argument verbatim; --set-file passes the value (a path) to a reader.

import { UsageError } from '../../util/errors.js';
import type { Values } from '../engine/render-types.js';
import { isGoMap, setKey } from './yaml.js';

export type SetMode = 'typed' | 'string' | 'json' | 'literal';
const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Helm's typedVal: the scalar typing of --set. */
export function typedSetValue(v: string): unknown {
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (v === '0') return 0n;
  if (v !== '' && v[0] !== '0' && /^[-+]?[0-9]+$/.test(v)) {
    const n = BigInt(v);
    if (n >= INT64_MIN && n <= INT64_MAX) return n;
  }
  return v;
}

class SetError extends Error {}

/** Helm 4 reads an index left open to the end of the argument ("a[=1") as the end of input: the rest sets nothing. */
class EndOfInput extends Error {}

/** Parses one --set-style argument into `dest` (mutated). `reader` turns --set-file paths into content. */
export function parseSetInto(arg: string, dest: Values, mode: SetMode, reader?: (raw: string) => unknown): void {
  const p = new SetParser(arg, mode, reader);
  try {
    while (!p.eof()) p.key(dest, 0);
  } catch (e) {
    if (e instanceof EndOfInput) return;
    if (e instanceof SetError)
      throw new UsageError(`failed parsing ${flagName(mode, reader)} data ${JSON.stringify(arg)}: ${e.message}`, {
        hint: `${flagName(mode, reader)} takes NAME=VALUE pairs separated by commas, as helm does (a.b=1,list[0]=x); see --help`,
      });
    throw e;
  }
}

function flagName(mode: SetMode, reader?: unknown): string {
  if (reader) return '--set-file';
  return { typed: '--set', string: '--set-string', json: '--set-json', literal: '--set-literal' }[mode];
}

class SetParser {
  private pos = 0;
  private readonly in: string[];

  constructor(
    text: string,
    private readonly mode: SetMode,
    private readonly reader?: (raw: string) => unknown,
  ) {
    this.in = Array.from(text);
  }

  eof(): boolean {
    return this.pos >= this.in.length;
  }

  /** Runes up to a stop rune (consumed, returned as `last`; '' at end), honouring `\` escapes. */
  private until(stop: string): [string, string] {
    let out = '';
    const escapes = this.mode !== 'literal';
    while (this.pos < this.in.length) {
      const r = this.in[this.pos++];
      if (stop.includes(r)) return [out, r];
      if (r === '\\' && escapes) {
        if (this.pos >= this.in.length) return [out, ''];
        out += this.in[this.pos++];
      } else out += r;
    }
    return [out, ''];
  }

  key(data: Values, level: number): void {
    const [k, last] = this.until(this.mode === 'literal' ? '=[.' : '=[,.');
    if (last === '') {
      if (k === '') return;
      throw new SetError(`key ${JSON.stringify(k)} has no value`);
    }
    if (last === ',') throw new SetError(`key ${JSON.stringify(k)} has no value (cannot end with ,)`);
    if (last === '=') return this.assign((v) => k && setKey(data, k, v));
    if (last === '[') {
      // own keys only: "toString[0]=1" names a key, not Object.prototype.toString
      const cur = Object.prototype.hasOwnProperty.call(data, k) ? data[k] : undefined;
      if (cur !== undefined && !Array.isArray(cur)) throw new SetError(`key ${JSON.stringify(k)} is not a list`);
      const list = this.listItem(cur === undefined ? [] : [...(cur as unknown[])], this.index(), level);
      if (k) setKey(data, k, list);
      return;
    }
    if (++level > MAX_NESTED_NAME_LEVEL)
      throw new SetError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    const existing = Object.prototype.hasOwnProperty.call(data, k) ? data[k] : undefined;
    if (existing !== undefined && existing !== null && !isGoMap(existing)) throw new SetError(`key ${JSON.stringify(k)} is not a map`);
    const inner: Values = isGoMap(existing) ? existing : {};
    this.key(inner, level);
    if (Object.keys(inner).length === 0) throw new SetError(`key map ${JSON.stringify(k)} has no value`);
    // an empty name sets nothing (strvals' set), so "a..b=1" leaves "a" empty: an error, as in Helm
    if (k !== '') setKey(data, k, inner);
  }

  private index(): number {
    const [s, last] = this.until(']');
    if (last === '') throw new EndOfInput();
    if (!/^[-+]?[0-9]+$/.test(s)) throw new SetError(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
    const i = Number(s);
    if (i < 0) throw new SetError(`negative ${i} index not allowed`);
    if (i > MAX_INDEX) throw new SetError(`index of ${i} is greater than maximum supported index of ${MAX_INDEX}`);
    return i;
  }

  private listItem(list: unknown[], i: number, level: number): unknown[] {
    const [k, last] = this.until('[.=');
    if (k.length > 0) throw new SetError(`unexpected data at end of array index: ${JSON.stringify(k)}`);
    const put = (v: unknown): unknown[] => {
      while (list.length <= i) list.push(null);
      list[i] = v;
      return list;
    };
    if (last === '=') {
      this.assign(put);
      return list;
    }
    if (last === '[') {
      const cur = list[i];
      if (cur !== undefined && cur !== null && !Array.isArray(cur)) throw new SetError('nested index on a non-list value');
      return put(this.listItem(Array.isArray(cur) ? [...cur] : [], this.index(), level));
    }
    if (last === '.') {
      const inner: Values = isGoMap(list[i]) ? (list[i] as Values) : {};
      this.key(inner, level);
      return put(inner);
    }
    throw new SetError(`parse error: unexpected token ${JSON.stringify(last)}`);
  }

  /** The value after `=`, by mode. */
  private assign(set: (v: unknown) => unknown): void {
    if (this.mode === 'literal') {
      set(this.in.slice(this.pos).join(''));
      this.pos = this.in.length;
      return;
    }
    if (this.mode === 'json') return this.assignJson(set);
    if (this.in[this.pos] === '{') {
      set(this.list());
      return;
    }
    const [raw] = this.until(',');
    set(this.scalar(raw));
  }

  private scalar(raw: string): unknown {
    if (this.reader) return this.reader(raw);
    return this.mode === 'string' ? raw : typedSetValue(raw);
  }

  private list(): unknown[] {
    this.pos++; // '{'
    const out: unknown[] = [];
    for (;;) {
      const [v, last] = this.until(',}');
      if (last === '') throw new SetError("list must terminate with '}'");
      out.push(this.scalar(v));
      if (last === '}') {
        if (this.in[this.pos] === ',') this.pos++;
        return out;
      }
    }
  }

  private assignJson(set: (v: unknown) => unknown): void {
    this.skipBlanks();
    if (this.eof() || this.in[this.pos] === ',') {
      this.pos++;
      set(null);
      return;
    }
    const end = jsonValueEnd(this.in, this.pos);
    const text = this.in.slice(this.pos, end).join('');
    try {
      set(JSON.parse(text));
    } catch (e) {
      throw new SetError(`invalid JSON value ${JSON.stringify(text)}: ${(e as Error).message}`);
    }
    this.pos = end;
    this.skipBlanks();
    if (this.in[this.pos] === ',') this.pos++;
    else if (!this.eof()) throw new SetError(`unexpected data after JSON value: ${JSON.stringify(this.in.slice(this.pos).join(''))}`);
  }

  private skipBlanks(): void {
    while (this.pos < this.in.length && /\s/.test(this.in[this.pos])) this.pos++;
  }
}

/** Index just past the JSON value starting at `start` (strings, nesting; scalars end at , or space). */
function jsonValueEnd(s: string[], start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') {
        inStr = false;
        if (depth === 0) return i + 1;
      }
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === ',' || /\s/.test(c))) return i;
  }
  return s.length;
}
