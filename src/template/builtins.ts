// text/template's predefined functions (funcs.go). Each takes the evaluated arguments as an array;
// `min`/`max` are the Go signature's arity, checked by the engine with Go's messages.
import { eq, ge, gt, le, lt, ne } from './compare.js';
import { TemplateArgError } from './errors.js';
import { htmlEscape, jsEscape, queryEscape } from './escape.js';
import { sprintf } from './printf.js';
import { isMap, isNil, isTrue, mapElemZero, sprint, sprintln, typeName } from './value.js';

export interface Builtin {
  fn: (args: unknown[]) => unknown;
  min: number;
  /** undefined: variadic */
  max?: number;
  /** The first parameter is a Go string (literals of other kinds are rejected at parse of the call). */
  stringFirst?: boolean;
}

/** fmt.Sprint of the arguments, with an invalid value printed as "<no value>" (funcs.go evalArgs). */
export function evalArgsString(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

function indexArg(index: unknown, cap: number): number {
  if (typeof index === 'bigint') {
    if (index < 0n || index > BigInt(cap)) throw new Error(`index out of range: ${index}`);
    return Number(index);
  }
  if (isNil(index)) throw new Error('cannot index slice/array with nil');
  throw new Error(`cannot index slice/array with type ${typeName(index)}`);
}

function index(args: unknown[]): unknown {
  let item = args[0];
  if (isNil(item)) throw new Error('index of untyped nil');
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    if (item === null || item === undefined) throw new Error('index of nil pointer');
    if (Array.isArray(item) || typeof item === 'string' || item instanceof Uint8Array) {
      const x = indexArg(key, item.length);
      if (x === item.length) throw new Error(`reflect: ${typeof item === 'string' ? 'string' : 'slice'} index out of range`);
      item = typeof item === 'string' ? BigInt(byteAt(item, x)) : item instanceof Uint8Array ? BigInt(item[x]) : item[x];
    } else if (isMap(item)) {
      if (typeof key !== 'string') {
        if (isNil(key)) throw new Error('value is nil; should be of type string');
        throw new Error(`value has type ${typeName(key)}; should be string`);
      }
      item = Object.prototype.hasOwnProperty.call(item, key) ? item[key] : mapElemZero(item);
    } else throw new Error(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

const utf8 = new TextEncoder();
function byteAt(s: string, i: number): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.charCodeAt(i) : utf8.encode(s)[i];
}

function slice(args: unknown[]): unknown {
  const item = args[0];
  const idx = args.slice(1);
  if (isNil(item)) throw new Error('slice of untyped nil');
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (idx.length === 3) throw new Error('cannot 3-index slice a string');
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(item)) return new TextDecoder().decode(slice([utf8.encode(item), ...idx]) as Uint8Array);
    len = item.length;
  } else if (Array.isArray(item) || item instanceof Uint8Array) len = item.length;
  else throw new Error(`can't slice item of type ${typeName(item)}`);
  const ix = [0, len, len];
  idx.forEach((x, i) => (ix[i] = indexArg(x, len)));
  if (ix[0] > ix[1]) throw new Error(`invalid slice index: ${ix[0]} > ${ix[1]}`);
  if (idx.length === 3 && ix[1] > ix[2]) throw new Error(`invalid slice index: ${ix[1]} > ${ix[2]}`);
  return item.slice(ix[0], ix[1]);
}

function length(args: unknown[]): bigint {
  const item = args[0];
  if (typeof item === 'string') return BigInt(utf8.encode(item).length);
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  throw new Error(`len of type ${typeName(item)}`);
}

function call(args: unknown[]): unknown {
  const fn = args[0];
  if (isNil(fn)) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function of type ${typeName(fn)}`);
  return (fn as (...a: unknown[]) => unknown)(...args.slice(1));
}

function printf(args: unknown[]): string {
  const format = args[0];
  if (typeof format !== 'string') {
    const msg =
      format === undefined
        ? 'invalid value; expected string'
        : `wrong type for value; expected string; got ${format === null ? 'interface {}' : typeName(format)}`;
    throw Object.assign(new TemplateArgError(msg), { argIndex: 0 });
  }
  return sprintf(format, args.slice(1));
}

export const BUILTINS: Record<string, Builtin> = {
  and: { fn: (a) => a[a.length - 1], min: 1 },
  or: { fn: (a) => a[a.length - 1], min: 1 },
  not: { fn: (a) => !isTrue(a[0]), min: 1, max: 1 },
  call: { fn: call, min: 1 },
  html: { fn: (a) => htmlEscape(evalArgsString(a)), min: 0 },
  js: { fn: (a) => jsEscape(evalArgsString(a)), min: 0 },
  urlquery: { fn: (a) => queryEscape(evalArgsString(a)), min: 0 },
  index: { fn: index, min: 1 },
  slice: { fn: slice, min: 1 },
  len: { fn: length, min: 1, max: 1 },
  print: { fn: (a) => sprint(a), min: 0 },
  printf: { fn: printf, min: 1, stringFirst: true },
  println: { fn: (a) => sprintln(a), min: 0 },
  eq: { fn: (a) => eq(a[0], a.slice(1)), min: 1 },
  ne: { fn: (a) => ne(a[0], a[1]), min: 2, max: 2 },
  lt: { fn: (a) => lt(a[0], a[1]), min: 2, max: 2 },
  le: { fn: (a) => le(a[0], a[1]), min: 2, max: 2 },
  gt: { fn: (a) => gt(a[0], a[1]), min: 2, max: 2 },
  ge: { fn: (a) => ge(a[0], a[1]), min: 2, max: 2 },
};
