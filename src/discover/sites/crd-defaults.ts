// A CustomResourceDefinition's schema `default` for an image-named property, written by the API
// server into a resource of the render that leaves the field out: that resource pulls the default
// at install, so it is needed, at the resource's field. Kubernetes' structural defaulting
// (apiextensions-apiserver's schema/defaulting Default) is followed as it runs: at each object that
// is present, a property missing (or null where not nullable) takes its default, then the walk goes
// into every property present, defaulted ones included, into `additionalProperties` for keys the
// schema does not name, and into `items` for each element. So a default under an object the
// resource leaves out applies only when that object is present or itself has a default; the root
// (the resource) is always present. Pure.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { CrdDefault, ImageSite } from '../image-site.js';
import { refStrength, toImageRef } from '../image-ref.js';
import { isImageKey } from './site-rules.js';
import { isRecord } from '../../util/is-record.js';
import { TextMemo } from '../../util/text-memo.js';
import { parseYamlDocuments } from '../../helm/values/yaml.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { TAGLESS_LINE } from './crd-sibling-tag.js';

interface Schema {
  crd: string;
  /** The schema object (openAPIV3Schema) and its path in the CRD document. */
  root: Record<string, unknown>;
  at: PathSegment[];
}

/** A resource of a document (the document, or a v1 List's item at `prefix`). */
interface Resource {
  /** `GROUP/VERSION\0KIND`. */
  key: string;
  group: string;
  kind: string;
  name: string;
  prefix: PathSegment[];
  object: Record<string, unknown>;
}

// A chart is rendered dozens of times and most documents come out verbatim: what a document's text
// holds (its resources, a CRD's schemas) is read once per text, not by reading every render's
// object again (a crds/ file is parsed only when a render has a resource of its group).
const RESOURCES = new TextMemo<Resource[]>(16 * 1024 * 1024);
const SCHEMAS = new TextMemo<[string, Schema][]>(64 * 1024 * 1024);
const byText = <T>(memo: TextMemo<T> | undefined, d: RenderedDoc, make: () => T): T => (!memo || d.text === '' ? make() : memo.of(d.text, make));

export function resourcesOf(d: RenderedDoc, fromText: boolean): Resource[] {
  return byText(fromText ? RESOURCES : undefined, d, () => {
    const o = fromText ? sharedDocumentObject(d) : d.object;
    if (!isRecord(o)) return [];
    // a v1 List's items are made one by one, as kubectl and Helm make them
    const items: [unknown, PathSegment[]][] =
      o.apiVersion === 'v1' && o.kind === 'List' && Array.isArray(o.items) ? o.items.map((x, i) => [x, ['items', i]]) : [[o, []]];
    return items.flatMap(([r, prefix]): Resource[] => {
      if (!isRecord(r) || typeof r.apiVersion !== 'string' || typeof r.kind !== 'string') return [];
      const slash = r.apiVersion.lastIndexOf('/');
      const name = isRecord(r.metadata) && typeof r.metadata.name === 'string' ? r.metadata.name : '';
      return [{ key: `${r.apiVersion}\0${r.kind}`, group: r.apiVersion.slice(0, Math.max(0, slash)), kind: r.kind, name, prefix, object: r }];
    });
  });
}

/** A CRD document's schemas, by `GROUP/VERSION\0KIND` of every version with one. */
function schemasOf(d: RenderedDoc, fromText: boolean): [string, Schema][] {
  return byText(fromText ? SCHEMAS : undefined, d, () => schemasIn(fromText ? sharedDocumentObject(d) : d.object));
}

/**
 * A crds/ file's schemas for the kinds given: Helm installs every document of the file, and a
 * file often holds a whole API's CRDs, so only the documents that name one of the kinds are parsed.
 * The documents that may default an image are kept per file (chartCrdDocs gives the same ones to
 * every render of a chart): splitting and scanning kube-prometheus-stack's 4.7 MB again for each
 * of the optional search's renders cost more than the renders' own discovery.
 */
function fileSchemas(d: RenderedDoc, kinds: ReadonlySet<string>): [string, Schema][] {
  let parts = FILE_PARTS.get(d);
  if (!parts) {
    parts = d.text.split(/^---[ \t]*$/m).filter((text) => text.includes('CustomResourceDefinition') && mayDefaultImage(text));
    FILE_PARTS.set(d, parts);
  }
  return parts.flatMap((text) => {
    if (![...kinds].some((k) => text.includes(k))) return [];
    return SCHEMAS.of(text, () => {
      try {
        return schemasIn(parseYamlDocuments(text, d.template)[0]);
      } catch {
        return []; // Helm prints it as it is; the API server would refuse it
      }
    });
  });
}

const FILE_PARTS = new WeakMap<RenderedDoc, string[]>();

/**
 * Whether a crds/ file's text holds a word (a group), asked once per file and word: every render
 * asked it again of the whole file (gpu-operator's 280 KB, for each of the render's groups: about
 * 5% of its optional search).
 */
function fileHas(d: RenderedDoc, word: string): boolean {
  let words = FILE_WORDS.get(d);
  if (!words) FILE_WORDS.set(d, (words = new Map()));
  let has = words.get(word);
  if (has === undefined) words.set(word, (has = d.text.includes(word)));
  return has;
}

const FILE_WORDS = new WeakMap<RenderedDoc, Map<string, boolean>>();

