// The optional search: images a chart can use but the given values do not. Toggles are flipped
// in groups (one render when nothing new appears, halving only where something does), so the
// search costs a few renders instead of one per toggle; then annotated images and image-shaped
// values blocks that no render produced are added, named by annotation or values path.

import { chartFullPath, type Chart } from '../../helm/chart/types.js';
import { fileText } from '../../helm/loader/load.js';
import type { Values } from '../../helm/engine/render-types.js';
import { annotationSites, type ChartAnnotations } from '../../discover/annotation-images.js';
import { discoverImages } from '../../discover/discover-images.js';
import { chartCrdDocs } from '../../helm/engine/render-chart.js';
import type { CandidateAudit } from '../../discover/candidate-audit.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import { toImageRef } from '../../discover/image-ref.js';
import type { ImageValueLeaf } from '../../discover/image-values.js';
import type { ChartTemplates } from '../../discover/absent-values.js';
import { unusedBlocks } from './unused-blocks.js';
import { markersIn, setInWithList, stripMarkers, type MarkedValues } from '../../discover/value-markers.js';
import {
  choiceToggles,
  conditionToggles,
  firstToggleRead,
  formatToggles,
  guardToggles,
  listToggles,
  maskingToggles,
  offToggles,
  type DependencyCondition,
  type ValueToggle,
} from '../../discover/value-toggles.js';
import { attachValuesPaths, withMarkedParts } from '../../discover/values-paths.js';
import { parsePath, type PathSegment } from '../../discover/field-path.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError } from '../../util/errors.js';
import { withToggle } from '../../overrides/values-optional.js';
import { logTo } from '../../util/ctx.js';
import type { Renders } from './render.js';

export interface OptionalSearch {
  chart: Chart;
  renders: Renders;
  user: Values;
  full: Values;
  leaves: readonly ImageValueLeaf[];
  marked: MarkedValues;
  /** Sites of the plain render (what is already needed). */
  sites: readonly ImageSite[];
  /** Sites of the marker render with the same values: what markers alone change is not new. */
  markedSites: readonly ImageSite[];
  /** The marker render succeeded (a chart may refuse marked values, e.g. by schema). */
  markersWork: boolean;
  /** Leaves the marker render left unmarked (matched by value). */
  unmarked: readonly ImageValueLeaf[];
  annotations: readonly ChartAnnotations[];
  /** Every template text of the chart tree, by where its chart's values sit. */
  templates: readonly ChartTemplates[];
  /** images --explain: where the toggled renders' decisions go. */
  audit?: CandidateAudit;
}

/**
 * A toggled render ran over the render budget: the search ends there (each of its renders has the
 * whole budget, so going on would cost the budget once per toggle group) and keeps what needs no
 * render, with a warning naming the chart, the toggles and the limit.
 */
class SearchOverBudget extends Error {
  constructor(
    readonly group: ValueToggle[],
    readonly over: AirgapError,
  ) {
    super(over.message);
  }
}

export async function findOptionalImages(s: OptionalSearch, ctx: Ctx = {}): Promise<ImageSite[]> {
  try {
    return await searchAll(s, ctx);
  } catch (e) {
    if (!(e instanceof SearchOverBudget)) throw e;
    const why = `${s.chart.metadata.name}: the optional search stopped: with ${formatToggles(e.group)}: ${e.over.message}`;
    logTo(
      ctx,
      'warn',
      `${why}; optional images of this chart are those its annotations and values blocks name; next: ${e.over.hint ?? 'raise --render-timeout'}`,
    );
    const known = new Set(s.sites.map((x) => x.ref));
    return [...notRendered(s.annotations.flatMap(annotationSites), known), ...unusedBlocks(s, known, new Set(), s.sites)];
  }
}

