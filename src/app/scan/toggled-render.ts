// One toggled render of the optional search and what the search shares about it (its types:
// optional-search-types.ts): how a site is matched between renders, and the stop when a render
// runs over the budget.

import type { Values } from '../../helm/engine/render-types.js';
import { discoverImages } from '../../discover/discover-images.js';
import { applyOperatorDefaults } from '../../discover/operators/index.js';
import { sightOperators } from '../../discover/operators/index.js';
import { markGatedPlugins } from '../../discover/operators/index.js';
import { recordCreators } from './toggled-creators.js';
import { toImageRef } from '../../discover/image-ref.js';
import { chartCrdDocs } from '../../helm/engine/render-chart.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import type { ImageValueLeaf } from '../../discover/values/index.js';
import { markersIn, setInWithList, stripMarkers } from '../../discover/values/index.js';
import { formatToggles, type ValueToggle } from '../../discover/toggles/index.js';
import { attachValuesPaths, literalHostOf, withMarkedParts } from '../../discover/values/index.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError } from '../../util/errors.js';
import { logTo } from '../../util/ctx.js';
import { carryMerged, markMerged } from './merged-branches.js';

export type { OptionalSearch, SearchState } from './optional-search-types.js';
import type { OptionalSearch } from './optional-search-types.js';

/**
 * A toggled render ran over the render budget: the search ends there (each of its renders has the
 * whole budget, so going on would cost the budget once per toggle group) and keeps what needs no
 * render, with a warning naming the chart, the toggles and the limit.
 */
export class SearchOverBudget extends Error {
  constructor(
    readonly group: ValueToggle[],
    readonly over: AirgapError,
  ) {
    super(over.message);
  }
}

/**
 * The same image in the same object, by template and position as sites are matched everywhere
 * (a random name does not move it); its field path may move as other toggles add containers. A
 * reading beside `enabled: false` is not the same as one switched on.
 */
const objectKey = (x: ImageSite): string => `${siteKey({ ...x.source, fieldPath: '' })}\0${x.ref}${x.switchedOff ? '\0off' : ''}`;

/** What a default render's site makes known: its reference, or only its switched-off reading. */
export const knownKey = (x: ImageSite): string => (x.switchedOff ? `${x.ref}\0off` : x.ref);
/** A values path that builds the reference, or an object that pulls it: a place it is set through. */
const placeKey = (ref: string, path: string): string => `${ref}\0at\0${path}`;
const objectPlace = (x: ImageSite): string => `${x.ref}\0at\0${siteKey({ ...x.source, fieldPath: '' })}`;
export const isPlaceKey = (k: string): boolean => k.includes('\0at\0');
/** What a site makes known: its reference (knownKey), and where it pulls it, the object and each values path it is built from. */
export const knownKeys = (x: ImageSite): string[] =>
  x.switchedOff ? [knownKey(x)] : [knownKey(x), objectPlace(x), ...x.valuesPaths.map((p) => placeKey(x.ref, p))];
/**
 * Known: the reference, pulled in an object known to pull it or through values paths all known
 * for it. A needed image a switch brings through a value of its own, in another object (a
 * component's init container, off by default, whose `initContainers.busybox.image` holds what a
 * helm test pod spells literally) is a new place of it: `values --include-optional` moves it
 * there, and no path of one site stands for the other. A reading switched off pulls nothing: its
 * reference is all there is to know.
 */
export const isKnown = (known: ReadonlySet<string>, x: ImageSite): boolean =>
  x.switchedOff !== undefined
    ? known.has(x.ref) || known.has(knownKey(x))
    : known.has(x.ref) && (known.has(objectPlace(x)) || x.valuesPaths.every((p) => known.has(placeKey(x.ref, p))));
/** The toggles that brought these images, each as formatToggles names one. */
export const broughtBy = (sites: readonly ImageSite[]): Set<string> => new Set(sites.flatMap((x) => x.toggle?.split(',') ?? []));
/**
 * The same image in the same object (objectKey) whatever kind a value made it: one template's
 * workload is a StatefulSet or an OpenKruise CloneSet by `controller` (dysnix/bsc), so the fewest
 * toggles that bring an init container need not keep the word that picked the other kind.
 */
export const sameSite = (img: ImageSite): ((x: ImageSite) => boolean) => {
  const want = anyKind(img);
  return (x) => anyKind(x) === want;
};
const anyKind = (x: ImageSite): string => objectKey({ ...x, source: { ...x.source, kind: '' } });

