// Workloads that may start pods of their own only with a switch of the chart on (an operator whose
// Role to create Deployments the chart renders under `gatewayAPI.controller.enabled`): the creator
// check (discover/sites/pod-creators.ts) runs on the default render, where such a workload has no rights,
// so nothing was said of it while --optional, which renders the switch, listed nothing for it
// either. The optional search's toggled renders are checked too; a creator the default render
// lacks is narrowed to the switches that bring it and warned of, named with them.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { OperatorWarning } from '../../discover/operators/index.js';
import type { ImageSite } from '../../discover/image-site.js';
import type { OperatorSightings } from '../../discover/operators/index.js';
import { unreadPodCreators } from '../../discover/sites/index.js';
import { stripMarkers } from '../../discover/values/index.js';
import { formatToggles, type ValueToggle } from '../../discover/toggles/index.js';
import type { Ctx } from '../../util/ctx.js';
import type { OptionalSearch } from './optional-search-types.js';

interface Seen {
  /** Per toggle group rendered (formatToggles), the creators its render showed that the default render lacks. */
  byGroup: Map<string, Set<string>>;
  /** Per creator, the smallest group that showed it, its warning (markers stripped) and the template that made it. */
  byCreator: Map<string, { group: ValueToggle[]; warning: OperatorWarning; template?: string }>;
}

const seenBySearch = new WeakMap<OptionalSearch, Seen>();

/** Records the creators a toggled render shows beyond the default render's (`s.creators`). */
export function recordCreators(
  s: OptionalSearch,
  group: readonly ValueToggle[],
  docs: readonly RenderedDoc[],
  sites: readonly ImageSite[],
  operators: OperatorSightings,
): void {
  if (!s.creators) return;
  let seen = seenBySearch.get(s);
  if (!seen) seenBySearch.set(s, (seen = { byGroup: new Map(), byCreator: new Map() }));
  const key = formatToggles([...group]);
  const shown = seen.byGroup.get(key) ?? new Set<string>();
  seen.byGroup.set(key, shown);
  for (const w of unreadPodCreators(docs, sites, operators)) {
    if (!w.creator || s.creators.has(w.creator)) continue;
    shown.add(w.creator);
    const before = seen.byCreator.get(w.creator);
    if (!before || group.length < before.group.length) {
      const template = docs.find((d) => creatorOf(d) === w.creator)?.template;
      const warning = { ...w, message: stripMarkers(w.message), next: stripMarkers(w.next) };
      seen.byCreator.set(w.creator, { group: [...group], warning, ...(template ? { template } : {}) });
    }
  }
}

/**
 * The creators the search's toggled renders showed, each narrowed to the switches that bring it
 * (halves by alternate position, as the image search splits; where neither half alone shows it,
 * the group it needs together) and warned of with them. `render` renders a group, recording.
 */
export async function creatorsUnderToggles(s: OptionalSearch, render: (group: ValueToggle[]) => Promise<unknown>, ctx: Ctx = {}): Promise<OperatorWarning[]> {
  const seen = seenBySearch.get(s);
  if (!seen) return [];
  const shows = async (group: ValueToggle[], creator: string): Promise<boolean> => {
    const key = formatToggles(group);
    if (!seen.byGroup.has(key)) {
      try {
        await render(group);
      } catch {
        return false;
      }
    }
    return seen.byGroup.get(key)?.has(creator) ?? false;
  };
  const out: (OperatorWarning & { template?: string; standIn: boolean })[] = [];
  for (const [creator, { group, warning, template }] of [...seen.byCreator]) {
    let narrowed = group;
    while (narrowed.length > 1) {
      const halves = [narrowed.filter((_, i) => i % 2 === 0), narrowed.filter((_, i) => i % 2 === 1)];
      const half = (await shows(halves[0]!, creator)) ? halves[0]! : (await shows(halves[1]!, creator)) ? halves[1]! : undefined;
      if (!half) break;
      narrowed = half;
    }
    if (ctx.signal?.aborted) break;
    const toggles = formatToggles(narrowed);
    const standIn = narrowed.every((t) => t.entry);
    out.push({
      ...warning,
      message: `with ${toggles}: ${warning.message}`,
      next: `if you set ${toggles}: ${warning.next}`,
      standIn,
      ...(template ? { template } : {}),
    });
  }
  // a map's or list's stand-in entry makes one more object of a template a switch already brings
  // (a StatefulSet per entry of SeaweedFS' `volumes` beside `volume.enabled`'s): the same program,
  // said once, with the switch
  const switched = new Set(out.filter((w) => !w.standIn && w.template).map((w) => w.template));
  return out.filter((w) => !(w.standIn && w.template && switched.has(w.template))).map(({ template: _t, standIn: _s, ...w }) => w);
}

/** `Kind/name` of a rendered document's object, as pod-creators.ts names a creator. */
function creatorOf(d: RenderedDoc): string | undefined {
  const o = d.object as { kind?: unknown; metadata?: { name?: unknown } } | null | undefined;
  return typeof o?.kind === 'string' && typeof o.metadata?.name === 'string' ? `${o.kind}/${o.metadata.name}` : undefined;
}