async function searchAll(s: OptionalSearch, ctx: Ctx): Promise<ImageSite[]> {
  // a site beside `enabled: false` hides only the same reading switched off, not the image a switch
  // brings on (the marker render gives a disabled subchart's defaults as values, and a values dump
  // then spells its image beside `enabled: false`)
  const known = new Set([...s.sites, ...s.markedSites].filter((x) => x.certainty === 'certain').map(knownKey));
  const seenMarkers = new Set(s.markedSites.flatMap((x) => markersIn(x.raw)));
  // a dependency's condition says which values the flip brings: that toggle wins over the same path's plain one
  const conditions = conditionToggles(dependencyConditions(s.chart), s.full);
  const toggles = [...offToggles(s.full).filter((t) => !conditions.some((c) => c.path === t.path)), ...conditions];
  const st: SearchState = { seen: seenMarkers, broken: new Set(), switches: toggles };
  const searched = await searchToggles(s, toggles, known, st, ctx);
  // further searches count what the earlier ones found as known
  const searchMore = async (group: ValueToggle[]) =>
    searched.push(...(await searchToggles(s, group, new Set([...known, ...searched.map((x) => x.ref)]), st, ctx)));
  // Toggles on together can hide what one brings: an if/else-if chain shows only its first branch
  // (cilium's operator image for eni, azure, alibabacloud), an `and .Values.x (not .Values.y)`
  // nothing while y is on (kube-prometheus-stack's certgen Jobs under a parent's switch). The group
  // is searched once more without the toggles read under `not`, and the chained ones alone
  // without those that brought images. A chart with neither shape costs no render more.
  const unmasked = async (group: ValueToggle[], from: number) => {
    const brought = new Set(searched.slice(from).flatMap((x) => x.toggle?.split(',') ?? []));
    const { chained, negated } = maskingToggles(s.templates, group);
    const fresh = (t: ValueToggle) => !brought.has(formatToggles([t]));
    // what a `not` hides may need a toggle that brought other images (a subchart's own switch) on
    if (negated.length > 0) await searchMore(group.filter((t) => !negated.includes(t)));
    const later = brought.size > 0 ? chained.filter(fresh) : [];
    if (later.length > 0) await searchMore(later);
  };
  await unmasked(toggles, 0);
  // A toggle that breaks every render it is in (a template error, not a check) split the search
  // apart: without it, toggles that only bring an image together (kafka's externalAccess.enabled
  // and defaultInitContainers.autoDiscovery.enabled) are searched together once more.
  if (st.broken.size > 0) await searchMore(toggles.filter((t) => !st.broken.has(t)));
  // lists empty by default (one stand-in entry each), then words of compared settings, round by round
  await searchMore(listToggles(s.templates, s.full));
  // booleans of other names that a template beside an image tests (kube-ovn's HYBRID_DPDK), in a
  // round of their own: a guard may need a named toggle left off (`and .Values.x (not .Values.y)`)
  const guards = guardToggles(s.templates, s.full).filter((g) => !toggles.some((t) => t.path === g.path));
  const before = searched.length;
  await searchMore(guards);
  await unmasked(guards, before);
  // guards that each pick a variant of one image (eck's -ubi and -fips) show the image both make
  // when on together: each is tried alone too, which costs a render only where that happened
  const combined = new Set(searched.slice(before).flatMap((x) => (x.toggle?.includes(',') ? x.toggle.split(',') : [])));
  for (const g of guards) if (combined.has(formatToggles([g]))) await searchMore([g]);
  for (const round of choiceToggles(s.templates, s.full)) await searchMore(round);
  const toggled = await askedMore(s, searched);
  const found = new Set([...known, ...toggled.map((x) => x.ref)].map((k) => k.replace(/\0off$/, '')));
  // a values block no render uses may hold the moved image too (bitnamilegacy/postgresql:T)
  const blocks = unusedBlocks(s, new Set(found), seenMarkers, [...s.sites, ...toggled]).map((b) => b.ref);
  const annotated = notRendered(s.annotations.flatMap(annotationSites), new Set([...found, ...blocks]));
  annotated.forEach((a) => found.add(a.ref));
  return [...toggled, ...annotated, ...unusedBlocks(s, found, seenMarkers, [...s.sites, ...toggled])];
}

/** Marks the images whose toggle the chart refuses without more values. */
async function askedMore(s: OptionalSearch, found: ImageSite[]): Promise<ImageSite[]> {
  const out: ImageSite[] = [];
  for (const x of found) out.push(x.toggle && (await refuses(s, x.toggle)) ? { ...x, toggleAsksMore: true } : x);
  return out;
}

/**
 * The chart refuses the toggle as it is: the search's own (lenient) render of it let a check
 * through (markers only change image strings, which asks already cover), and a strict render of
 * the user's values with it fails. Renders are memoised, so each toggle costs one at most.
 */
