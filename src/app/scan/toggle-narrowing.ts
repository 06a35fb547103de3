// Naming the toggles that bring an image a group render found: the toggle beside its values or
// the one its template reads first (one render to confirm), the enclosing toggles, else the
// fewest of the group that still bring it.

import { chartFullPath, type Chart } from '../../helm/chart/types.js';
import { fileText } from '../../helm/loader/load.js';
import type { ImageSite } from '../../discover/image-site.js';
import { firstToggleRead, formatToggles, type ValueToggle } from '../../discover/toggles/index.js';
import { formatPath, parsePath, type PathSegment } from '../../discover/field-path.js';
import type { Ctx } from '../../util/ctx.js';
import { isKnown, renderToggled, sameSite, type OptionalSearch, type SearchState } from './toggled-render.js';

/**
 * Images that appear only with several toggles at once (redis.enabled and
 * redis.sentinel.enabled): named by the toggles that enclose their values when those alone
 * bring them, else by the fewest toggles of the group that still do.
 */
export async function nameTogether(s: OptionalSearch, group: ValueToggle[], images: ImageSite[], seen: Set<number>, ctx: Ctx): Promise<ImageSite[]> {
  const out: ImageSite[] = [];
  for (const img of images) {
    const enclosing = group.filter((t) => img.valuesPaths.some((p) => encloses(t, parsePath(p))));
    const subset = enclosing.length > 0 && enclosing.length < group.length ? enclosing : undefined;
    const confirmed = subset && (await renderToggled(s, subset, seen, ctx))?.some(sameSite(img));
    // switches side by side in one block (dysnix/bsc's bsc.initFromRsync beside bsc.initGenesis, all
    // enclosing bsc.initFromRsyncImage) are alternatives, not nested: the fewest of them is searched
    const siblings = subset !== undefined && new Set(subset.map((t) => formatPath(t.scope ?? t.segments.slice(0, -1)))).size < subset.length;
    const toggles = confirmed ? (siblings ? await fewestToggles(s, subset, img, seen, ctx) : subset) : await fewestToggles(s, group, img, seen, ctx);
    out.push({ ...(await asRenderedWith(s, toggles, img, seen, ctx)), toggle: formatToggles(toggles) });
  }
  return out;
}

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
export function encloses(t: ValueToggle, segs: readonly (string | number)[]): boolean {
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
export async function tryNearestToggles(
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

export function nearestToggle(group: readonly ValueToggle[], img: ImageSite): ValueToggle | undefined {
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
export function templateOf(c: Chart, name: string, at: PathSegment[] = []): { text: string; at: PathSegment[] } | undefined {
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
