// An operator's default whose override flag the chart writes from no value of its own, while the
// operator's container takes a free-form list of the chart's values as its arguments (Perses
// Operator's `manager.args`, an `extraArgs: []`): that list is the default's values route, one
// entry written as the flag. Which list the container reads is not guessed from names: each
// candidate list is given a stand-in entry in one probe render (app/scan/chart-images.ts), and the
// list whose stand-in the operator's container holds is the one. Pure.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { isRecord } from '../../util/is-record.js';
import { settingPart } from './default-overrides.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import { unsetSetting } from './builtin-routes.js';
import { containerAt, docsByPlace } from './sightings.js';
import { withParts } from '../values/values-paths.js';

/** A list of strings in the chart's values that a template may pass to a container as its arguments. */
export interface ArgList {
  path: string;
  segments: PathSegment[];
  items: string[];
}

/** At most this many lists are probed (one render holds them all). */
const MAX_LISTS = 40;

/** A key that names arguments: an empty list under it may be one (`extraArgs: []`). */
const ARGS_KEY = /arg|flag/i;

/**
 * The lists of strings in `values` that may be a container's arguments: one holding a flag (an
 * entry that starts with `-`), or an empty one under a key that names arguments. Lists inside
 * lists are not followed (a container's list of arguments is a value of its own).
 */
export function argLists(values: Record<string, unknown>): ArgList[] {
  const out: ArgList[] = [];
  const visit = (v: Record<string, unknown>, segs: PathSegment[]): void => {
    for (const [k, x] of Object.entries(v)) {
      if (out.length >= MAX_LISTS) return;
      const at = [...segs, k];
      if (isRecord(x)) visit(x, at);
      else if (Array.isArray(x) && x.every((i) => typeof i === 'string') && (x.length > 0 ? x.some((i) => i.startsWith('-')) : ARGS_KEY.test(k)))
        out.push({ path: formatPath(at), segments: at, items: x });
    }
  };
  visit(values, []);
  return out;
}

/** The stand-in entry given to list `n` of the probe render: a flag no program takes. */
export const argProbe = (n: number): string => `--zq${n}-airgap-probe`;

/**
 * The defaults (`sites`) whose override flag is unset, each with the list whose stand-in (`probe`)
 * its operator's container holds as an argument in `docs` (the probe render) as its values route:
 * the list's entry that sets the flag already, else one after the chart's own entries (one entry
 * per flag: two defaults set by two flags take two).
 */
export function withListSettings(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[],
  lists: readonly ArgList[],
  probe: (n: number) => string = argProbe,
): ImageSite[] {
  const byPlace = docsByPlace(docs);
  const added = new Map<string, number>();
  return sites.map((s) => {
    const flag = unsetSetting(s) ? s.builtin!.overrideFlag : undefined;
    const part = flag ? settingPart(s.builtin!.overrideTakes) : undefined;
    const container = part ? containerAt(s.source, byPlace) : undefined;
    const words = container ? [container.command, container.args].flatMap((a) => (Array.isArray(a) ? a : [])) : [];
    const n = lists.findIndex((_, i) => words.includes(probe(i)));
    if (n < 0 || part === undefined) return s;
    const { items, segments } = lists[n]!;
    const own = items.findIndex((x) => x.startsWith(`${flag}=`));
    const at: PathSegment[] = [...segments, entryIndex(added, n, flag!, own, items.length)];
    return withParts(s, [{ path: formatPath(at), segments: at, part, value: own >= 0 ? items[own]! : '', flag }]);
  });
}

/**
 * The entry of candidate list `n` a setting is written at: its own entry (`own`), else the next
 * after the list's `length` entries and those other settings took before it (`added`, one each).
 */
export function entryIndex(added: Map<string, number>, n: number, setting: string, own: number, length: number): number {
  if (own >= 0) return own;
  const key = `${n}\0${setting}`;
  if (!added.has(key)) added.set(key, length + [...added.keys()].filter((k) => k.startsWith(`${n}\0`)).length);
  return added.get(key)!;
}

/** Whether a default of these sites may take its override flag from an argument list (the probe render is asked only then). */
export const wantsArgList = (sites: readonly ImageSite[]): boolean => sites.some((s) => unsetSetting(s) && s.builtin?.overrideFlag !== undefined);
