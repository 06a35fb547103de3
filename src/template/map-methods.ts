// Go map types can carry methods (Helm's chartutil.Values: .Values.AsMap, .Values.Table "a").
// The value model keeps maps plain, so a map that stands for such a type is registered here with
// its methods; a field lookup finds a method before a key, as text/template does.
import type { GoFunc } from './exec.js';

const methodsOf = new WeakMap<object, Readonly<Record<string, GoFunc>>>();

/** Marks `map` as a value of a named map type with these methods; returns the map. */
export function withMapMethods<T extends object>(map: T, methods: Readonly<Record<string, GoFunc>>): T {
  methodsOf.set(map, methods);
  return map;
}

/** The method `name` of a map registered by withMapMethods, if any. */
export function mapMethod(map: object, name: string): GoFunc | undefined {
  // Go calls exported methods only: a name starting lower case (most keys read) is never one
  const c = name.charCodeAt(0);
  if (c >= 97 && c <= 122) return undefined;
  const m = methodsOf.get(map);
  return m && Object.prototype.hasOwnProperty.call(m, name) ? m[name] : undefined;
}
