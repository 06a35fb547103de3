// A CRD's schema default that names an image's repository with no tag (k8sgpt-operator's
// `spec.repository`): the operator joins a tag of its own, so nothing names what it pulls. Not
// listed (no tag to list); warned of per CRD and kind, with the routes, where the operator
// defaults table does not cover the group (sites/crd-defaults.ts reads the tagged defaults). Where the
// schema defaults the tag too, in a sibling field (Pulp's `image_version: stable` beside `image`),
// the warning names the reference the two compose: each resource left to the defaults pulls it,
// whatever the operator's own settings (which values moves) say.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { refStrength, toImageRef } from '../image-ref.js';
import { isImageKey } from './site-rules.js';
import { isRecord } from '../../util/is-record.js';
import { TextMemo } from '../../util/text-memo.js';
import { parseYamlDocuments } from '../../helm/values/yaml.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import type { OperatorWarning } from '../operators/builtin-images.js';
import { resourcesOf, schemasIn } from './crd-defaults.js';
import { COMPONENT_IMAGE, siblingTag, TAGLESS_LINE } from './crd-sibling-tag.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import { grantedWorkloads } from './pod-creators.js';
import { groupsRead } from './served-crd-defaults.js';

/**
 * A CRD's schema default for an image or repository field that names no tag (k8sgpt-operator's
 * K8sGPT `spec.repository: ghcr.io/k8sgpt-ai/k8sgpt`): the operator joins a tag of its own to it
 * for each resource that leaves the field out, so the image it pulls is named nowhere.
 */
export interface TaglessDefault {
  crd: string;
  /** Where the CRD is (a template, or a file of the crds/ folder). */
  template: string;
  group: string;
  kind: string;
  /** The field in the resource (dotted; `[]` an element of a list). */
  field: string;
  value: string;
  /** Whether each resource of the kind the render holds names the field itself (false: none rendered, or one leaves it out). */
  namedByEvery: boolean;
  /** The tag the schema defaults in a sibling field (`image_version`, `imageTag`, `version` beside a repository), and that field. */
  tag?: { field: string; value: string };
  /** The chart of the CRD, and where the default sits in the CRD (`spec.versions[0]...default`). */
  chart: string;
  schemaPath: string;
  /**
   * An image-named field (not a repository) with no field beside it a tag or version could be
   * given in: nothing in the resource completes it, so a program that takes it as the image pulls it as written.
   */
  whole: boolean;
  /**
   * The nearest object below `spec` holding the field that has no default of its own (garage's
   * `spec.image` of `spec.image.repository`): the API server writes the default only into a
   * resource that gives that object, so one that leaves it out gets nothing from the CRD.
   */
  within?: string;
}

/** The field names a tagless default is read under: an image-named one, or a repository. */
const REPOSITORY_FIELD = /^(repository|repo|baseImage)$/i;
/** A field a tag could be given in beside an image (`tag`, `version`, `imageTag`, `image_version`). */
const TAG_FIELD = /(^|[_a-z])(tag|version)$/i;
type FoundIn = Omit<TaglessDefault, 'template' | 'namedByEvery' | 'chart'>;
const TAGLESS = new TextMemo<FoundIn[]>(16 * 1024 * 1024);

/**
 * The tagless image defaults of the CRDs a chart installs: the render's own (`docs`) and its
 * crds/ folder's (`crds`, as chartCrdDocs gives them). Read once per command on the plain render
 * (not in the optional search): a document is parsed only when a line of it has such a default.
 */
export function taglessCrdDefaults(docs: readonly RenderedDoc[], crds: readonly RenderedDoc[]): TaglessDefault[] {
  const found: Omit<TaglessDefault, 'namedByEvery'>[] = [];
  const read = (text: string, d: RenderedDoc, object: () => unknown) => {
    // the post-renderer's documents are objects with no text: read whole, not kept by text
    if (text !== '' && (!text.includes('CustomResourceDefinition') || !TAGLESS_LINE.test(text))) return;
    for (const t of text === '' ? taglessIn(object()) : TAGLESS.of(text, () => taglessIn(object()))) found.push({ ...t, template: d.template, chart: d.chart });
  };
  for (const d of docs) read(d.text, d, () => sharedDocumentObject(d));
  for (const d of crds)
    for (const part of d.text.split(/^---[ \t]*$/m))
      read(part, d, () => {
        try {
          return parseYamlDocuments(part, d.template)[0];
        } catch {
          return undefined; // Helm installs it as it is; the API server would refuse it
        }
      });
  if (found.length === 0) return [];
  const resources = docs.flatMap((d) => resourcesOf(d, true));
  return found.map((t) => {
    const mine = resources.filter((r) => r.group === t.group && r.kind === t.kind);
    return { ...t, namedByEvery: mine.length > 0 && mine.every((r) => namesField(r.object, t.field.split('.'))) };
  });
}

