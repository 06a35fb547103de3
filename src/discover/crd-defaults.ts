// A CustomResourceDefinition's schema `default` for an image-named property, written by the API
// server into a resource of the render that leaves the field out: that resource pulls the default
// at install, so it is needed, at the resource's field. Kubernetes' structural defaulting
// (apiextensions-apiserver's schema/defaulting Default) is followed as it runs: at each object that
// is present, a property missing (or null where not nullable) takes its default, then the walk goes
// into every property present, defaulted ones included, into `additionalProperties` for keys the
// schema does not name, and into `items` for each element. So a default under an object the
// resource leaves out applies only when that object is present or itself has a default; the root
// (the resource) is always present. Pure.

import type { RenderedDoc } from '../helm/engine/render-types.js';
import { formatPath, type PathSegment } from './field-path.js';
import type { CrdDefault, ImageSite } from './image-site.js';
import { refStrength, toImageRef } from './image-ref.js';
import { isImageKey } from './site-rules.js';
import { isRecord } from '../util/is-record.js';

interface Schema {
  crd: string;
  template: string;
  /** The schema object (openAPIV3Schema) and its path in the CRD document. */
  root: Record<string, unknown>;
  at: PathSegment[];
}

/** Each CRD of the documents, by `GROUP/VERSION\0KIND` of every version with a schema. */
function schemasOf(docs: readonly RenderedDoc[]): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const d of docs) {
    const o = d.object;
    if (!isRecord(o) || o.kind !== 'CustomResourceDefinition' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('apiextensions.k8s.io/'))
      continue;
    const spec = isRecord(o.spec) ? o.spec : {};
    const kind = isRecord(spec.names) ? spec.names.kind : undefined;
    if (typeof spec.group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) continue;
    const name = isRecord(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : `${kind} (${spec.group})`;
    spec.versions.forEach((v: unknown, i) => {
      const schema = isRecord(v) && isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
      if (isRecord(v) && typeof v.name === 'string' && isRecord(schema))
        out.set(`${spec.group}/${v.name}\0${kind}`, {
          crd: name,
          template: d.template,
          root: schema,
          at: ['spec', 'versions', i, 'schema', 'openAPIV3Schema'],
        });
    });
  }
  return out;
}

/** A defaulted string the API server writes into a resource: where in the resource, and where in the schema. */
interface Defaulted {
  at: PathSegment[];
  value: string;
  schemaAt: PathSegment[];
}

/**
 * Every string leaf the API server's defaulting adds to `value` under `schema`. `fresh` marks a
 * value that is itself a default (its strings are added; a default's `{}` is walked on).
 */
function defaulted(
  value: unknown,
  schema: Record<string, unknown>,
  at: PathSegment[],
  schemaAt: PathSegment[],
  fresh: boolean,
  out: Defaulted[],
  depth = 0,
): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    if (fresh) out.push({ at, value, schemaAt });
    return;
  }
  if (Array.isArray(value)) {
    if (isRecord(schema.items))
      value.forEach((v, i) => defaulted(v, schema.items as Record<string, unknown>, [...at, i], [...schemaAt, 'items'], fresh, out, depth + 1));
    return;
  }
  if (!isRecord(value)) return;
  const props = isRecord(schema.properties) ? schema.properties : {};
  const added = new Set<string>();
  const obj: Record<string, unknown> = { ...value };
  for (const [k, p] of Object.entries(props)) {
    if (!isRecord(p) || !('default' in p) || p.default === null) continue;
    if (!(k in obj) || (obj[k] === null && p.nullable !== true)) {
      obj[k] = p.default;
      added.add(k);
    }
  }
  for (const [k, v] of Object.entries(obj)) {
    const p = props[k];
    if (isRecord(p)) defaulted(v, p, [...at, k], [...schemaAt, 'properties', k], fresh || added.has(k), out, depth + 1);
    else if (isRecord(schema.additionalProperties))
      defaulted(v, schema.additionalProperties, [...at, k], [...schemaAt, 'additionalProperties'], fresh, out, depth + 1);
  }
}

/** The last property name of a path (an element's list name). */
function fieldName(at: readonly PathSegment[]): string | undefined {
  for (let i = at.length - 1; i >= 0; i--) if (typeof at[i] === 'string') return at[i] as string;
  return undefined;
}

/**
 * The images the CRDs of `schemaDocs` (the render's own, and the chart's crds/ folder) default
 * into the resources of `docs`: a site at the resource's field, certain, with where the default
 * comes from. Like the CRD's own default site (site-table.ts), only an image-named field and a
 * tagged reference count: a tagless default is a repository the operator completes.
 */
export function crdDefaultSites(docs: readonly RenderedDoc[], schemaDocs: readonly RenderedDoc[] = docs): ImageSite[] {
  const schemas = schemasOf(schemaDocs);
  if (schemas.size === 0) return [];
  const out: ImageSite[] = [];
  const positions = new Map<string, number>();
  for (const d of docs) {
    const position = positions.get(d.template) ?? 0;
    positions.set(d.template, position + 1);
    const o = d.object;
    if (!isRecord(o)) continue;
    // a v1 List's items are made one by one, as kubectl and Helm make them
    const resources: [Record<string, unknown>, PathSegment[]][] =
      o.apiVersion === 'v1' && o.kind === 'List' && Array.isArray(o.items)
        ? o.items.flatMap((x, i): [Record<string, unknown>, PathSegment[]][] => (isRecord(x) ? [[x, ['items', i]]] : []))
        : [[o, []]];
    for (const [r, prefix] of resources) {
      const schema = typeof r.apiVersion === 'string' && typeof r.kind === 'string' ? schemas.get(`${r.apiVersion}\0${r.kind}`) : undefined;
      if (!schema) continue;
      const found: Defaulted[] = [];
      defaulted(r, schema.root, [], schema.at, false, found);
      const name = isRecord(r.metadata) && typeof r.metadata.name === 'string' ? r.metadata.name : '';
      for (const f of found) {
        const key = fieldName(f.at);
        const ref = toImageRef(f.value.trim());
        if (!key || !isImageKey(key) || !ref) continue;
        const strength = refStrength(ref);
        if (strength !== 'tagged' && strength !== 'hosted-tagged') continue;
        const crdDefault: CrdDefault = { crd: schema.crd, template: schema.template, fieldPath: formatPath(f.schemaAt) };
        out.push({
          ref: ref.normalized,
          raw: f.value,
          certainty: 'certain',
          site: 'custom-resource',
          source: { chart: d.chart, template: d.template, kind: r.kind as string, name, fieldPath: formatPath([...prefix, ...f.at]), position },
          valuesPaths: [],
          crdDefault,
        });
      }
    }
  }
  return out;
}

/** In words: where the default comes from, for the images report, --explain and values' route. */
export function crdDefaultReason(c: CrdDefault): string {
  return `default of CustomResourceDefinition ${c.crd} (${c.template} ${c.fieldPath}), which the API server writes into the resource`;
}

/**
 * A CRD's own schema default (site-table.ts's crd-image-default): pulled only through a resource
 * that leaves the field out, which is a site of its own; the schema is no place an install pulls
 * from, so `values` neither moves nor proves it (postrender moves it for resources made later).
 */
export const isSchemaDefault = (s: ImageSite): boolean => s.switchedOff !== undefined && s.source.kind === 'CustomResourceDefinition';