async function refuses(s: OptionalSearch, toggle: string): Promise<boolean> {
  const searched = s.markersWork ? await s.renders.checksPassed(withToggle(s.marked.overlay, toggle)) : undefined;
  if ((searched ?? (await s.renders.checksPassed(withToggle(s.user, toggle)))) === 0) return false;
  return s.renders.docs(withToggle(s.user, toggle)).then(
    () => false,
    () => true,
  );
}

/** Every dependency condition of the chart tree, with where each parent's values sit (by alias). */
function dependencyConditions(chart: Chart, at: string[] = []): DependencyCondition[] {
  const out: DependencyCondition[] = [];
  for (const dep of chart.metadata.dependencies ?? []) {
    if (dep.condition) out.push({ at, key: dep.alias ?? dep.name, condition: dep.condition });
    const sub = chart.dependencies.find((c) => c.metadata.name === dep.name);
    if (sub) out.push(...dependencyConditions(sub, [...at, dep.alias ?? dep.name]));
  }
  return out;
}

/**
 * What the search keeps across its groups: the markers rendered so far, and the toggles that do
 * not render alone even with the checks passed.
 */
interface SearchState {
  seen: Set<number>;
  broken: Set<ValueToggle>;
  /** The switches of the first search: a block of one of them holds an image's values, or none does. */
  switches: readonly ValueToggle[];
}

async function searchToggles(s: OptionalSearch, group: ValueToggle[], known: Set<string>, st: SearchState, ctx: Ctx): Promise<ImageSite[]> {
  if (group.length === 0) return [];
  const { seen } = st;
  const fresh = await renderToggled(s, group, seen, ctx);
  if (fresh === undefined && group.length === 1) st.broken.add(group[0]!);
  if (fresh === undefined) return group.length > 1 ? splitSearch(s, group, known, st, ctx) : [];
  // a list toggle's stand-in entry spelled into an image (a list of image names) is no image of the chart's
  const standIns = group.filter((t) => t.entry).map((t) => String(t.value));
  const added = fresh.filter((x) => x.certainty === 'certain' && !isKnown(known, x) && !standIns.some((w) => x.raw.includes(w)));
  if (added.length === 0) return [];
  if (group.length === 1) return added.map((x) => ({ ...x, toggle: formatToggles(group) }));
  const guessed = await tryNearestToggles(s, group, added, known, st, ctx);
  const rest = new Set(added.map((x) => x.ref).filter((r) => !guessed.some((g) => g.ref === r)));
  if (rest.size === 0) return guessed;
  const parts = [...guessed, ...(await splitSearch(s, group, known, st, ctx)).filter((x) => rest.has(x.ref))];
  const attributed = new Set(parts.map((x) => x.ref));
  const together = await nameTogether(
    s,
    group,
    added.filter((x) => !attributed.has(x.ref)),
    seen,
    ctx,
  );
  return [...parts, ...together];
}

/**
 * Images that appear only with several toggles at once (redis.enabled and
 * redis.sentinel.enabled): named by the toggles that enclose their values when those alone
 * bring them, else by the fewest toggles of the group that still do.
 */
async function nameTogether(s: OptionalSearch, group: ValueToggle[], images: ImageSite[], seen: Set<number>, ctx: Ctx): Promise<ImageSite[]> {
  const out: ImageSite[] = [];
  for (const img of images) {
    const enclosing = group.filter((t) => img.valuesPaths.some((p) => encloses(t, parsePath(p))));
    const subset = enclosing.length > 0 && enclosing.length < group.length ? enclosing : undefined;
    const confirmed = subset && (await renderToggled(s, subset, seen, ctx))?.some(sameSite(img));
    const toggles = confirmed ? subset : await fewestToggles(s, group, img, seen, ctx);
    out.push({ ...(await asRenderedWith(s, toggles, img, seen, ctx)), toggle: formatToggles(toggles) });
  }
  return out;
}

/**
 * The same image in the same object, by template and position as sites are matched everywhere
 * (a random name does not move it); its field path may move as other toggles add containers. A
 * reading beside `enabled: false` is not the same as one switched on.
 */
const objectKey = (x: ImageSite): string => `${siteKey({ ...x.source, fieldPath: '' })}\0${x.ref}${x.switchedOff ? '\0off' : ''}`;