/**
 * Sites of a render with the group flipped, or undefined when it fails. Markers stay on (they
 * name the values of what appears) unless the chart refuses them (a values schema with a tag
 * pattern, say): then a lone toggle is rendered again without, and values are matched instead.
 *
 * Toggled renders pass the chart's required/fail checks (lenientChecks): a switch the chart
 * refuses alone (it also asks for a certificate, a password, the other of two modes) still shows
 * what it brings, and one such switch does not sink the whole group it is searched in.
 * askedMore then says which toggles the chart refuses as they are.
 */
export async function renderToggled(s: OptionalSearch, group: ValueToggle[], seen: Set<number>, ctx: Ctx): Promise<ImageSite[] | undefined> {
  const marked = s.markersWork ? await renderWith(s, s.marked.overlay, group, ctx) : undefined;
  if (marked) {
    const mapped = marked.map((x) => {
      const markers = markersIn(x.raw);
      markers.forEach((n) => seen.add(n));
      const leaves = markers.map((n) => s.marked.leaves.get(n)).filter((l): l is ImageValueLeaf => l !== undefined);
      return withMarkedParts({ ...x, raw: stripMarkers(x.raw) }, leaves, s.unmarked, literalHostOf(x.raw, s.marked.leaves));
    });
    return carryMerged(marked, mapped);
  }
  if (s.markersWork && group.length > 1) return undefined;
  return renderPlain(s, group, ctx);
}

/** Sites of a render with the group flipped on the user's own values (no markers), values matched. */
export async function renderPlain(s: OptionalSearch, group: ValueToggle[], ctx: Ctx): Promise<ImageSite[] | undefined> {
  const plain = await renderWith(s, s.user, group, ctx);
  return plain && carryMerged(plain, attachValuesPaths(plain, [], s.marked.leaves));
}

const doubtfulByDefault = new WeakMap<OptionalSearch, Set<string>>();

/**
 * A marker can change what a template compares, not only what it spells: a tag tested against a
 * sentinel (`eq .Values.image.tag ".auto"`, then the cluster's version) never equals it marked, so
 * the toggled render spells the sentinel, no image. A doubtful site the default renders do not
 * have is such a sign: the toggle is rendered once more without markers (renderPlain).
 */
export function doubtfulUnderMarkers(s: OptionalSearch, fresh: readonly ImageSite[]): boolean {
  if (!s.markersWork) return false;
  let known = doubtfulByDefault.get(s);
  if (!known) {
    known = new Set([...s.sites, ...s.markedSites].filter((x) => x.certainty === 'doubtful').map((x) => x.ref));
    doubtfulByDefault.set(s, known);
  }
  return fresh.some((x) => x.certainty === 'doubtful' && !known.has(x.ref));
}

async function renderWith(s: OptionalSearch, base: Values, group: ValueToggle[], ctx: Ctx): Promise<ImageSite[] | undefined> {
  const values = structuredClone(base);
  for (const t of group) for (const x of [t, ...(t.also ?? [])]) setInWithList(values, s.full, x.segments, x.value);
  try {
    const docs = await s.renders.docs(values, true);
    const found = discoverImages(docs, { clean: stripMarkers, parsedFromText: true, audit: s.audit, crds: chartCrdDocs(s.chart) });
    // a plugin the operator keeps off here is the same reading switched off as in the plain render
    const seen = sightOperators(docs, found);
    const sites = markGatedPlugins(found, seen);
    // what the operators pull by their own defaults for what the flip adds (StarRocks' FE proxy
    // nginx for a starRocksFeProxySpec section), as the plain render's sites have them
    // (a registry setting the chart writes from a marked value carries its marker into the composed reference)
    const builtins = applyOperatorDefaults([seen]).sites.map((b) => ({
      ...b,
      raw: stripMarkers(b.raw),
      ref: toImageRef(stripMarkers(b.ref))?.normalized ?? b.ref,
    }));
    recordCreators(s, group, docs, [...sites, ...builtins], seen);
    const out = [...sites, ...builtins];
    markMerged(out, docs, group.length);
    return out;
  } catch (e) {
    if (e instanceof AirgapError && e.code === 'ERR_RENDER_BUDGET') throw new SearchOverBudget(group, e);
    if (e instanceof AirgapError && e.code === 'ERR_RENDER_TIMEOUT') throw e;
    if (group.length === 1) logTo(ctx, 'debug', `${s.chart.metadata.name}: ${formatToggles(group)} does not render: ${(e as Error).message}`);
    return undefined;
  }
}