function taglessIn(o: unknown): FoundIn[] {
  const out: FoundIn[] = [];
  for (const [key, schema] of schemasIn(o)) {
    const [groupVersion, kind] = key.split('\0') as [string, string];
    const group = groupVersion.slice(0, groupVersion.lastIndexOf('/'));
    const walk = (s: Record<string, unknown>, at: string[], depth: number, sAt: PathSegment[], within?: string): void => {
      if (depth > 64) return;
      const props = isRecord(s.properties) ? s.properties : {};
      for (const [k, p] of Object.entries(props)) {
        if (!isRecord(p)) continue;
        const field = [...at, k].join('.');
        const tag = typeof p.default === 'string' ? siblingTag(k, props) : undefined;
        if (
          typeof p.default === 'string' &&
          (isImageKey(k) || REPOSITORY_FIELD.test(k) || (tag && COMPONENT_IMAGE.test(k))) &&
          isTagless(p.default) &&
          !out.some((x) => x.kind === kind && x.field === field)
        ) {
          out.push({
            crd: schema.crd,
            group,
            kind,
            field,
            value: p.default.trim(),
            ...(tag && { tag: { field: [...at, tag.field].join('.'), value: tag.value } }),
            schemaPath: formatPath([...sAt, 'properties', k, 'default']),
            whole: !tag && isImageKey(k) && !REPOSITORY_FIELD.test(k) && !Object.keys(props).some((x) => TAG_FIELD.test(x)),
            ...(within && { within }),
          });
        }
        // right under the resource (spec, status) nothing is defaulted into; below it, an object without a default of its own is only where the resource gives it
        walk(p, [...at, k], depth + 1, [...sAt, 'properties', k], within ?? (at.length > 0 && !('default' in p) ? field : undefined));
      }
      if (isRecord(s.items)) walk(s.items, at.length > 0 ? [...at.slice(0, -1), `${at.at(-1)}[]`] : ['[]'], depth + 1, [...sAt, 'items'], within);
    };
    walk(schema.root, [], 0, schema.at);
  }
  return out;
}

/** A repository with a path and neither tag nor digest. */
function isTagless(v: string): boolean {
  const ref = /^\S+\/\S+$/.test(v.trim()) ? toImageRef(v.trim()) : undefined;
  return ref !== undefined && !ref.tag && !ref.digest;
}

/** Whether the resource names the field itself (each element of a list on the way; nothing to default where a parent is absent). */
function namesField(o: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return typeof o === 'string' && o.trim() !== '';
  const [head, ...rest] = path as [string, ...string[]];
  const list = head.endsWith('[]');
  const v = isRecord(o) ? o[list ? head.slice(0, -2) : head] : undefined;
  if (v === undefined || v === null) return path.length > 1 || list;
  return list ? Array.isArray(v) && v.every((x) => namesField(x, rest)) : namesField(v, rest);
}

/**
 * What the tagless defaults of one CRD (`of`, all of one kind) leave unlisted, and the two routes:
 * the resource's field, or carrying the tag the operator pulls.
 */
