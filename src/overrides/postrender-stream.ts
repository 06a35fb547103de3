// What discovery finds over a whole post-render stream (postrender.ts), by document: each
// document's own sites, the CRD defaults a resource takes from a CRD another document (or the
// bundle's lock) holds, and the built-in defaults of an operator one document runs, for resources
// the same or another document renders, with the operator known even once values moved its image.
import { discoverImages } from '../discover/discover-images.js';
import { composedByController, taglessDefaultsOf } from '../discover/sites/index.js';
import { sightOperators, tableReadsGroup } from '../discover/operators/index.js';
import { dropOperatorParts, joinsBlockOf } from '../discover/operators/index.js';
import { parsePath } from '../discover/field-path.js';
import type { CrdDefault, ImageSite } from '../discover/image-site.js';
import { toImageRef } from '../discover/image-ref.js';
import { getIn } from '../discover/values/index.js';
import { OPERATOR_DEFAULTS } from '../discover/operators/index.js';
import { builtinImages } from '../discover/operators/index.js';
import { fieldPathIn } from '../discover/operators/index.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';
import type { Placement } from './placement.js';

/** A resource field the lock names as taking a CRD's default image: the document, the field, the image. */
export interface LockedCrdDefault {
  template: string;
  kind: string;
  fieldPath: string;
  ref: string;
  raw: string;
  crdDefault: CrdDefault;
}

/** The path of a container in a pod spec: where an operator's settings go. */
export const CONTAINER = /(^|\.)(initContainers|containers)\[\d+\]$/;

/**
 * What discovery finds in the whole stream, by document: a document's own sites, the CRD
 * defaults its resources take from another document's CRD, and the built-in defaults of an
 * operator one document runs for a resource another renders.
 */
export interface StreamSites {
  rendered: RenderedDoc[];
  /** Each document's template and place among its template's documents, as discovery keys them. */
  places: string[];
  to: Placement;
  sites: ImageSite[][];
  builtin: ImageSite[][];
}

export const placeOf = (s: ImageSite): string => `${s.source.template}\0${s.source.position ?? 0}`;

/** `rendered`: each document of the stream, its object read as discovery reads it. */
export function streamSites(rendered: RenderedDoc[], locked: readonly LockedCrdDefault[], to: Placement): StreamSites {
  const positions = new Map<string, number>();
  const places = rendered.map((r) => {
    const n = positions.get(r.template) ?? 0;
    positions.set(r.template, n + 1);
    return `${r.template}\0${n}`;
  });
  const index = new Map(places.map((p, i) => [p, i] as const));
  const byDoc = (sites: readonly ImageSite[]): ImageSite[][] => {
    const out = rendered.map((): ImageSite[] => []);
    for (const s of sites) out[index.get(placeOf(s)) ?? -1]?.push(s);
    return out;
  };
  const found = discoverImages(rendered);
  // env vars an operator joins into a default (MongoDB Community's MONGODB_IMAGE): parts, nothing to move
  // and a resource block an operator joins with other fields (HwameiStor's DRBD shipper): its registry is set for the default composed of it
  const parted = found.some((x) => x.site === 'env') || rendered.some(joinsBlockOf);
  const all = parted ? dropOperatorParts(found, sightOperators(rendered, asSources(found, to))) : found;
  // a tagless CRD default an operator of the stream takes as written: moved like a tagged one
  all.push(...taglessDefaultsOf(rendered, [], tableReadsGroup).sites);
  all.push(...lockedDefaults(rendered, places, all, locked));
  const builtin = builtinImages(rendered, asSources(all, to)).sites;
  return { rendered, places, to, sites: byDoc(byController(all, rendered, to)), builtin: byDoc([...builtin, ...reconciledFields(rendered, places, builtin)]) };
}

/**
 * CRD defaults whose serving controller puts a registry env var in front of them that already
 * sends them where they belong (values set it): they are read as what the controller runs, so
 * nothing sets the field or rewrites the schema's default after that.
 */
function byController(sites: ImageSite[], rendered: readonly RenderedDoc[], to: Placement): ImageSite[] {
  const composed = composedByController(sites, rendered, (ref) => to.arrived(ref));
  return composed.size === 0 ? sites : sites.map((s) => (composed.has(s) ? { ...s, ref: composed.get(s)! } : s));
}

