// The setting that switches on what a custom resource switches off (a plugin, a component with
// `disable: true`): named on the site, so the listing says how to turn it on.
import type { ImageSite } from '../../discover/image-site.js';
import { parsePath, type PathSegment } from '../../discover/field-path.js';
import { disableToggles, isNegativeFlag, onSetting } from '../../discover/toggles/index.js';
import { formatToggles, type ValueToggle } from '../../discover/toggles/index.js';

/**
 * Sites a custom resource switches off get the setting that switches them on: the values toggle
 * whose block holds their values (policy.dcgm.enabled for policy.dcgm.version), else the
 * resource's own flag. They stay sites, so `values` still moves them.
 */
export function nameSwitches(sites: ImageSite[], switches: () => readonly ValueToggle[], values: Record<string, unknown>): ImageSite[] {
  // the values' switches are walked only for a chart with a plugin switched off
  let toggles: readonly ValueToggle[] | undefined;
  let negative: ValueToggle[] | undefined;
  return sites.map((s) => {
    if (!s.switchedOff || s.certainty !== 'certain' || s.toggle) return s;
    // a negative flag (`disable: true`) is switched back on by the values' own `disable`, set false
    const among = isNegativeFlag(s.switchedOff) ? (negative ??= disableToggles(values)) : (toggles ??= switches());
    const near = among.filter((t) => s.valuesPaths.some((p) => encloses(t.segments, parsePath(p)))).sort((a, b) => b.segments.length - a.segments.length)[0];
    return { ...s, toggle: near ? formatToggles([near]) : `${s.source.kind}/${s.source.name} ${onSetting(s.switchedOff)}` };
  });
}

/** The toggle's block holds this path (policy.dcgm.enabled holds policy.dcgm.version). */
function encloses(toggle: readonly PathSegment[], segs: readonly PathSegment[]): boolean {
  const dir = toggle.slice(0, -1);
  return dir.length > 0 && dir.length <= segs.length && dir.every((d, i) => segs[i] === d);
}
