// Go literal syntax inside actions: strconv.Unquote for "..." and '.', and the ideal-constant
// rule of text/template (a literal with '.', 'e' or 'p' is float64, any other number is int).

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Decodes Go escapes in the body of a quoted literal; `quote` is the delimiter allowed escaped. */
function unescape(body: string, quote: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      if (c === quote) throw new Error('invalid syntax');
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error('invalid syntax');
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error('invalid syntax');
      const cp = parseInt(hex, 16);
      // \x is a byte; bytes >= 0x80 are not valid UTF-8 alone, shown as U+FFFD in a JS string.
      out += e === 'x' && cp >= 0x80 ? '\ufffd' : String.fromCodePoint(cp);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid syntax');
      const b = parseInt(oct, 8);
      if (b > 255) throw new Error('invalid syntax');
      out += b >= 0x80 ? '\ufffd' : String.fromCharCode(b);
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

export function unquoteString(lit: string): string {
  const body = lit.slice(1, -1);
  // most literals have no escape: taken whole, not rebuilt a character at a time
  if (body.indexOf('\\') < 0 && body.indexOf('"') < 0) return body;
  return unescape(body, '"');
}

/** A character constant's code point: 'a' -> 97. */
export function unquoteChar(lit: string): number {
  const s = unescape(lit.slice(1, -1), "'");
  const cps = Array.from(s);
  if (cps.length !== 1) throw new Error(`malformed character constant: ${lit}`);
  return cps[0].codePointAt(0)!;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** The value of a number literal as text/template's idealConstant sees it. */
export function numberValue(text: string): bigint | number {
  // the common literal (0, 1, 80, 8080): decimal digits, no sign, no leading zero (octal)
  if (text.length < 16 && (text.length === 1 || text.charCodeAt(0) !== 48) && isDecimalDigits(text)) return BigInt(text);
  if (text.endsWith('i')) throw new Error(`complex number constants are not supported: ${text}`);
  const neg = text.startsWith('-');
  const body = text.replace(/^[+-]/, '').replace(/_/g, '');
  const isHex = /^0[xX]/.test(body);
  const isFloat = isHex ? /[.pP]/.test(body) : /[.eE]/.test(body);
  if (!isFloat) {
    const digits = /^0[0-7]+$/.test(body) ? '0o' + body.slice(1) : body;
    let v: bigint;
    try {
      v = BigInt(digits);
    } catch {
      throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
    }
    if (neg) v = -v;
    if (v > INT64_MAX || v < INT64_MIN) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    return v;
  }
  const f = isHex ? parseHexFloat(body) : Number(body);
  if (Number.isNaN(f)) throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
  return neg ? -f : f;
}

function isDecimalDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    if (k < 48 || k > 57) return false;
  }
  return text.length > 0;
}

function parseHexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(body);
  if (!m) return NaN;
  const mant = parseInt(m[1] + m[2] || '0', 16);
  return mant * Math.pow(2, Number(m[3] ?? 0) - 4 * m[2].length);
}