const DEFAULT_KEY = /\bdefault["']?[ \t]*:/g;
const TAGGED_TOKEN = /[\w.-]+(?:\/[\w.-]+)*(?::[\w][\w.-]*|@sha256:[0-9a-f])/;

/**
 * Whether a CRD's text has a default that a tagged reference could be in or under (a string
 * default, or an object default whose lines below name one): a crds/ file of large CRDs with
 * none (kube-prometheus-stack's 4.7 MB) is then never parsed, though the render has their kinds.
 */
function mayDefaultImage(text: string): boolean {
  for (const m of text.matchAll(DEFAULT_KEY)) if (TAGGED_TOKEN.test(text.slice(m.index + m[0].length, m.index + m[0].length + 400))) return true;
  return false;
}

/**
 * A schema default that may be a tagged reference (`default: acme/x:1.0`, JSON's `"default":
 * "acme/x@sha256:..."`): a crds/ document without one holds no image default, and is not parsed.
 */
const TAGGED_DEFAULT = /\bdefault["']?[ \t]*:[ \t]*["']?[^\s"'{}[\],:@]+[:@][^\s"']/;
const FILE_DOCS = new TextMemo<{ text: string; object: Record<string, unknown>; position: number }[]>(64 * 1024 * 1024);

/**
 * The documents of the chart's crds/ files (`crds`, as chartCrdDocs gives them) that are CRDs
 * giving a property a default a tag could be in, each with its place in its file: the site
 * table's crd-image-default rule reads them as it reads a CRD the templates render, so a default
 * no rendered resource brings is optional alike wherever the chart keeps the CRD. Each document
 * is parsed once per text.
 */
export function crdFileDocs(crds: readonly RenderedDoc[]): { doc: RenderedDoc; position: number }[] {
  return crds.flatMap((d) =>
    FILE_DOCS.of(d.text, (text) =>
      text.split(/^---[ \t]*$/m).flatMap((doc, position) => {
        if (!doc.includes('CustomResourceDefinition') || !(TAGGED_DEFAULT.test(doc) || TAGLESS_LINE.test(doc))) return [];
        try {
          const object = parseYamlDocuments(doc, d.template)[0];
          return isRecord(object) ? [{ text: doc, object, position }] : [];
        } catch {
          return []; // Helm prints it as it is; the API server would refuse it
        }
      }),
    ).map(({ text, object, position }) => ({ doc: { chart: d.chart, template: d.template, text, object }, position })),
  );
}

export function schemasIn(o: unknown): [string, Schema][] {
  if (!isRecord(o) || o.kind !== 'CustomResourceDefinition' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) return [];
  const spec = isRecord(o.spec) ? o.spec : {};
  const kind = isRecord(spec.names) ? spec.names.kind : undefined;
  if (typeof spec.group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) return [];
  const crd = isRecord(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : `${kind} (${spec.group})`;
  return spec.versions.flatMap((v: unknown, i): [string, Schema][] => {
    const root = isRecord(v) && isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isRecord(v) || typeof v.name !== 'string' || !isRecord(root)) return [];
    return [[`${spec.group}/${v.name}\0${kind}`, { crd, root, at: ['spec', 'versions', i, 'schema', 'openAPIV3Schema'] }]];
  });
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
 * comes from. Like the CRD's own default site (sites/site-table.ts), only an image-named field and a
 * tagged reference count: a tagless default is a repository the operator completes.
 */
export function crdDefaultSites(
  docs: readonly RenderedDoc[],
  schemaDocs: readonly RenderedDoc[] = docs,
  /** Each document's object is its text parsed (discoverImages' parsedFromText): what a text holds is kept by it. */
  fromText = false,
): ImageSite[] {
  const positions = new Map<string, number>();
  const placed = docs.map((d) => {
    const position = positions.get(d.template) ?? 0;
    positions.set(d.template, position + 1);
    return { d, position, resources: resourcesOf(d, fromText) };
  });
  // a CRD is read only when the render has a resource of its group
  const custom = placed.flatMap((p) => p.resources).filter((r) => r.group.includes('.'));
  if (custom.length === 0) return [];
  const groups = new Set(custom.map((r) => r.group));
  const kinds = new Set(custom.map((r) => r.kind));
  const schemas = new Map<string, Schema & { template: string }>();
  for (const d of schemaDocs) {
    // the render's own CRDs are read as its documents are; a crds/ file, every document of it
    const own = docs.includes(d);
    const has = own ? (word: string) => d.text.includes(word) : (word: string) => fileHas(d, word);
    if (d.text !== '' && (!has('CustomResourceDefinition') || ![...groups].some(has))) continue;
    for (const [key, schema] of own ? schemasOf(d, fromText) : fileSchemas(d, kinds)) schemas.set(key, { ...schema, template: d.template });
  }
  if (schemas.size === 0) return [];
  const out: ImageSite[] = [];
  for (const { d, position, resources } of placed) {
    for (const r of resources) {
      const schema = schemas.get(r.key);
      if (!schema) continue;
      const found: Defaulted[] = [];
      defaulted(r.object, schema.root, [], schema.at, false, found);
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
          source: { chart: d.chart, template: d.template, kind: r.kind, name: r.name, fieldPath: formatPath([...r.prefix, ...f.at]), position },
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
 * A CRD's own schema default (sites/site-table.ts's crd-image-default): pulled only through a resource
 * that leaves the field out, which is a site of its own; the schema is no place an install pulls
 * from, so `values` neither moves nor proves it (postrender moves it for resources made later).
 */
export const isSchemaDefault = (s: ImageSite): boolean => s.switchedOff !== undefined && s.source.kind === 'CustomResourceDefinition';
