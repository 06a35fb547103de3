// Go's value model as templates see it, shared by the engine (src/template) and the function
// library (src/sprig). Representation in JavaScript:
//   nil ............ null or undefined (undefined = "missing", printed the same)
//   bool ........... boolean
//   string ......... string
//   int / int64 .... bigint      (template literals like 3, --set numbers, len, add ...)
//   float64 ........ number      (every number from a YAML or JSON values file: Helm's JSON round trip)
//   []interface{} .. Array
//   map[string]interface{} .. plain object (prototype Object.prototype or null); read with mapGet
//   []byte ......... Uint8Array
//   struct/object .. any other object (class instance): fields and methods, e.g. .Files.Get
//   func ........... function
// Keep this module tiny and pure: formatting rules here are Go's fmt %v and strconv rules.

export type GoKind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'bytes' | 'struct' | 'func';

export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/**
 * A nil []interface{} (Sprig's concat when nothing was appended): a list of length 0 to len,
 * range and fmt, but null to encoding/json and so to toYaml; a plain [] is an empty non-nil slice.
 */
const NIL_SLICE = Symbol('nil slice');

export function nilSlice(): unknown[] {
  const a: unknown[] = [];
  Object.defineProperty(a, NIL_SLICE, { value: true });
  return a;
}

export const isNilSlice = (v: unknown[]): boolean => (v as unknown as Record<symbol, unknown>)[NIL_SLICE] === true;

/**
 * A nil map[string]interface{} (Helm's fromJson of "null": json.Unmarshal sets the map to nil): an
 * empty map to len, range, keys and fmt (`map[]`), but null to encoding/json and so to toJson and
 * toYaml; Sprig's set on it fails as Go's assignment to a nil map does, and a merge into it makes
 * a new map (mergo allocates one behind the pointer Sprig passes).
 */
const NIL_MAP = Symbol('nil map');

export function nilMap(): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  Object.defineProperty(m, NIL_MAP, { value: true });
  return m;
}

export const isNilMap = (v: object): boolean => (v as Record<symbol, unknown>)[NIL_MAP] === true;

export function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    default:
      if (v === null) return 'invalid';
      if (Array.isArray(v)) return 'slice';
      if (v instanceof Uint8Array) return 'bytes';
      return isMap(v) ? 'map' : 'struct';
  }
}

/** Own-key lookup: a values key named "constructor" or "__proto__" is data, not JavaScript. */
export function mapGet(m: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

export function mapHas(m: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** Go map iteration as templates see it: keys in sorted (byte) order. */
export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  // Go compares strings bytewise (UTF-8); for the BMP that equals UTF-16 order except surrogates.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * text/template truth: false, 0, nil, empty string/slice/map are false; structs are true. The
 * kinds in the order a template tests them most (kindOf's switch compared strings case by case).
 */
export function isTrue(v: unknown): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null) return false;
  if (typeof v === 'object') {
    if (Array.isArray(v)) return v.length > 0;
    if (v instanceof Uint8Array) return v.length > 0;
    return isMap(v) ? Object.keys(v).length > 0 : true;
  }
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  return true;
}

// Maps whose Go type is map[string]string (sprig's split and splitn make them): the value model
// keeps every map plain, so these are told apart here, for their element's zero value and type name
const STRING_MAPS = new WeakSet<object>();

/** Marks `m` as a Go map[string]string; returns it. */
export function stringMap<T extends object>(m: T): T {
  STRING_MAPS.add(m);
  return m;
}

/**
 * What a map gives for a key it lacks where Go gives its element type's zero value (missingkey=zero,
 * as Helm runs templates, and `index`): "" for a map[string]string, else a nil interface.
 */
export const mapElemZero = (m: object): unknown => (STRING_MAPS.has(m) ? '' : null);

/** The Go type name used in error messages ("can't evaluate field x in type string"). */
export function typeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'slice':
      return '[]interface {}';
    case 'bytes':
      return '[]uint8';
    case 'map':
      return STRING_MAPS.has(v as object) ? 'map[string]string' : 'map[string]interface {}';
    case 'func':
      return 'func';
    default: {
      // Objects standing for a Go type name it (Sprig's GoTyped: goType "*semver.Version").
      const goType = (v as { goType?: unknown }).goType;
      if (typeof goType === 'string') return goType;
      const name = (v as object).constructor?.name;
      return name ? `*${name}` : 'struct';
    }
  }
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v: shortest round-trip digits, and
 * exponent form when the decimal exponent is < -4 or >= 6 (so 1000000 prints 1e+06, Helm's
 * well-known surprise for numbers from values files).
 */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JavaScript's exponential form gives the same shortest round-trip digits as strconv.
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  return fixedFromExponent(f);
}

function fixedFromExponent(f: number): string {
  // Number#toString switches to exponent form only past 1e21, and our exp < 21 here.
  const s = String(f);
  if (!s.includes('e')) return s;
  // Tiny values between 1e-4 and 1e-7 print with exponent in JS; expand them.
  return f.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** strconv.Quote: Go string literal with escapes (used by %q and Sprig's quote). */
export function goQuote(s: string): string {
  // printable ASCII with no quote or backslash (nearly every value a chart quotes) needs no escape
  if (PLAIN_QUOTABLE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

const PLAIN_QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** fmt's %v (and Sprint of one operand): how Go prints any value. */
export function formatValue(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
      return '<nil>';
    case 'bool':
      return (v as boolean) ? 'true' : 'false';
    case 'int':
      return (v as bigint).toString();
    case 'float':
      return formatFloat(v as number);
    case 'string':
      return v as string;
    case 'slice':
      return '[' + (v as unknown[]).map(formatValue).join(' ') + ']';
    case 'bytes':
      return '[' + Array.from(v as Uint8Array).join(' ') + ']';
    case 'map': {
      const m = v as Record<string, unknown>;
      return (
        'map[' +
        sortedKeys(m)
          .map((k) => `${k}:${formatValue(m[k])}`)
          .join(' ') +
        ']'
      );
    }
    case 'func':
      return '0x0';
    default: {
      const o = v as { toGoString?: () => string; toString?: () => string };
      if (typeof o.toGoString === 'function') return o.toGoString();
      if (v instanceof Error) return v.message;
      return (
        '{' +
        Object.values(o as object)
          .map(formatValue)
          .join(' ') +
        '}'
      );
    }
  }
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i]);
  }
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function sprintln(args: unknown[]): string {
  return args.map(formatValue).join(' ') + '\n';
}
