// Go's fmt.Sprintf over the template value model: verbs %v %+v %#v %T %s %q %d %t %x %X %o %O %b
// %c %U %e %E %f %F %g %G, flags "+- #0", width, precision, '*', argument indexes [n], and fmt's
// error forms (%!d(string=x), %!v(MISSING), %!(EXTRA ...), %!(NOVERB)).
import { formatBinaryExp, formatExp, formatFixed, formatGeneral, formatHexFloat } from './float-format.js';
import { formatFloat, goQuote, kindOf, sortedKeys, typeName } from './value.js';

interface Spec {
  verb: string;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width: number; // -1: none
  prec: number; // -1: none
  plusV: boolean;
  sharpV: boolean;
}

export function sprintf(format: string, args: unknown[]): string {
  return stringsInPlace(format, args) ?? new Printer(format, args).run();
}

/**
 * The format when its only directives are %s and %v, one for each argument in turn and each a
 * string: fmt prints such a string as it is, so the result is the strings in their places
 * (`printf "%s-%s" .Release.Name $name`, most of a chart's printf calls). Undefined otherwise,
 * for the Printer.
 */
function stringsInPlace(format: string, args: unknown[]): string | undefined {
  let out = '';
  let from = 0;
  let n = 0;
  for (let pct = format.indexOf('%'); pct >= 0; pct = format.indexOf('%', from)) {
    const verb = format.charCodeAt(pct + 1);
    if (verb !== 115 && verb !== 118) return undefined; // s, v
    const a = args[n++];
    if (typeof a !== 'string') return undefined;
    out += format.slice(from, pct) + a;
    from = pct + 2;
  }
  return n === args.length ? out + format.slice(from) : undefined;
}

/** One Sprintf: the cursor in the format and the next argument (fmt's pp state). */
class Printer {
  private i = 0;
  private argNum = 0;
  private reordered = false;
  private out = '';

  constructor(
    private readonly format: string,
    private readonly args: unknown[],
  ) {}

  run(): string {
    const { format, args } = this;
    while (this.i < format.length) {
      const pct = format.indexOf('%', this.i);
      if (pct < 0) {
        this.out += format.slice(this.i);
        break;
      }
      this.out += format.slice(this.i, pct);
      this.i = pct + 1;
      if (!this.directive()) break;
    }
    if (!this.reordered && this.argNum < args.length) {
      this.out +=
        '%!(EXTRA ' +
        args
          .slice(this.argNum)
          .map((a) => (a == null ? '<nil>' : `${typeName(a)}=${formatArg(a, plainV())}`))
          .join(', ') +
        ')';
    }
    return this.out;
  }

  /** Formats one %-directive; false when the format ended without a verb. */
  private directive(): boolean {
    const { format, args } = this;
    const sp = this.flags();
    let goodIndex = this.argIndex();
    if (format[this.i] === '*') sp.width = this.starArg(sp, true);
    else sp.width = this.num();
    if (format[this.i] === '.') {
      this.i++;
      goodIndex = this.argIndex() && goodIndex;
      sp.prec = format[this.i] === '*' ? this.starArg(sp, false) : Math.max(this.num(), 0);
    }
    goodIndex = this.argIndex() && goodIndex;
    if (this.i >= format.length) {
      this.out += '%!(NOVERB)';
      return false;
    }
    const verb = String.fromCodePoint(format.codePointAt(this.i)!);
    this.i += verb.length;
    if (verb === '%') this.out += '%';
    else if (!goodIndex) this.out += `%!${verb}(BADINDEX)`;
    else if (this.argNum >= args.length) this.out += `%!${verb}(MISSING)`;
    else {
      sp.verb = verb;
      if (verb === 'v') {
        if (sp.sharp) ((sp.sharp = false), (sp.sharpV = true));
        if (sp.plus) ((sp.plus = false), (sp.plusV = true));
      }
      this.out += formatArg(args[this.argNum++], sp);
    }
    return true;
  }

  private flags(): Spec {
    const sp = plainV();
    for (; this.i < this.format.length; this.i++) {
      const c = this.format[this.i];
      if (c === '-') ((sp.minus = true), (sp.zero = false));
      else if (c === '+') sp.plus = true;
      else if (c === '#') sp.sharp = true;
      else if (c === '0') sp.zero = !sp.minus;
      else if (c === ' ') sp.space = true;
      else break;
    }
    return sp;
  }

  /** An explicit argument index [n]; false when it is out of range. */
  private argIndex(): boolean {
    if (this.format[this.i] !== '[') return true;
    const m = /^\[(\d+)\]/.exec(this.format.slice(this.i, this.i + 12));
    if (!m) return true;
    this.i += m[0].length;
    this.reordered = true;
    const k = Number(m[1]) - 1;
    if (k < 0 || k >= this.args.length) return false;
    this.argNum = k;
    return true;
  }

