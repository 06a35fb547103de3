// Sprig's reflection family (reflect.go) and reflect.DeepEqual for the template value model.
import { formatValue, isMap, isNil, kindOf, typeName } from '../template/value.js';
import { argString, type GoFunc } from './cast.js';

/** Objects that stand for a Go type (time.Time, *semver.Version) name it through this field. */
export interface GoTyped {
  readonly goType: string;
  readonly goKind: string;
}

/**
 * A list whose Go type is []string (toStrings, splitList, sortAlpha return one), so typeOf says
 * so; the slice stays a plain array for everything else (the marks are not enumerable).
 */
export function stringSlice(list: string[]): string[] {
  Object.defineProperty(list, 'goType', { value: '[]string', enumerable: false });
  Object.defineProperty(list, 'goKind', { value: 'slice', enumerable: false });
  return list;
}

function isGoTyped(v: unknown): v is GoTyped {
  return typeof v === 'object' && v !== null && typeof (v as Partial<GoTyped>).goType === 'string';
}

/** fmt's %T. A bigint is Go's int (template literals, len, atoi) or int64 (add, --set values). */
export function goTypeOf(v: unknown): string {
  return isGoTyped(v) ? v.goType : typeName(v);
}

/** reflect.Value.Kind().String(). */
export function goKindOf(v: unknown): string {
  if (isGoTyped(v)) return v.goKind;
  const k = kindOf(v);
  const names: Record<string, string> = { float: 'float64', bytes: 'slice', struct: 'ptr' };
  return names[k] ?? k;
}

// int and int64 are one JavaScript type, so a test for either matches a bigint.
const intAlias = (target: string, actual: string): boolean => target === actual || (actual === 'int' && target === 'int64');

/** reflect.DeepEqual: same kind and same contents; int64 never equals float64. */
export function deepEqual(a: unknown, b: unknown): boolean {
  // reflect.DeepEqual: the same map or slice is equal to itself, whatever it holds (NaN too)
  if (a === b && typeof a === 'object' && a !== null) return true;
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  if (typeof a === 'object') {
    // Structs (time.Time, *semver.Version, certificates) compare by their fields as Go prints them.
    return a === b || (Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && formatValue(a) === formatValue(b));
  }
  return a === b;
}

export function typeFuncs(): Record<string, GoFunc> {
  return {
    typeOf: (v) => goTypeOf(v),
    typeIs: (t, v) => intAlias(argString(t), goTypeOf(v)),
    typeIsLike: (t, v) => {
      const target = argString(t);
      const actual = goTypeOf(v);
      return intAlias(target, actual) || '*' + target === actual;
    },
    kindOf: (v) => goKindOf(v),
    kindIs: (t, v) => intAlias(argString(t), goKindOf(v)),
    deepEqual: (a, b) => deepEqual(a, b),
  };
}