/**
 * The operators' images as the table knows them: an operator image already at the target (values
 * moved it before the post-renderer runs) is read as the source the route sends there, so its
 * built-in defaults are still found. Only the sighting sees this; the sites stay as found.
 */
export function asSources(sites: readonly ImageSite[], to: Placement): ImageSite[] {
  const sources = OPERATOR_DEFAULTS.flatMap((e) => e.images);
  return sites.map((s) => {
    if (s.site !== 'pod-spec' || s.certainty !== 'certain' || !to.arrived(s.ref)) return s;
    const tag = toImageRef(s.ref)?.tag;
    const source = tag ? sources.map((img) => `${img}:${tag}`).find((src) => toImageRef(to.mapRef(src))?.normalized === s.ref) : undefined;
    return source ? { ...s, ref: source } : s;
  });
}

/**
 * The lock's CRD defaults, as sites of the stream's resources: a document of the template and kind
 * the lock names that leaves the field out, under a parent it has (the default applies only there),
 * where discovery saw no CRD default itself (the CRD is not in the stream).
 */
function lockedDefaults(
  rendered: readonly RenderedDoc[],
  places: readonly string[],
  found: readonly ImageSite[],
  locked: readonly LockedCrdDefault[],
): ImageSite[] {
  const out: ImageSite[] = [];
  const seen = new Set(found.filter((s) => s.crdDefault).map((s) => `${placeOf(s)}\0${s.source.fieldPath}`));
  rendered.forEach((r, i) => {
    const o = r.object as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') return;
    for (const l of locked) {
      const path = parsePath(l.fieldPath);
      // the resource: the document, or a v1 List's item (crd-defaults.ts names its fields items[N]...)
      const item = o.kind === 'List' && path[0] === 'items' && typeof path[1] === 'number' ? path.slice(0, 2) : [];
      const kind = getIn(o, [...item, 'kind']);
      if (l.template !== r.template || kind !== l.kind || seen.has(`${places[i]}\0${l.fieldPath}`)) continue;
      const parent = getIn(o, path.slice(0, -1));
      if (getIn(o, path) !== undefined || parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
      const meta = o.metadata as Record<string, unknown> | undefined;
      const position = Number(places[i]!.slice(places[i]!.lastIndexOf('\0') + 1));
      seen.add(`${places[i]}\0${l.fieldPath}`);
      out.push({
        ref: l.ref,
        raw: l.raw,
        certainty: 'certain',
        site: 'custom-resource',
        source: { chart: r.chart, template: r.template, kind: l.kind, name: typeof meta?.name === 'string' ? meta.name : '', fieldPath: l.fieldPath, position },
        valuesPaths: [],
        crdDefault: l.crdDefault,
      });
    }
  });
  return out;
}

/**
 * An operator's default whose override is a field of the resources it reconciles (Mattermost's
 * spec.image), its site the operator's container: each resource of those kinds in the stream
 * that leaves the field out pulls it, so the field is set there too (a site of that resource).
 */
function reconciledFields(rendered: readonly RenderedDoc[], places: readonly string[], builtin: readonly ImageSite[]): ImageSite[] {
  const out: ImageSite[] = [];
  for (const s of builtin) {
    const b = s.builtin!;
    if (!b.overrideField || b.overrideEnv || b.overrideFlag || !CONTAINER.test(s.source.fieldPath)) continue;
    const kinds = OPERATOR_DEFAULTS.find((e) => e.operator === b.operator)?.resources ?? [];
    rendered.forEach((r, i) => {
      const o = r.object as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return;
      const group = o.apiVersion.slice(0, Math.max(0, o.apiVersion.lastIndexOf('/')));
      const at = fieldPathIn(o, b.overrideField!);
      if (!kinds.some((k) => k.group === group && k.kind === o.kind) || !at || getIn(o, at) !== undefined) return;
      const meta = o.metadata as Record<string, unknown> | undefined;
      const position = Number(places[i]!.slice(places[i]!.lastIndexOf('\0') + 1));
      out.push({
        ...s,
        source: { chart: r.chart, template: r.template, kind: o.kind, name: typeof meta?.name === 'string' ? meta.name : '', fieldPath: 'spec', position },
      });
    });
  }
  return out;
}