/** What a default render's site makes known: its reference, or only its switched-off reading. */
const knownKey = (x: ImageSite): string => (x.switchedOff ? `${x.ref}\0off` : x.ref);
const isKnown = (known: ReadonlySet<string>, x: ImageSite): boolean => known.has(x.ref) || (x.switchedOff !== undefined && known.has(knownKey(x)));
const sameSite =
  (img: ImageSite) =>
  (x: ImageSite): boolean =>
    objectKey(x) === objectKey(img);

/**
 * The image as the render with just these toggles has it: with the whole group on, other
 * toggles' containers came first (kafka's volume-permissions init container), so the field path
 * `values` checks after the toggle alone must come from that render (one memoised render).
 */
async function asRenderedWith(s: OptionalSearch, toggles: ValueToggle[], img: ImageSite, seen: Set<number>, ctx: Ctx): Promise<ImageSite> {
  if (toggles.length === 0) return img;
  const sites = ((await renderToggled(s, toggles, seen, ctx)) ?? []).filter(sameSite(img));
  return sites.find((x) => x.source.fieldPath === img.source.fieldPath) ?? sites[0] ?? img;
}

/**
 * The fewest toggles of a group that still bring the image: halves of the candidates are dropped
 * while the image stays, a half that cannot go is split (kafka's kubectl: externalAccess.enabled
 * and defaultInitContainers.autoDiscovery.enabled out of 30, in about 20 renders, not 30).
 */
async function fewestToggles(s: OptionalSearch, group: ValueToggle[], img: ImageSite, seen: Set<number>, ctx: Ctx): Promise<ValueToggle[]> {
  let kept = group;
  const drop = async (candidates: ValueToggle[]): Promise<void> => {
    const without = kept.filter((k) => !candidates.includes(k));
    if (without.length > 0 && (await renderToggled(s, without, seen, ctx))?.some(sameSite(img))) {
      kept = without;
      return;
    }
    if (candidates.length < 2) return;
    const mid = candidates.length >> 1;
    await drop(candidates.slice(0, mid));
    await drop(candidates.slice(mid));
  };
  await drop(group);
  return kept;
}

/** The toggle's block holds this values path (hotReload.enabled holds hotReload.image.tag). */
function encloses(t: ValueToggle, segs: readonly (string | number)[]): boolean {
  const dir = t.scope ?? t.segments.slice(0, -1);
  return dir.length > 0 && dir.length <= segs.length && dir.every((d, i) => segs[i] === d);
}

/**
 * The toggle beside an image's values (hotReload.enabled for hotReload.image.tag) is usually the
 * one that adds it, and for an image whose values no switch's block holds, the toggle its template
 * reads first (gpu-operator's gpuCluster.deployCR around the custom resource that brings
 * dra-driver from draDriver.*): one render each confirms it, before the blind halving (which took
 * that one 8 renders of 25 toggles).
 */
async function tryNearestToggles(
  s: OptionalSearch,
  group: ValueToggle[],
  added: ImageSite[],
  known: Set<string>,
  st: SearchState,
  ctx: Ctx,
): Promise<ImageSite[]> {
  const near = new Set<ValueToggle>();
  for (const img of added) {
    const t = nearestToggle(group, img) ?? templateToggle(s.chart, group, img, st.switches);
    if (t) near.add(t);
  }
  const out: ImageSite[] = [];
  for (const t of near) {
    const fresh = await renderToggled(s, [t], st.seen, ctx);
    const wanted = new Set(added.map((x) => x.ref));
    for (const x of fresh ?? []) if (x.certainty === 'certain' && !isKnown(known, x) && wanted.has(x.ref)) out.push({ ...x, toggle: formatToggles([t]) });
  }
  return out;
}

function nearestToggle(group: ValueToggle[], img: ImageSite): ValueToggle | undefined {
  let best: ValueToggle | undefined;
  for (const t of group) {
    if (img.valuesPaths.some((p) => encloses(t, parsePath(p))) && (!best || t.segments.length > best.segments.length)) best = t;
  }
  return best;
}

/**
 * The toggle the image's own template reads first (firstToggleRead), for an image whose values no
 * switch's block holds. An image under a switch of another group (postgresql.volumePermissions.*,
 * off in a group that holds postgresql.tls.enabled too) is left to the halving: several toggles
 * may bring it, and the halving names the one it always named.
 */
function templateToggle(chart: Chart, group: ValueToggle[], img: ImageSite, switches: readonly ValueToggle[]): ValueToggle | undefined {
  if (switches.some((t) => img.valuesPaths.some((p) => encloses(t, parsePath(p))))) return undefined;
  const t = templateOf(chart, img.source.template);
  return t && firstToggleRead(t.text, t.at, group);
}