  private num(): number {
    let j = this.i;
    while (j < this.format.length && this.format.charCodeAt(j) >= 48 && this.format.charCodeAt(j) <= 57) j++;
    if (j === this.i) return -1;
    const v = Number(this.format.slice(this.i, j));
    this.i = j;
    return v;
  }

  /** A width or precision taken from the arguments by '*'. */
  private starArg(sp: Spec, width: boolean): number {
    this.i++;
    const v = this.args[this.argNum++];
    if (typeof v !== 'bigint' || (!width && v < 0n)) {
      this.out += width ? '%!(BADWIDTH)' : '%!(BADPREC)';
      return -1;
    }
    if (width && v < 0n) ((sp.minus = true), (sp.zero = false));
    return Number(v < 0n ? -v : v);
  }
}

function plainV(): Spec {
  return { verb: 'v', minus: false, plus: false, sharp: false, zero: false, space: false, width: -1, prec: -1, plusV: false, sharpV: false };
}

function badVerb(v: unknown, sp: Spec): string {
  if (v === null || v === undefined) return `%!${sp.verb}(<nil>)`;
  return `%!${sp.verb}(${typeName(v)}=${formatArg(v, plainV())})`;
}

/** Pads to the width in runes; zero padding goes after a sign. */
function pad(s: string, sp: Spec, zeroOk = true): string {
  if (sp.width < 0) return s;
  const len = [...s].length;
  if (len >= sp.width) return s;
  const fill = sp.width - len;
  if (sp.minus) return s + ' '.repeat(fill);
  if (sp.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

export function formatArg(v: unknown, sp: Spec): string {
  if (sp.verb === 'T') return pad(v == null ? '<nil>' : typeName(v), sp);
  switch (kindOf(v)) {
    case 'invalid':
      return sp.verb === 'v' ? pad('<nil>', sp) : badVerb(v, sp);
    case 'bool':
      return sp.verb === 'v' || sp.verb === 't' ? pad(String(v), sp) : badVerb(v, sp);
    case 'int':
      return fmtInt(v as bigint, sp);
    case 'float':
      return fmtFloatVerb(v as number, sp);
    case 'string':
      return fmtString(v as string, sp);
    case 'bytes':
      if ('sxXq'.includes(sp.verb)) return fmtString(new TextDecoder().decode(v as Uint8Array), sp);
      return fmtList(
        Array.from(v as Uint8Array, (b) => BigInt(b)),
        sp,
        '[]uint8',
      );
    case 'slice':
      return fmtList(v as unknown[], sp, '[]interface {}');
    case 'map':
      return fmtMap(v as Record<string, unknown>, sp);
    case 'func':
      return sp.verb === 'v' || sp.verb === 'p' ? pad('0x0', sp) : badVerb(v, sp);
    default:
      return fmtStruct(v as object, sp);
  }
}

/** Inside a container a nil element prints "<nil>" whatever the verb (%#v: with its type). */
function elem(v: unknown, sp: Spec): string {
  if (v === null || v === undefined) return sp.sharpV ? 'interface {}(nil)' : '<nil>';
  return formatArg(v, sp);
}

function fmtList(a: unknown[], sp: Spec, type: string): string {
  if (sp.sharpV) return `${type}{${a.map((e) => elem(e, sp)).join(', ')}}`;
  return '[' + a.map((e) => elem(e, sp)).join(' ') + ']';
}

function fmtMap(m: Record<string, unknown>, sp: Spec): string {
  const keys = sortedKeys(m);
  if (sp.sharpV) return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${elem(m[k], sp)}`).join(', ')}}`;
  return 'map[' + keys.map((k) => `${formatArg(k, sp)}:${elem(m[k], sp)}`).join(' ') + ']';
}

function fmtStruct(o: object, sp: Spec): string {
  const g = o as { toGoString?: () => string };
  if (typeof g.toGoString === 'function' && (sp.verb === 'v' || sp.verb === 's')) return fmtString(g.toGoString(), sp);
  // a named int with a String method (time.Month): its name for %v and %s, its number for the others
  const named = o as { goKind?: string; value?: unknown };
  if (named.goKind === 'int' && typeof named.value === 'number') return fmtInt(BigInt(named.value), sp);
  if (o instanceof Error && (sp.verb === 'v' || sp.verb === 's')) return fmtString(o.message, sp);
  const entries = Object.entries(o).filter(([, x]) => typeof x !== 'function');
  const body = entries.map(([k, x]) => (sp.plusV || sp.sharpV ? `${k}:` : '') + formatArg(x, sp)).join(sp.sharpV ? ', ' : ' ');
  return sp.sharpV ? `${typeName(o)}{${body}}` : `{${body}}`;
}

function fmtString(s: string, sp: Spec): string {
  switch (sp.verb) {
    case 'v':
      if (sp.sharpV) return pad(goQuote(s), sp);
      return pad(truncate(s, sp.prec), sp);
    case 's':
      return pad(truncate(s, sp.prec), sp);
    case 'q': {
      const t = truncate(s, sp.prec);
      if (sp.sharp && !t.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(t)) return pad('`' + t + '`', sp);
      return pad(sp.plus ? asciiQuote(t) : goQuote(t), sp);
    }
    case 'x':
    case 'X':
      return pad(hexBytes(new TextEncoder().encode(s), sp), sp);
    default:
      return badVerb(s, sp);
  }
}

function truncate(s: string, prec: number): string {
  if (prec < 0) return s;
  const chars = [...s];
  return chars.length > prec ? chars.slice(0, prec).join('') : s;
}

function asciiQuote(s: string): string {
  return goQuote(s).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

function hexBytes(bytes: Uint8Array, sp: Spec): string {
  const lim = sp.prec >= 0 ? Math.min(sp.prec, bytes.length) : bytes.length;
  const parts: string[] = [];
  for (let i = 0; i < lim; i++) {
    let h = bytes[i].toString(16).padStart(2, '0');
    if (sp.verb === 'X') h = h.toUpperCase();
    if (sp.sharp && (sp.space || i === 0)) h = (sp.verb === 'X' ? '0X' : '0x') + h;
    parts.push(h);
  }
  return parts.join(sp.space ? ' ' : '');
}

const INT_BASES: Record<string, number> = { d: 10, v: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };

function fmtInt(n: bigint, sp: Spec): string {
  const v = sp.verb;
  if (v === 'c') return pad(String.fromCodePoint(rune(n)), sp);
  if (v === 'q') return pad(quoteRune(rune(n)), sp);
  if (v === 'U') {
    const bits = BigInt.asUintN(64, n);
    const u = 'U+' + bits.toString(16).toUpperCase().padStart(4, '0');
    return pad(sp.sharp && rune(n) === Number(bits) ? `${u} '${String.fromCodePoint(rune(n))}'` : u, sp);
  }
  const base = INT_BASES[v];
  if (!base) return badVerb(n, sp);
  if (sp.sharpV) return pad(n.toString(), sp);
  let digits = (n < 0n ? -n : n).toString(base);
  if (v === 'X') digits = digits.toUpperCase();
  if (sp.prec >= 0) digits = sp.prec === 0 && n === 0n ? '' : digits.padStart(sp.prec, '0');
  if (sp.sharp || v === 'O') {
    if (v === 'x') digits = '0x' + digits;
    else if (v === 'X') digits = '0X' + digits;
    else if (v === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    else if (v === 'O') digits = '0o' + digits;
    else if (v === 'b') digits = '0b' + digits;
  }
  const sign = n < 0n ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  return pad(sign + digits, sp, sp.prec < 0);
}

/**
 * Go's rune of an integer for %c, %q and %U: fmt takes the bits as uint64, so -2 is past
 * utf8.MaxRune, and anything that is no code point (surrogates too) is U+FFFD. (found by
 * fuzz/template.ts: String.fromCodePoint(-2) threw a RangeError).
 */
function rune(n: bigint): number {
  const u = BigInt.asUintN(64, n);
  return u > 0x10ffffn || (u >= 0xd800n && u <= 0xdfffn) ? 0xfffd : Number(u);
}

function quoteRune(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  return "'" + goQuote(ch).slice(1, -1) + "'";
}

function fmtFloatVerb(f: number, sp: Spec): string {
  const v = sp.verb;
  let s: string;
  if (!Number.isFinite(f)) {
    s = Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
    if (f > 0 && !sp.plus) s = sp.space ? ' Inf' : '+Inf';
    if (Number.isNaN(f) && (sp.plus || sp.space)) s = (sp.plus ? '+' : ' ') + s;
    return pad(s, { ...sp, zero: false });
  }
  switch (v) {
    case 'v':
    case 'g':
    case 'G':
      s = sp.prec < 0 ? formatFloat(Math.abs(f)) : formatGeneral(Math.abs(f), sp.prec === 0 ? 1 : sp.prec);
      if (v === 'G') s = s.toUpperCase();
      break;
    case 'e':
    case 'E':
      s = formatExp(Math.abs(f), sp.prec < 0 ? 6 : sp.prec);
      if (v === 'E') s = s.toUpperCase();
      break;
    case 'f':
    case 'F':
      s = formatFixed(Math.abs(f), sp.prec < 0 ? 6 : sp.prec);
      break;
    case 'b':
      s = formatBinaryExp(Math.abs(f));
      break;
    case 'x':
    case 'X':
      s = formatHexFloat(Math.abs(f));
      if (v === 'X') s = s.toUpperCase();
      break;
    default:
      return badVerb(f, sp);
  }
  const neg = f < 0 || Object.is(f, -0);
  const sign = neg ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  return pad(sign + s, sp);
}
