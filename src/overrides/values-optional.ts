// Optional images (a toggle such as hotReload.enabled=true turns them on) get overrides too, when
// carried: an install that flips the toggle later must not reach for the internet. Each toggle is
// proven by its own render with the toggle set.
import { siteKey, type ImageSite } from '../discover/image-site.js';
import { discoverImages } from '../discover/discover-images.js';
import type { Chart } from '../helm/chart/types.js';
import { coalesceTables, deepCopyValue } from '../helm/values/coalesce.js';
import type { Renderer } from '../helm/engine/renderer.js';
import type { RenderOptions, Values } from '../helm/engine/render-types.js';
import { parseSetInto } from '../helm/values/strvals.js';
import type { Placement } from './placement.js';
import { verifyOverride, type VerifyProblem } from './verify.js';

const whereKey = (s: ImageSite) => siteKey(s.source);

/** Optional sites a toggle turns on, whose values name the image, and (if given) that are carried. */
export function overridableOptional(sites: readonly ImageSite[], carried?: ReadonlySet<string>): ImageSite[] {
  return sites.filter((s) => s.toggle && s.certainty === 'certain' && (s.valuesParts ?? []).length > 0 && (!carried || carried.has(s.ref)));
}

export interface OptionalCheck {
  chart: Chart;
  renderer: Renderer;
  render: Omit<RenderOptions, 'values'>;
  user: Values;
  override: Values;
  to: Placement;
  /** Where each site must point after the override (default `to.mapRef`; pinned or not per site). */
  expect?: (s: ImageSite) => string;
}

/** Renders once per toggle with the override and checks the sites that toggle brings. */
export async function verifyOptional(sites: readonly ImageSite[], c: OptionalCheck): Promise<VerifyProblem[]> {
  const byToggle = new Map<string, ImageSite[]>();
  for (const s of sites) byToggle.set(s.toggle!, [...(byToggle.get(s.toggle!) ?? []), s]);
  const problems: VerifyProblem[] = [];
  for (const [toggle, group] of byToggle) {
    // found with the chart's checks passed (it asks for more values with the toggle): proven so too
    const lenientChecks = group.some((s) => s.toggleAsksMore);
    // as `helm install -f USER -f OVERRIDE --set TOGGLE`: --set goes into the files' values, so a
    // switch inside a list entry the override rewrote (lists replace whole) lands in that list
    const values = withToggle(coalesceTables(deepCopyValue(c.override), deepCopyValue(c.user)), toggle);
    const docs = (await c.renderer.render(c.chart, { ...c.render, values, disposable: true, lenientChecks })).docs;
    const keys = new Set(group.map(whereKey));
    const after = discoverImages(docs, { parsedFromText: true }).filter((s) => s.certainty === 'certain' && keys.has(whereKey(s)));
    problems.push(...verifyOverride(group, after, c.to, c.expect));
  }
  return problems;
}

/** A copy of the user's values with an optional image's toggle set (`a.enabled=true`, as --set reads it). */
export function withToggle(user: Values, toggle: string): Values {
  const out = deepCopyValue(user);
  parseSetInto(toggle, out, 'typed');
  return out;
}
