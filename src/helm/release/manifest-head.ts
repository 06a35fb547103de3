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

/**
 * The values of `o` whose key is one of `names` in any case (Go's JSON field matching), by name,
 * in key order: one pass over the keys for every field asked (every rendered document is read).
 */
function fieldValues(o: Record<string, unknown>, names: readonly string[]): unknown[][] {
  const found: unknown[][] = names.map(() => []);
  const keys = Object.keys(o);
  for (let j = 0; j < keys.length; j++) {
    const i = names.indexOf(keys[j]!.toLowerCase());
    if (i >= 0) found[i]!.push(o[keys[j]!]);
  }
  return found;
}

const HEAD = ['apiversion', 'kind', 'metadata'] as const;
const META = ['name', 'annotations'] as const;

/**
 * Why Helm cannot read this parsed document's head, in its words after "YAML parse error on
 * TEMPLATE: "; undefined when it can (a mapping with fields of usable shapes, or an empty document).
 */
export function manifestHeadProblem(doc: unknown): string | undefined {
  if (doc === null || doc === undefined) return undefined;
  const cannot = (v: unknown, into: string) => `cannot unmarshal ${jsonKind(v)} into ${into}`;
  if (!isGoMap(doc)) return cannot(doc, 'Go value of type SimpleHead (a document must be a mapping)');
  const [apiVersions, kinds, metas] = fieldValues(doc, HEAD) as [unknown[], unknown[], unknown[]];
  for (let i = 0; i < apiVersions.length; i++)
    if (!isScalar(apiVersions[i])) return cannot(apiVersions[i], 'Go struct field SimpleHead.apiVersion of type string');
  for (let i = 0; i < kinds.length; i++) if (!isScalar(kinds[i])) return cannot(kinds[i], 'Go struct field SimpleHead.kind of type string');
  for (let m = 0; m < metas.length; m++) {
    const meta = metas[m];
    if (meta === null || meta === undefined) continue;
    if (!isGoMap(meta)) return cannot(meta, 'Go struct field SimpleHead.metadata of type struct (a mapping)');
    const [names, annotations] = fieldValues(meta, META) as [unknown[], unknown[]];
    for (let i = 0; i < names.length; i++) if (!isScalar(names[i])) return cannot(names[i], 'Go struct field .metadata.name of type string');
    for (let i = 0; i < annotations.length; i++) {
      const a = annotations[i];
      if (a === null || a === undefined) continue;
      if (!isGoMap(a)) return cannot(a, 'Go struct field .metadata.annotations of type map[string]string');
      const values = Object.values(a);
      for (let j = 0; j < values.length; j++) if (!isScalar(values[j])) return cannot(values[j], 'Go struct field .metadata.annotations of type string');
    }
  }
  return undefined;
}
