// Go's fmt.Sprintf over the template value model: verbs %v %+v %#v %T %s %q %d %t %x %X %o %O %b
// %c %U %e %E %f %F %g %G, flags "+- #0", width, precision, '*', argument indexes [n], and fmt's
// error forms (%!d(string=x), %!v(MISSING), %!(EXTRA ...), %!(NOVERB)).
import { formatExp, formatFixed, formatGeneral } from './float-format.js';
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
  let out = '';
  let argNum = 0;
  let reordered = false;
  const n = format.length;
  for (let i = 0; i < n; ) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const sp: Spec = { verb: '', minus: false, plus: false, sharp: false, zero: false, space: false, width: -1, prec: -1, plusV: false, sharpV: false };
    for (; i < n; i++) {
      const c = format[i];
      if (c === '-') (sp.minus = true), (sp.zero = false);
      else if (c === '+') sp.plus = true;
      else if (c === '#') sp.sharp = true;
      else if (c === '0') sp.zero = !sp.minus;
      else if (c === ' ') sp.space = true;
      else break;
    }
    const argIndex = (): boolean => {
      const m = /^\[(\d+)\]/.exec(format.slice(i, i + 12));
      if (!m) return true;
      i += m[0].length;
      reordered = true;
      const k = Number(m[1]) - 1;
      if (k < 0 || k >= args.length + 0) return false;
      argNum = k;
      return true;
    };
    let goodIndex = argIndex();
    const num = (): number => {
      const m = /^\d+/.exec(format.slice(i, i + 10));
      if (!m) return -1;
      i += m[0].length;
      return Number(m[0]);
    };
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'bigint') {
        sp.width = Number(w < 0n ? -w : w);
        if (w < 0n) (sp.minus = true), (sp.zero = false);
      } else out += '%!(BADWIDTH)';
    } else sp.width = num();
    if (format[i] === '.') {
      i++;
      goodIndex = goodIndex && argIndex();
      if (format[i] === '*') {
        i++;
        const p = args[argNum++];
        if (typeof p === 'bigint' && p >= 0n) sp.prec = Number(p);
        else out += '%!(BADPREC)';
      } else sp.prec = Math.max(num(), 0);
    }
    goodIndex = goodIndex && argIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    sp.verb = verb;
    if (verb === 'v') {
      if (sp.sharp) (sp.sharp = false), (sp.sharpV = true);
      if (sp.plus) (sp.plus = false), (sp.plusV = true);
    }
    out += formatArg(args[argNum++], sp);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a == null ? '<nil>' : `${typeName(a)}=${formatArg(a, plainV())}`)).join(', ') + ')';
  }
  return out;
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
      return fmtList(Array.from(v as Uint8Array, (b) => BigInt(b)), sp, '[]uint8');
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

/** Inside a container, %#v shows a nil element with its static type. */
function sharpElem(v: unknown, sp: Spec): string {
  return v === null || v === undefined ? 'interface {}(nil)' : formatArg(v, sp);
}

function fmtList(a: unknown[], sp: Spec, type: string): string {
  if (sp.sharpV) return `${type}{${a.map((e) => sharpElem(e, sp)).join(', ')}}`;
  return '[' + a.map((e) => formatArg(e, sp)).join(' ') + ']';
}

function fmtMap(m: Record<string, unknown>, sp: Spec): string {
  const keys = sortedKeys(m);
  if (sp.sharpV) return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${sharpElem(m[k], sp)}`).join(', ')}}`;
  return 'map[' + keys.map((k) => `${formatArg(k, sp)}:${formatArg(m[k], sp)}`).join(' ') + ']';
}

function fmtStruct(o: object, sp: Spec): string {
  const g = o as { toGoString?: () => string };
  if (typeof g.toGoString === 'function' && (sp.verb === 'v' || sp.verb === 's')) return fmtString(g.toGoString(), sp);
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
  if (v === 'c') return pad(String.fromCodePoint(Number(n)), sp);
  if (v === 'q') return pad(quoteRune(Number(n)), sp);
  if (v === 'U') {
    const u = 'U+' + n.toString(16).toUpperCase().padStart(4, '0');
    return pad(sp.sharp ? `${u} '${String.fromCodePoint(Number(n))}'` : u, sp);
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
    default:
      return badVerb(f, sp);
  }
  const neg = f < 0 || Object.is(f, -0);
  const sign = neg ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  return pad(sign + s, sp);
}
