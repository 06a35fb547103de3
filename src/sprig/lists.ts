// Sprig's list family (list.go, plus until/untilStep/seq from numeric.go). Each function has a
// must* twin returning the error; the plain one panics, which text/template reports the same way.
import { chargeString } from '../template/budget.js';
import { isNil, kindOf, nilSlice } from '../template/value.js';
import { argInt, asList, empty, toInt64, type GoFunc } from './cast.js';
import { deepEqual } from './types.js';

/** reflect.TypeOf(x).Kind() as Sprig's messages print it. */
export function reflectKind(v: unknown): string {
  const k = kindOf(v);
  const names: Record<string, string> = { int: 'int64', float: 'float64', bytes: 'slice', func: 'func', struct: 'ptr' };
  return names[k] ?? k;
}

function listOr(v: unknown, what: string): unknown[] {
  if (isNil(v)) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  const l = asList(v);
  if (!l) throw new Error(`Cannot ${what} type ${reflectKind(v)}`);
  return l;
}

const inList = (hay: unknown[], needle: unknown): boolean => hay.some((h) => deepEqual(needle, h));

function chunk(size: bigint, v: unknown): unknown[][] {
  const l = listOr(v, 'chunk');
  const n = Number(size);
  const out: unknown[][] = [];
  if (n <= 0) throw new Error('runtime error: makeslice: len out of range');
  for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
  return out;
}

function slice(v: unknown, ...idx: unknown[]): unknown {
  const l = asList(v);
  if (!l) throw new Error(`list should be type of slice or array but ${reflectKind(v)}`);
  if (l.length === 0) return null;
  const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0;
  const end = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
  if (start < 0 || end > l.length || start > end) {
    throw new Error(`runtime error: slice bounds out of range [${start}:${end}] with capacity ${l.length}`);
  }
  return l.slice(start, end);
}

/**
 * The longest list until/untilStep/seq build. Go would try to allocate `until 200000000` (1.6 GB)
 * and a chart would stall the machine; JavaScript dies with "invalid size" and no message at all.
 * No chart needs a list anywhere near this long.
 */
export const MAX_RANGE = 10_000_000;

/** Sprig's untilStep: the half-open range from start towards stop by step; wrong-way steps give []. */
export function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step !== 0n) {
    const n = (stop - start) / step;
    if (n > BigInt(MAX_RANGE)) throw new Error(`a range of ${n} numbers is over the limit of ${MAX_RANGE} (helm-airgap refuses what would exhaust memory)`);
    // a number of the list holds about 32 bytes: counted as one value of the render budget
    if (n > 0n) chargeString(Number(n) * 32);
  }
  if (stop < start) {
    if (step >= 0n) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0n) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

/** Sprig's seq: like GNU seq, numbers joined by spaces. */
function seq(...params: unknown[]): string {
  const p = params.map(argInt);
  const join = (l: bigint[]): string => l.join(' ');
  if (p.length === 1) {
    const inc = p[0]! < 1n ? -1n : 1n;
    return join(untilStep(1n, p[0]! + inc, inc));
  }
  if (p.length === 2) {
    const step = p[1]! < p[0]! ? -1n : 1n;
    return join(untilStep(p[0]!, p[1]! + step, step));
  }
  if (p.length === 3) {
    const [start, step, end] = p as [bigint, bigint, bigint];
    let inc = 1n;
    if (end < start) {
      inc = -1n;
      if (step > 0n) return '';
    }
    return join(untilStep(start, end + inc, step));
  }
  return '';
}

/** Registers `name` (panicking) and `mustName` (error) from one implementation. */
function both(out: Record<string, GoFunc>, name: string, fn: GoFunc): void {
  out[name] = fn;
  out['must' + name[0]!.toUpperCase() + name.slice(1)] = fn;
}

export function listFuncs(): Record<string, GoFunc> {
  const out: Record<string, GoFunc> = {
    list: (...v) => v,
    tuple: (...v) => v,
    concat: (...lists) => {
      const res: unknown[] = [];
      for (const l of lists) {
        if (isNil(l)) throw new Error('runtime error: invalid memory address or nil pointer dereference');
        const a = asList(l);
        if (!a) throw new Error(`Cannot concat type ${reflectKind(l)} as list`);
        res.push(...a);
      }
      return res.length === 0 ? nilSlice() : res;
    },
    until: (count) => {
      const c = argInt(count);
      return untilStep(0n, c, c < 0n ? -1n : 1n);
    },
    untilStep: (a, b, c) => untilStep(argInt(a), argInt(b), argInt(c)),
    seq,
  };
  const table: Record<string, GoFunc> = {
    push: (l, v) => [...listOr(l, 'push on'), v],
    append: (l, v) => [...listOr(l, 'push on'), v],
    prepend: (l, v) => [v, ...listOr(l, 'prepend on')],
    chunk: (size, l) => chunk(argInt(size), l),
    last: (l) => {
      const a = listOr(l, 'find last on');
      return a.length ? a[a.length - 1] : null;
    },
    first: (l) => {
      const a = listOr(l, 'find first on');
      return a.length ? a[0] : null;
    },
    rest: (l) => listOr(l, 'find rest on').slice(1),
    initial: (l) => listOr(l, 'find initial on').slice(0, -1),
    reverse: (l) => [...listOr(l, 'find reverse on')].reverse(),
    compact: (l) => listOr(l, 'compact on').filter((x) => !empty(x)),
    uniq: (l) => listOr(l, 'find uniq on').reduce<unknown[]>((d, x) => (inList(d, x) ? d : [...d, x]), []),
    without: (l, ...omit) => listOr(l, 'find without on').filter((x) => !inList(omit, x)),
    has: (needle, hay) => (isNil(hay) ? false : inList(listOr(hay, 'find has on'), needle)),
    slice,
  };
  for (const [k, f] of Object.entries(table)) both(out, k, f);
  return out;
}
