// Sprig's math family (numeric.go and functions.go): integer math in wrapping int64 (bigint),
// float math through shopspring/decimal (so addf 0.1 0.2 is 0.3), cast rules for arguments.
import { argInt, argString, parseGoInt, toFloat64, toInt64, wrapInt64, type GoFunc } from './cast.js';
import { formatValue } from '../template/value.js';

/** A decimal coef * 10^exp, the part of shopspring/decimal that Sprig's float math uses. */
interface Dec {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips the float. */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${formatValue(f)}`);
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const [intPart, frac = ''] = mant.split('.') as [string, string?];
  return { coef: BigInt(intPart + frac), exp: Number(e) - frac.length };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

const decOps: Record<'add' | 'sub' | 'mul' | 'div', (a: Dec, b: Dec) => Dec> = {
  add: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x + y, exp };
  },
  sub: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x - y, exp };
  },
  mul: (a, b) => ({ coef: a.coef * b.coef, exp: a.exp + b.exp }),
  // decimal.Div rounds the quotient to DivisionPrecision (16) places, half away from zero.
  div: (a, b) => {
    if (b.coef === 0n) throw new Error('decimal division by 0');
    const k = a.exp - b.exp + 16;
    let num = a.coef * (k > 0 ? pow10(k) : 1n);
    let den = b.coef * (k < 0 ? pow10(-k) : 1n);
    if (den < 0n) ((num = -num), (den = -den));
    let q = num / den;
    const r = num % den;
    if (2n * (r < 0n ? -r : r) >= den) q += num < 0n ? -1n : 1n;
    return { coef: q, exp: -16 };
  },
};

const decToFloat = (d: Dec): number => Number(`${d.coef}e${d.exp}`);

function floatOp(op: keyof typeof decOps): GoFunc {
  return (a, ...rest) => {
    let acc = decFromFloat(toFloat64(a));
    for (const x of rest) acc = decOps[op](acc, decFromFloat(toFloat64(x)));
    return decToFloat(acc);
  };
}

function intDiv(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  return wrapInt64(op === 'div' ? a / b : a % b);
}

/** Sprig's round: round half up (or at rOpt) at `places` decimals, via Go's float math. */
function round(a: unknown, p: unknown, ...rOpt: unknown[]): number {
  const roundOn = rOpt.length > 0 ? (rOpt[0] as number) : 0.5;
  const pow = Math.pow(10, Number(argInt(p)));
  const digit = pow * toFloat64(a);
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

export function mathFuncs(random: () => number): Record<string, GoFunc> {
  const i64 = toInt64;
  const fold =
    (f: (x: bigint, y: bigint) => bigint, start: bigint): GoFunc =>
    (...v) =>
      v.reduce<bigint>((acc, x) => wrapInt64(f(acc, i64(x))), start);
  const pick =
    (better: (x: bigint, y: bigint) => boolean): GoFunc =>
    (a, ...rest) =>
      rest.map(i64).reduce((acc, x) => (better(x, acc) ? x : acc), i64(a));
  return {
    add1: (i) => wrapInt64(i64(i) + 1n),
    add: fold((x, y) => x + y, 0n),
    sub: (a, b) => wrapInt64(i64(a) - i64(b)),
    div: (a, b) => intDiv(i64(a), i64(b), 'div'),
    mod: (a, b) => intDiv(i64(a), i64(b), 'mod'),
    mul: (a, ...v) => v.reduce<bigint>((acc, x) => wrapInt64(acc * i64(x)), i64(a)),
    randInt: (min, max) => {
      const lo = argInt(min);
      const span = argInt(max) - lo;
      if (span <= 0n) throw new Error('invalid argument to Intn');
      return lo + BigInt(Math.floor(random() * Number(span)));
    },
    add1f: (i) => decToFloat(decOps.add(decFromFloat(toFloat64(i)), decFromFloat(1))),
    addf: (...v) => (v.length === 0 ? 0 : floatOp('add')(...v)),
    subf: floatOp('sub'),
    divf: floatOp('div'),
    mulf: floatOp('mul'),
    biggest: pick((x, y) => x > y),
    max: pick((x, y) => x > y),
    min: pick((x, y) => x < y),
    maxf: (a, ...rest) => rest.map(toFloat64).reduce((acc, x) => Math.max(acc, x), toFloat64(a)),
    minf: (a, ...rest) => rest.map(toFloat64).reduce((acc, x) => Math.min(acc, x), toFloat64(a)),
    ceil: (a) => Math.ceil(toFloat64(a)),
    floor: (a) => Math.floor(toFloat64(a)),
    round,
    atoi: (s) => {
      const str = argString(s);
      return /^[+-]?\d+$/.test(str) ? (parseGoInt(str, 10) ?? 0n) : 0n;
    },
    int: (v) => i64(v),
    int64: (v) => i64(v),
    float64: (v) => toFloat64(v),
    toDecimal: (v) => parseGoInt(formatValue(v), 8) ?? 0n,
  };
}