export function taglessDefaultWarning(of: readonly TaglessDefault[]): OperatorWarning {
  const t = of[0]!;
  const fields = of.flatMap((x) => [x.field, ...(x.tag ? [x.tag.field] : [])]).join(', ');
  const tagless = of.filter((x) => !x.tag);
  const composed = of.filter((x) => x.tag).map((x) => `${x.value}:${x.tag!.value}`);
  // a default inside an object the resource may leave out reaches only a resource that gives the object
  const within = of.every((x) => x.within === t.within) ? t.within : undefined;
  const leaves = (what: string) => (within ? `gives ${within} and leaves ${what} out` : `leaves ${what} out`);
  const said = of.map((x) => `${x.field} to ${x.value}${x.tag ? ` and ${x.tag.field} to ${x.tag.value}` : ''}`).join(', ');
  const why = [
    composed.length > 0 &&
      `the operator that reconciles ${t.kind} joins them, so each ${t.kind} that ${leaves('them')} (one the user applies later, or one of this render) pulls ${composed.join(', ')} from there, whatever the operator's own settings say (values moves those, not a CRD's defaults)${within ? `; one without ${within} gets none of them from the CRD: what the operator pulls for it then is its own, not listed` : ''}`,
    tagless.length > 0 &&
      `${composed.length > 0 ? `${tagless.map((x) => x.field).join(', ')} with no tag: ` : 'with no tag: '}the operator that reconciles ${t.kind} completes the tag itself (a version of its own, or one it derives from the resource) for each ${t.kind} that ${leaves('the field')} (one the user applies later, or one of this render), so the image it pulls is not listed`,
  ].filter(Boolean);
  const carry = [...composed, ...tagless.map((x) => `${x.value}:TAG`)].map((r) => `--image ${r}`).join(' ');
  return {
    operator: `the operator of ${t.kind} (${t.group})`,
    crd: t.crd,
    message: `CustomResourceDefinition ${t.crd} (${t.template}) defaults ${t.kind} ${said}${composed.length > 0 ? ': ' : ', '}${why.join('; ')}`,
    next: `set ${fields} in each ${t.kind} you apply to an image on the target (with the tag it takes), or carry ${tagless.length > 0 ? 'the tag your operator pulls' : 'the image'} and mirror its registry to the target on the nodes: \`helm airgap bundle ${carry}\``,
  };
}

/** Tagless defaults grouped by the CRD and kind they are of, one warning each. */
export function taglessDefaultWarnings(defaults: readonly TaglessDefault[]): OperatorWarning[] {
  const by = new Map<string, TaglessDefault[]>();
  for (const t of defaults) by.set(`${t.template}\0${t.crd}\0${t.kind}`, [...(by.get(`${t.template}\0${t.crd}\0${t.kind}`) ?? []), t]);
  return [...by.values()].map(taglessDefaultWarning);
}

const atLatest = (image: string): boolean => {
  const r = toImageRef(image);
  return r !== undefined && !r.digest && (r.tag ?? 'latest') === 'latest';
};

/**
 * The tagless defaults a program of the render takes as they are written (Vineyard's CSIDriver
 * `spec.image` and Vineyardd's `pluginImage.*`, which its templates put into pods verbatim): a
 * `whole` image field, served by a workload of the render (a role lets it read the group) that
 * runs its own image at `latest` — released by a moving tag, it has no version of its own to
 * complete one with, so the runtime pulls `:latest`. Those are sites like a tagged CRD default
 * (optional, brought by a resource that leaves the field out); the rest stay warned of.
 */
export function pulledAsWritten(defaults: readonly TaglessDefault[], docs: readonly RenderedDoc[]): { sites: ImageSite[]; warned: TaglessDefault[] } {
  const wholes = defaults.filter((t) => t.whole);
  if (wholes.length === 0) return { sites: [], warned: [...defaults] };
  const readers = grantedWorkloads(docs, groupsRead, ['*']);
  const latest = (group: string) =>
    readers.some((w) => (w.creates.includes(group) || w.creates.includes('*')) && w.images.length > 0 && atLatest(w.images[0]!));
  const sites: ImageSite[] = [];
  const warned: TaglessDefault[] = [];
  for (const t of defaults) {
    const ref = t.whole && latest(t.group) ? toImageRef(t.value) : undefined;
    if (!ref) {
      warned.push(t);
      continue;
    }
    sites.push({
      ref: ref.normalized,
      raw: t.value,
      certainty: 'certain',
      site: 'custom-resource',
      source: { chart: t.chart, template: t.template, kind: 'CustomResourceDefinition', name: t.crd, fieldPath: t.schemaPath },
      valuesPaths: [],
      switchedOff: t.field,
      toggle: `a ${t.kind} (${t.group}) resource that leaves ${t.field} unset`,
    });
  }
  return { sites, warned };
}

/**
 * A chart's tagless CRD defaults for an operator the table has not read (`tableReads` its groups)
 * and left out by some resource of the render: the sites of those pulled as written, the rest to warn of.
 * `images` and the post-renderer read the same ones.
 */
export function taglessDefaultsOf(
  docs: readonly RenderedDoc[],
  crds: readonly RenderedDoc[],
  tableReads: (group: string) => boolean,
): { sites: ImageSite[]; warned: TaglessDefault[] } {
  return pulledAsWritten(
    taglessCrdDefaults(docs, crds).filter((t) => !t.namedByEvery && !tableReads(t.group)),
    docs,
  );
}
