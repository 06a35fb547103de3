// Go's conversions as Sprig uses them, written once: spf13/cast (ToInt64, ToFloat64, ToInt),
// Sprig's strval/strslice, and text/template's argument checks for typed Go parameters.
import { AirgapError } from '../util/errors.js';
import { rawBytesOf } from '../util/go-bytes-text.js';
import { formatValue, isMap, isNil, kindOf, typeName } from '../template/value.js';

/**
 * text/template rejected an argument before the function ran (Go reports these without the
 * "error calling NAME:" prefix, e.g. "wrong type for value; expected int; got float64").
 */
export class ArgTypeError extends AirgapError {
  /** Which argument was wrong (0 = first), so the engine can point at it as Go does. */
  argIndex?: number;
  constructor(
    message: string,
    /** The rejected value, to find its position among the call's arguments. */
    readonly value?: unknown,
  ) {
    super(message, { code: 'ERR_TEMPLATE_ARG' });
  }
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Wrap to int64 as Go's fixed-width arithmetic does. */
export function wrapInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** Go's float64 -> int64 conversion: truncation; out of range is implementation-defined (amd64 gives MinInt64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = BigInt(Math.trunc(f));
  return t < INT64_MIN || t > INT64_MAX ? INT64_MIN : t;
}

/** Go's trimZeroDecimal in cast: "12.000" -> "12" so ParseInt accepts it. */
function trimZeroDecimal(s: string): string {
  const m = /^(.*)\.0+$/.exec(s);
  return m ? m[1]! : s;
}

const SHORT_DECIMAL = /^[+-]?(0|[1-9]\d{0,17})$/;

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, underscores only with a prefix. */
export function parseGoInt(s: string, base = 0): bigint | undefined {
  // most calls: a decimal of at most 18 digits (always within int64), read without the general walk
  if ((base === 0 || base === 10) && SHORT_DECIMAL.test(s)) return BigInt(s);
  const m = /^([+-]?)(.*)$/s.exec(s)!;
  let body = m[2]!;
  let b = base;
  if (b === 0) {
    b = 10;
    if (/^0[xX]/.test(body)) ((b = 16), (body = body.slice(2)));
    else if (/^0[bB]/.test(body)) ((b = 2), (body = body.slice(2)));
    else if (/^0[oO]/.test(body)) ((b = 8), (body = body.slice(2)));
    else if (/^0./.test(body)) ((b = 8), (body = body.slice(1)));
    if (b !== 10 || base === 0) body = body.replace(/(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])/g, '');
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (body === '' || ![...body.toLowerCase()].every((c) => digits.includes(c))) return undefined;
  let n = 0n;
  for (const c of body.toLowerCase()) n = n * BigInt(b) + BigInt(digits.indexOf(c));
  if (m[1] === '-') n = -n;
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** strconv.ParseFloat(s, 64) for the decimal forms Go accepts (plus inf/nan spellings). */
export function parseGoFloat(s: string): number | undefined {
  const t = s.replace(/(?<=\d)_(?=\d)/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?0[xX]/.test(t)) {
    const i = parseGoInt(t, 0);
    return i === undefined ? undefined : Number(i);
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined; // out of range is an error in strconv
}

/** cast.ToInt64: numbers truncate, strings parse (base prefixes allowed), bool is 0/1, else 0. */
export function toInt64(v: unknown): bigint {
  switch (kindOf(v)) {
    case 'int':
      return v as bigint;
    case 'float':
      return floatToInt64(v as number);
    case 'string':
      return parseGoInt(trimZeroDecimal(v as string)) ?? 0n;
    case 'bool':
      return v ? 1n : 0n;
    default:
      return 0n;
  }
}

/** cast.ToFloat64: ints convert, strings parse, bool is 0/1, anything else 0. */
export function toFloat64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
      return Number(v as bigint);
    case 'float':
      return v as number;
    case 'string':
      return parseGoFloat(v as string) ?? 0;
    case 'bool':
      return v ? 1 : 0;
    default:
      return 0;
  }
}

/** Sprig's strval: strings as is, []byte as text, errors by message, anything else with %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (v instanceof Error) return v.message;
  return formatValue(v);
}

/** Sprig's strslice: a list's non-nil items as strings, a scalar as a one-item list, nil as []. */
export function toStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (isNil(v)) return [];
  return [strval(v)];
}

/** A list argument as Sprig's reflection sees it (slices and arrays only). */
export function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  return undefined;
}

// ---- text/template's checks for typed parameters --------------------------------------------

function invalid(v: unknown, want: string): never {
  // A nil read from a map (missing key or null) is a nil interface{} to text/template.
  if (isNil(v)) throw new ArgTypeError(`wrong type for value; expected ${want}; got interface {}`, v);
  throw new ArgTypeError(`wrong type for value; expected ${want}; got ${typeName(v)}`, v);
}

/** A Go `int` parameter: only integer values are assignable (a float64 from values is not). */
export function argInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  return invalid(v, 'int');
}

/** A Go `string` parameter. */
export function argString(v: unknown): string {
  if (typeof v === 'string') return v;
  return invalid(v, 'string');
}

/** A Go `bool` parameter. */
export function argBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return invalid(v, 'bool');
}

/** A Go `float64` parameter. */
export function argFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  return invalid(v, 'float64');
}

/** A Go `map[string]interface{}` parameter (nil is assignable and reads as an empty map). */
export function argMap(v: unknown): Record<string, unknown> {
  if (isMap(v)) return v;
  if (isNil(v)) return {};
  return invalid(v, 'map[string]interface {}');
}

/** A Go `[]interface{}` or `[]string` parameter (nil reads as an empty slice). */
export function argSlice(v: unknown, want = '[]interface {}'): unknown[] {
  if (Array.isArray(v)) return v;
  if (isNil(v)) return [];
  return invalid(v, want);
}

/** A Go `[]byte`-or-string value seen as bytes (a binary file's text: the file's own bytes). */
export function utf8(s: string): Uint8Array {
  return rawBytesOf(s) ?? new TextEncoder().encode(s);
}

/** Bytes decoded as Go would print them: invalid UTF-8 becomes U+FFFD. */
export function fromUtf8(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

/** Sprig's empty(): nil, false, 0, "" and empty collections are empty; structs never are. */
export function empty(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
      return true;
    case 'bool':
      return !v;
    case 'int':
      return v === 0n;
    case 'float':
      return v === 0;
    case 'string':
      return (v as string).length === 0;
    case 'slice':
      return (v as unknown[]).length === 0;
    case 'bytes':
      return (v as Uint8Array).length === 0;
    case 'map':
      return Object.keys(v as object).length === 0;
    case 'func':
      return false;
    default:
      return false;
  }
}

/** Make a plain map the way Go's make(map[string]interface{}) does (no prototype surprises). */
export function newMap(): Record<string, unknown> {
  return {};
}

export type GoFunc = (...args: unknown[]) => unknown;
