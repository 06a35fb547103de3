// strconv's fixed-precision float formatting ('e', 'f', 'g' with a precision), which rounds the
// exact binary value half-to-even. JavaScript's toFixed/toExponential round exact ties up
// (2.5 -> "3"), so we round on the exact decimal expansion of the double instead.

interface Decimal {
  /** Significant digits, no leading zeros ('' for zero). */
  digits: string;
  /** Value = 0.digits x 10^point. */
  point: number;
}

/** Exact decimal expansion of a finite non-negative double. */
function exactDecimal(f: number): Decimal {
  if (f === 0) return { digits: '', point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = bexp - 1075;
  if (bexp === 0) exp = -1074;
  else mant |= 1n << 52n;
  if (exp >= 0) {
    const digits = (mant << BigInt(exp)).toString();
    return { digits, point: digits.length };
  }
  const digits = (mant * 5n ** BigInt(-exp)).toString();
  return { digits, point: digits.length + exp };
}

/** Keeps the first `keep` digits, rounding half to even. */
function roundAt(d: Decimal, keep: number): Decimal {
  const { digits, point } = d;
  if (keep >= digits.length) return d;
  if (keep < 0) return { digits: '', point };
  const next = digits[keep];
  const restNonZero = /[1-9]/.test(digits.slice(keep + 1));
  const prevOdd = keep > 0 && Number(digits[keep - 1]) % 2 === 1;
  const up = next > '5' || (next === '5' && (restNonZero || prevOdd));
  let kept = digits.slice(0, keep);
  if (!up) return { digits: kept.replace(/0+$/, ''), point };
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === '9') i--;
  if (i < 0) return { digits: '1', point: point + 1 };
  kept = kept.slice(0, i) + String(Number(kept[i]) + 1);
  return { digits: kept, point };
}

function fixedDigits(d: Decimal, prec: number): string {
  const intPart = d.point > 0 ? d.digits.slice(0, d.point).padEnd(d.point, '0') : '0';
  const frac = (d.point >= 0 ? d.digits.slice(d.point) : '0'.repeat(-d.point) + d.digits).padEnd(prec, '0').slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

function expDigits(digits: string, prec: number, exp: number): string {
  const m = digits.padEnd(prec + 1, '0');
  const mant = prec > 0 ? `${m[0]}.${m.slice(1, prec + 1)}` : m[0];
  const e = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
}

/** %.{prec}f of a non-negative finite number. */
export function formatFixed(f: number, prec: number): string {
  const d = exactDecimal(f);
  return fixedDigits(roundAt(d, d.point + prec), prec);
}

/** %.{prec}e of a non-negative finite number. */
export function formatExp(f: number, prec: number): string {
  if (f === 0) return expDigits('0', prec, 0);
  const r = roundAt(exactDecimal(f), prec + 1);
  return expDigits(r.digits, prec, r.point - 1);
}

/** %.{prec}g of a non-negative finite number: prec significant digits, trailing zeros dropped. */
export function formatGeneral(f: number, prec: number): string {
  if (f === 0) return '0';
  const r = roundAt(exactDecimal(f), prec);
  const digits = r.digits.replace(/0+$/, '');
  const nd = digits.length;
  let eprec = prec;
  if (eprec > nd && nd >= r.point) eprec = nd;
  const exp = r.point - 1;
  if (exp < -4 || exp >= eprec) return expDigits(digits, Math.min(prec, nd) - 1, exp);
  return fixedDigits({ digits, point: r.point }, Math.max((prec > r.point ? nd : prec) - r.point, 0));
}

/** The double as mant x 2^exp with a 53-bit integer mantissa (denormals: fewer bits). */
function binaryParts(f: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bexp = (view.getUint32(0) >>> 20) & 0x7ff;
  let mant = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (bexp === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: bexp - 1075 };
}

/** %b of a non-negative finite number: decimal mantissa, binary exponent ("6755399441055744p-52"). */
export function formatBinaryExp(f: number): string {
  const { mant, exp } = binaryParts(f);
  return `${mant}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** %x of a non-negative finite number with the shortest mantissa ("0x1.8p+00"). */
export function formatHexFloat(f: number): string {
  if (f === 0) return '0x0p+00';
  let { mant, exp } = binaryParts(f);
  while (mant < 1n << 52n) {
    mant <<= 1n;
    exp--;
  }
  const e = exp + 52;
  const frac = (mant - (1n << 52n)).toString(16).padStart(13, '0').replace(/0+$/, '');
  const abs = Math.abs(e);
  return `0x1${frac ? '.' + frac : ''}p${e < 0 ? '-' : '+'}${abs < 10 ? '0' + abs : abs}`;
}