/** A template of the chart tree by its rendered name ("parent/charts/sub/templates/x.yaml"), with where its chart's values sit. */
function templateOf(c: Chart, name: string, at: PathSegment[] = []): { text: string; at: PathSegment[] } | undefined {
  const path = chartFullPath(c);
  if (!name.startsWith(`${path}/`)) return undefined;
  const own = c.templates.find((t) => `${path}/${t.name}` === name);
  if (own) return { text: fileText(own), at };
  for (const d of c.dependencies) {
    const dep = (c.metadata.dependencies ?? []).find((x) => x.name === d.metadata.name);
    const found = templateOf(d, name, [...at, dep?.alias ?? d.metadata.name]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Halves by alternate position, not by range: neighbouring toggles are often siblings that a
 * chart forbids together (podmonitor.enabled and servicemonitor.enabled), and apart they render.
 */
async function splitSearch(s: OptionalSearch, group: ValueToggle[], known: Set<string>, st: SearchState, ctx: Ctx): Promise<ImageSite[]> {
  const left = await searchToggles(
    s,
    group.filter((_, i) => i % 2 === 0),
    known,
    st,
    ctx,
  );
  const right = await searchToggles(
    s,
    group.filter((_, i) => i % 2 === 1),
    known,
    st,
    ctx,
  );
  return [...left, ...right];
}

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
async function renderToggled(s: OptionalSearch, group: ValueToggle[], seen: Set<number>, ctx: Ctx): Promise<ImageSite[] | undefined> {
  const marked = s.markersWork ? await renderWith(s, s.marked.overlay, group, ctx) : undefined;
  if (marked) {
    return marked.map((x) => {
      const markers = markersIn(x.raw);
      markers.forEach((n) => seen.add(n));
      const leaves = markers.map((n) => s.marked.leaves.get(n)).filter((l): l is ImageValueLeaf => l !== undefined);
      return withMarkedParts({ ...x, raw: stripMarkers(x.raw) }, leaves, s.unmarked);
    });
  }
  if (s.markersWork && group.length > 1) return undefined;
  const plain = await renderWith(s, s.user, group, ctx);
  return plain && attachValuesPaths(plain, [], s.marked.leaves);
}

async function renderWith(s: OptionalSearch, base: Values, group: ValueToggle[], ctx: Ctx): Promise<ImageSite[] | undefined> {
  const values = structuredClone(base);
  for (const t of group) setInWithList(values, s.full, t.segments, t.value);
  try {
    return discoverImages(await s.renders.docs(values, true), { clean: stripMarkers, parsedFromText: true, audit: s.audit, crds: chartCrdDocs(s.chart) });
  } catch (e) {
    if (e instanceof AirgapError && e.code === 'ERR_RENDER_BUDGET') throw new SearchOverBudget(group, e);
    if (group.length === 1) logTo(ctx, 'debug', `${s.chart.metadata.name}: ${formatToggles(group)} does not render: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The annotated images no rendered one stands for. An annotation names the image, the render
 * names the version: any version of the same repository covers it. And the same name and tag
 * under another repository is that image moved by the parent's values (a Bitnami subchart's
 * `bitnami/redis:8.2.1` run as `bitnamilegacy/redis:8.2.1`, or under a global registry).
 */
function notRendered(annotated: readonly ImageSite[], found: ReadonlySet<string>): ImageSite[] {
  const refs = [...found].map((k) => toImageRef(k)).filter((r) => r !== undefined);
  const repositories = new Set(refs.map((r) => `${r.domain}/${r.path}`));
  const moved = new Set(refs.map(nameAndVersion));
  return annotated.filter((a) => {
    const r = toImageRef(a.ref);
    return !r || (!repositories.has(`${r.domain}/${r.path}`) && !moved.has(nameAndVersion(r)));
  });
}

/** The last path component and the tag or digest: what stays when a repository moves (`latest` names no one image). */
function nameAndVersion(r: NonNullable<ReturnType<typeof toImageRef>>): string {
  if (r.tag === 'latest' && !r.digest) return `\0${r.domain}/${r.path}`;
  return `${r.path.slice(r.path.lastIndexOf('/') + 1)}:${r.tag ?? ''}@${r.digest ?? ''}`;
}
