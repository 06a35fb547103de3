// Helm reads each rendered document into its SimpleHead (apiVersion, kind, metadata's name and
// annotations) to sort it, through sigs.k8s.io/yaml: a scalar becomes the string a field wants,
// but a document that is not a mapping, or a list or mapping where one of those fields wants a
// string (or a string where metadata or annotations want a mapping), fails the whole render
// ("YAML parse error on T: error unmarshaling JSON: ... cannot unmarshal array into Go value of
// type util.SimpleHead"). Go's JSON decoder matches field names without regard to case.
import { isGoMap } from '../values/yaml.js';

/** What Go's JSON decoder calls a value of this shape. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isGoMap(v)) return 'object';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

const isScalar = (v: unknown): boolean => v === null || v === undefined || !(Array.isArray(v) || isGoMap(v));

/** The values of `o` whose key is `name` in any case (Go's JSON field matching). */
function fieldValues(o: Record<string, unknown>, name: string): unknown[] {
  return Object.keys(o)
    .filter((k) => k.toLowerCase() === name)
    .map((k) => o[k]);
}

/**
 * Why Helm cannot read this parsed document's head, in its words after "YAML parse error on
 * TEMPLATE: "; undefined when it can (a mapping with fields of usable shapes, or an empty document).
 */
export function manifestHeadProblem(doc: unknown): string | undefined {
  if (doc === null || doc === undefined) return undefined;
  const cannot = (v: unknown, into: string) => `cannot unmarshal ${jsonKind(v)} into ${into}`;
  if (!isGoMap(doc)) return cannot(doc, 'Go value of type SimpleHead (a document must be a mapping)');
  for (const field of ['apiversion', 'kind'])
    for (const v of fieldValues(doc, field))
      if (!isScalar(v)) return cannot(v, `Go struct field SimpleHead.${field === 'kind' ? 'kind' : 'apiVersion'} of type string`);
  for (const meta of fieldValues(doc, 'metadata')) {
    if (meta === null || meta === undefined) continue;
    if (!isGoMap(meta)) return cannot(meta, 'Go struct field SimpleHead.metadata of type struct (a mapping)');
    for (const v of fieldValues(meta, 'name')) if (!isScalar(v)) return cannot(v, 'Go struct field .metadata.name of type string');
    for (const a of fieldValues(meta, 'annotations')) {
      if (a === null || a === undefined) continue;
      if (!isGoMap(a)) return cannot(a, 'Go struct field .metadata.annotations of type map[string]string');
      for (const v of Object.values(a)) if (!isScalar(v)) return cannot(v, 'Go struct field .metadata.annotations of type string');
    }
  }
  return undefined;
}
