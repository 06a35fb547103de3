// Optional images (a toggle such as hotReload.enabled=true turns them on) get overrides too, when
// carried: an install that flips the toggle later must not reach for the internet. Each toggle is
// proven by its own render with the toggle set.
import { siteKey, type ImageSite, type ValuesPart } from '../discover/image-site.js';
import { toImageRef } from '../discover/image-ref.js';
import { discoverImages } from '../discover/discover-images.js';
import type { Chart } from '../helm/chart/types.js';
import { coalesceTables, deepCopyValue } from '../helm/values/coalesce.js';
import type { Renderer } from '../helm/engine/renderer.js';
import type { RenderOptions, Values } from '../helm/engine/render-types.js';
import { parseSetInto } from '../helm/values/strvals.js';
import { heldInValues } from './held-values.js';
import type { Placement } from './placement.js';
import { settingSites, verifyOverride, type VerifyProblem } from './verify.js';

const whereKey = (s: ImageSite) => siteKey(s.source);

/**
 * Optional sites a toggle turns on, whose values name the image, or hold it inside a longer string
 * (LangSmith's operator templates, a StatefulSet's YAML in `operator.templates.db`: moved as a
 * needed one is, by that string, prove.ts adviseHeldValues), and (if given) that are carried.
 */
export function overridableOptional(sites: readonly ImageSite[], carried?: ReadonlySet<string>, values?: Record<string, unknown>): ImageSite[] {
  const named = (s: ImageSite) => (s.valuesParts ?? []).length > 0 || (values !== undefined && heldInValues(values, s.raw, s.ref).length > 0);
  return sites.filter((s) => s.toggle && s.certainty === 'certain' && named(s) && (!carried || carried.has(s.ref)));
}

/**
 * Toggles under which a values part of a default image stands for another text (odigos'
 * `openshift.enabled` makes the helper fill a null `imagePrefix` with another registry, for other
 * image names), or the same empty value for another image (windmill's `windmill.image`, the
 * community image's `default` and, under `enterprise.enabled`, the enterprise one's): one value
 * cannot put both at their targets, so the default images keep it and every image of that toggle
 * is left out (written for the defaults, the value would run the default image in its place, or
 * send it to paths the mirror lacks), with the setting named. `settled`: a value the override
 * leaves as the chart has it, or sets to what this image needs too (a global registry the plan
 * sets to the target host for every image, each repository carrying its own path: cf-runtime's),
 * clashes with nothing.
 */
export function defaultClashes(
  sites: readonly ImageSite[],
  optional: readonly ImageSite[],
  settled: (s: ImageSite, path: string) => boolean = () => false,
): Map<string, string> {
  const moving = (p: ValuesPart) => p.part !== 'tag' && p.part !== 'digest';
  const byPath = new Map<string, { value: string; image: string }>();
  for (const s of sites)
    for (const p of s.valuesParts ?? []) if (moving(p) && !byPath.has(p.path)) byPath.set(p.path, { value: p.value, image: partImage(s, p) });
  const out = new Map<string, string>();
  for (const s of optional) {
    const p = (s.valuesParts ?? []).find((x) => {
      const d = moving(x) && !settled(s, x.path) ? byPath.get(x.path) : undefined;
      // an empty value both read: each template's `default` picks the image, so the images may differ;
      // a value that is set carries its image, and a switch that derives a variant from it (`-ubi`) follows
      return d !== undefined && (d.value !== x.value || (x.value === '' && d.image !== partImage(s, x)));
    });
    if (p && !out.has(s.toggle!)) {
      const d = byPath.get(p.path)!;
      const was =
        d.value === p.value
          ? `${d.image}, with this setting for ${partImage(s, p)}`
          : `${d.value || 'an empty value'}, with this setting for ${p.value || 'an empty value'}`;
      out.set(s.toggle!, `${p.path} also names the default images (there it stands for ${was}): set it for these images yourself when you turn that on`);
    }
  }
  return out;
}

/**
 * Settings of the optional images whose values clash with another setting's (defaultClashes
 * between them): a setting of fewer parts first keeps the values it needs, a later one clashing
 * with it is left out, named with the value.
 */
export function optionalClashes(optional: readonly ImageSite[], settled: (s: ImageSite, path: string) => boolean): Map<string, string> {
  const byToggle = new Map<string, ImageSite[]>();
  for (const s of optional) byToggle.set(s.toggle!, [...(byToggle.get(s.toggle!) ?? []), s]);
  const order = [...byToggle.keys()].sort((a, b) => a.split(',').length - b.split(',').length);
  const kept: ImageSite[] = [];
  const out = new Map<string, string>();
  for (const toggle of order) {
    const group = byToggle.get(toggle)!;
    const clash = defaultClashes(kept, group, settled).get(toggle);
    if (clash) out.set(toggle, clash.replace('also names the default images', 'also names the images of a setting of fewer parts'));
    else kept.push(...group);
  }
  return out;
}

/**
 * What a values part of a site picks: the registry's host, or the repository a repository or
 * whole-image value leads to. An empty registry the render leaves out, the reference starting with
 * the repository value (`airbyte/server`, or one naming its own host, `public.ecr.aws/x/y`), picks
 * nothing: set, it is a prefix before every such repository alike (Airbyte's global.image.registry).
 */
function partImage(s: ImageSite, p: ValuesPart): string {
  const r = toImageRef(s.ref);
  if (!r) return s.ref;
  if (p.part === 'registry' && p.value === '') {
    const repository = s.valuesParts?.find((x) => x.part === 'repository' && x.value !== '')?.value;
    if (repository !== undefined && s.raw.trim().startsWith(repository)) return '';
  }
  return p.part === 'registry' ? r.domain : `${r.domain}/${r.path}`;
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
  /** Every target the override writes, for any image: a field listing several shows the others' too. */
  targets?: ReadonlySet<string>;
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
    const found = discoverImages(docs, { parsedFromText: true }).filter((s) => s.certainty === 'certain');
    // an operator's default the override moved through its setting: proven where that setting is rendered
    // one field can list several images (OpenStack-Helm's IMAGE_SYNC_LIST): an entry at another
    // image's target is that image's, proven with it, not this setting's image changed
    const wanted = new Set(group.map((s) => `${whereKey(s)}\0${(c.expect ?? ((x) => c.to.mapRef(x.ref)))(s)}`));
    const others = (s: ImageSite) => c.targets?.has(s.ref) === true && !wanted.has(`${whereKey(s)}\0${s.ref}`);
    const after = [...found.filter((s) => keys.has(whereKey(s)) && !others(s)), ...settingSites(group, found, c.expect ?? ((s) => c.to.mapRef(s.ref)))];
    problems.push(...verifyOverride(group, after, c.to, c.expect));
  }
  return problems;
}

/**
 * A copy of the user's values with an optional image's toggle set (`a.enabled=true`, as --set reads
 * it). A count (`replicaCount=1`) is set as a values file holds a number, a float: a chart may compare
 * it with one (Rucio's `gt .Values.replicaCount 0.0`), which --set's integer fails in Helm too.
 */
export function withToggle(user: Values, toggle: string): Values {
  const out = deepCopyValue(user);
  for (const setting of toggle.split(',')) parseSetInto(setting, out, COUNT.test(setting) ? 'json' : 'typed');
  return out;
}

const COUNT = /^[^=]+=\d+$/;
