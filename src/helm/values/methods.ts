// chartutil.Values' methods, callable on .Values in templates: AsMap (the documented way to pass
// .Values to Sprig's dig, which rejects the named type), Table, PathValue and YAML.
import { goQuote, withMapMethods } from '../../template/index.js';
import { marshalYamlV2 } from '../../sprig/yaml-emit.js';
import type { Values } from '../engine/render-types.js';
import { isGoMap } from './yaml.js';

const noTable = (key: string): Error => new Error(`${goQuote(key)} is not a table`);
const noValue = (key: string): Error => new Error(`${goQuote(key)} is not a value`);

/** chartutil.Values.Table: walks dot-separated keys; each must hold a map. */
function table(v: Values, name: string): Values {
  let t = v;
  for (const key of name.split('.')) {
    if (!Object.prototype.hasOwnProperty.call(t, key)) throw noTable(key);
    const next = t[key];
    if (!isGoMap(next)) throw noTable(key);
    t = next;
  }
  return asHelmValues(t);
}

/** chartutil.Values.PathValue: a non-map value at a dot-separated path. */
function pathValue(v: Values, path: string): unknown {
  if (path === '') throw new Error('YAML path cannot be empty');
  const keys = path.split('.');
  const key = keys.pop()!;
  let t: Values;
  try {
    t = keys.length === 0 ? v : table(v, keys.join('.'));
  } catch {
    throw noValue(key);
  }
  if (Object.prototype.hasOwnProperty.call(t, key) && !isGoMap(t[key])) return t[key];
  throw noValue(key);
}

/** Gives a values map chartutil.Values' methods (the map itself stays a plain map). */
export function asHelmValues(v: Values): Values {
  return withMapMethods(v, {
    AsMap: () => v,
    Table: (name: string) => table(v, String(name)),
    PathValue: (path: string) => pathValue(v, String(path)),
    YAML: () => marshalYamlV2(v),
  });
}
