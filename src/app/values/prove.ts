// The proof of one release's override: build it, render the chart again with it and run
// discovery on the output; each site must show the target chosen for it. values.ts runs the
// rounds (pins the templates ignore, registries put in front of whole references) over these.
import { asksOf, withAsks, type SubstitutionAsk } from '../../overrides/substitution-asks.js';
import { discoverImages } from '../../discover/discover-images.js';
import { builtinImages } from '../../discover/operators/index.js';
import { dropOperatorParts, joinsBlockOf } from '../../discover/operators/index.js';
import { sightOperators } from '../../discover/operators/index.js';
import { overrideValue } from '../../discover/operators/index.js';
import { isRecord } from '../../util/is-record.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { isSchemaDefault } from '../../discover/sites/index.js';
import { isTestHook, siteKey, type BuiltinProvenance, type ImageSite, type ImageSource } from '../../discover/image-site.js';
import { renderedValues } from '../../helm/values/prepare.js';
import { coalesceTables, deepCopyValue } from '../../helm/values/coalesce.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import type { HelmLine } from '../../helm/engine/defaults.js';
import { parseReference } from '../../oci/reference.js';
import type { Placement } from '../../overrides/placement.js';
import type { ValuesRelease } from '../../overrides/values-sources.js';
import { setKeepingLists } from '../../overrides/values-lists.js';
import { wholeImagePath } from '../../overrides/target-paths.js';
import { buildOverride, type HardcodedImage, type OverrideOptions, type ValuesOverride } from '../../overrides/values-writer.js';
import { heldInValues, putTarget, type HeldValue } from '../../overrides/held-values.js';
import { toImageRef } from '../../discover/image-ref.js';
import { parentPath, parsePath } from '../../discover/field-path.js';
import { getIn } from '../../discover/values/index.js';
import { settingSites, verifyOverride, type VerifyProblem } from '../../overrides/verify.js';
import { controllerPrefixedSites } from '../../overrides/controller-prefix.js';
import type { PinWay } from '../../overrides/digest-pins.js';
import { verifyOptional, withToggle } from '../../overrides/values-optional.js';
import type { ValuesReleaseReport } from './values-types.js';

const whereKey = siteKey;

/**
 * Sites the re-render lost or changed whose whole reference (or repository with its host) is one
 * value, while the override also sets a registry value to the target host: the shape where the
 * template prefixes that registry to the reference (`{{ with .Values.global.imageRegistry }}{{ . }}/{{ end }}`),
 * doubling it. A registry the template compares with its default (IOMesh's `if eq
 * .Values.global.registry "docker.io/"` around a repository alone) is in front only once another
 * image's override has moved it: the default render showed the repository on its own.
 */
export function registryInFront(r: ValuesReleaseReport, moved: readonly ImageSite[]): string[] {
  const strings = new Set<string>();
  collectStrings(r.values, strings);
  // a registry value written with the slash its template joins without one (`docker.io/`)
  const hosts = new Set([...strings].map((s) => s.replace(/\/+$/, '')));
  const out: string[] = [];
  for (const p of r.problems) {
    if (p.kind === 'outside-target' || !p.expected) continue;
    const k = whereKey(p.where);
    const site = moved.find((s) => whereKey(s.source) === k);
    const parts = site?.valuesParts ?? [];
    if (!parts.some((x) => x.part === 'image' || x.part === 'repository') || parts.some((x) => x.part === 'registry' && joinedIn(x.value, site!.raw))) continue;
    if (hosts.has(parseReference(p.expected).registry)) out.push(k);
  }
  return [...new Set(out)];
}

/**
 * Sites the re-render lost or changed whose name is one image value joined to a registry value:
 * the template may use that value whole once it holds a `/` (Istio), which the part-by-part
 * writing (the path without host and tag) then breaks; the next round writes the whole target there.
 */
export function wholeImageRetry(r: ValuesReleaseReport, moved: readonly ImageSite[], to: Placement): string[] {
  const out: string[] = [];
  for (const p of r.problems) {
    const k = whereKey(p.where);
    const site = moved.find((s) => whereKey(s.source) === k);
    if (site && wholeImagePath(site.valuesParts ?? [], to.mapRef(site.ref)).length > 0) out.push(k);
  }
  return [...new Set(out)];
}

/**
 * Sites the re-render shows under another name than both their source and their target, whose
 * values name no registry while their block leaves its `registry` empty: the template fell back
 * to a shared registry the override moved for other images, and composes another path with it
 * (KubeBlocks' busybox: `apecloud/busybox` once the registry is not docker.io). No value puts
 * such a site at its target: its own registry is set to the one it has, and it stays for
 * postrender. By site: that registry's path and value.
 */
export function ownRegistryPins(r: ValuesReleaseReport, moved: readonly ImageSite[], current: Record<string, unknown>): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const p of r.problems) {
    const k = whereKey(p.where);
    const site = moved.find((s) => whereKey(s.source) === k);
    const found = p.found ? toImageRef(p.found) : undefined;
    const source = site ? toImageRef(site.ref) : undefined;
    if (!site || !found || !source || !p.expected || found.path === source.path || found.path === toImageRef(p.expected)?.path) continue;
    const parts = site.valuesParts ?? [];
    const own = parts.find((x) => x.part === 'repository' || x.part === 'tag');
    if (!own || parts.some((x) => x.part === 'registry')) continue;
    const block = parentPath(own.path);
    const path = block ? `${block}.registry` : 'registry';
    const held = getIn(current, parsePath(path));
    if (held === '' || held === null) out.set(k, [path, source.domain]);
  }
  return out;
}

/** A registry value the default render shows in the site's string (not one a branch left out). */
function joinedIn(registry: string, raw: string): boolean {
  const host = registry.replace(/\/+$/, '');
  return host !== '' && raw.includes(host);
}

function collectStrings(v: unknown, into: Set<string>): void {
  if (typeof v === 'string') into.add(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, into);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, into);
}

/** Five ways at most per site: a render each, and the last proves what stays. */
export const MAX_PIN_ROUNDS = 6;

/** One round's override: the sites and what earlier rounds showed about them (OverrideOptions). */
export interface Attempt extends OverrideOptions {
  sites: ImageSite[];
  optional: ImageSite[];
  moved: ImageSite[];
  current: Record<string, unknown>;
  render: { releaseName: string; namespace: string; kubeVersion?: string; apiVersions?: string[] };
}

export type PinMiss = { key: string; way: PinWay };

/** The override and its proof; or, when the chart refused keys a pin added (its schema), those pins. */
export async function tryOverride(
  rel: ValuesRelease,
  renderer: Renderer,
  to: Placement,
  a: Attempt,
): Promise<{ report: ValuesReleaseReport } | { refused: PinMiss[] }> {
  const built = buildOverride(a.moved, to.mapRef, a);
  const added = built.images.filter((i) => i.pinned === 'added-digest' || i.pinned === 'added-tag');
  try {
    return await proveOverride(rel, renderer, to, a, built);
  } catch (e) {
    if (added.length === 0) throw e;
    return { refused: added.map((i) => ({ key: whereKey(i.where), way: i.pinned as PinWay })) };
  }
}

/**
 * Hard-coded images a values key holds inside a longer string (a whole flag): that key, set to the
 * string with the target in it, is the route for it (values.ts writes it in one more round, and
 * the report names it beside postrender until then); taken only where one render with all such
 * keys set shows the target at the site.
 */
async function adviseHeldValues(hard: HardcodedImage[], rel: ValuesRelease, renderer: Renderer, a: Attempt, merged: Record<string, unknown>): Promise<void> {
  // an optional image is rendered only with its toggle: proven with it set
  const plans = hard.flatMap((h) => {
    const site = [...a.sites, ...a.optional].find((s) => whereKey(s.source) === whereKey(h.where) && s.ref === h.source);
    const held = site && !isTestHook(h.where) ? heldInValues(a.current, site.raw, h.target) : [];
    return site && held.length > 0 ? [{ h, raw: site.raw, held, toggle: site.toggle }] : [];
  });
  if (plans.length === 0) return;
  type Put = { k: HeldValue; raw: string; target: string };
  const moves = async (puts: readonly Put[], toggle?: string): Promise<(h: HardcodedImage) => boolean> => {
    const values = toggle ? withToggle(merged, toggle) : deepCopyValue(merged);
    // one string can hold two images (`--a=X --b=Y`): each is put into what the other left
    const set = new Map<string, string>();
    for (const { k, raw, target } of puts) {
      const v = (set.has(k.path) ? putTarget(set.get(k.path)!, raw, target) : undefined) ?? k.set;
      set.set(k.path, v);
      setKeepingLists(values, a.current, k.segments, v);
    }
    try {
      const after = discoverImages((await renderer.render(rel.chart, { ...a.render, values, disposable: true })).docs, { parsedFromText: true });
      return (h) => after.some((s) => whereKey(s.source) === whereKey(h.where) && s.ref === (toImageRef(h.target)?.normalized ?? h.target));
    } catch {
      return () => false; // the chart refuses the keys so set: postrender stays the one route named
    }
  };
  const groups = new Map<string | undefined, Promise<(h: HardcodedImage) => boolean>>();
  for (const t of new Set(plans.map((p) => p.toggle)))
    groups.set(
      t,
      moves(
        plans.flatMap((p) => (p.toggle === t ? p.held.map((k) => ({ k, raw: p.raw, target: p.h.target })) : [])),
        t,
      ),
    );
  for (const { h, raw, held, toggle } of plans) {
    if (!(await groups.get(toggle)!)(h)) continue;
    // several keys hold the same string (one of them unused): name only those that move it alone
    const alone =
      held.length > 1 ? (await Promise.all(held.map(async (k) => ((await moves([{ k, raw, target: h.target }], toggle))(h) ? [k] : [])))).flat() : held;
    h.held = (alone.length > 0 ? alone : held).map(({ path, set }) => ({ path, set }));
  }
}

async function proveOverride(
  rel: ValuesRelease,
  renderer: Renderer,
  to: Placement,
  a: Attempt,
  built: ValuesOverride,
): Promise<{ report: ValuesReleaseReport }> {
  const { sites, optional, current, render } = a;
  // only a chart whose images are rewritten is told to accept them; a subchart an optional toggle
  // turns on (a Bitnami minio under a condition) asks too, though its values are not in `current`
  const asks = built.images.length > 0 ? uniqueAsks([current, ...toggledValues(rel, optional, renderer.helmVersion)].flatMap((v) => asksOf(v))) : [];
  const o = asks.length > 0 ? { ...built, values: withAsks(built.values, asks), asks } : built;
  // The override wins over the user's values; everything else the user set stays.
  const merged = coalesceTables(deepCopyValue(o.values), deepCopyValue(rel.values));
  const docs = (await renderer.render(rel.chart, { ...render, values: merged, disposable: true, reuseBases: 1 })).docs;
  // the renderer's documents are their texts parsed: what the site table finds is kept by text
  // (the optional toggles' proofs below and every proof round render mostly the same documents)
  const found = discoverImages(docs, { parsedFromText: true });
  // env vars an operator joins into a default (MongoDB Community's MONGODB_IMAGE), and resource blocks it joins with
  // other fields (HwameiStor's DRBD shipper), are parts here too, no images
  const rendered =
    sites.some((s) => s.builtin?.envParts) || docs.some(joinsBlockOf) ? dropOperatorParts(found, sightOperators(docs, asBefore(o, found))) : found;
  const builtins = sites.some((s) => s.builtin?.overrideTakes === 'registry') ? builtinsAfter(o, docs, rendered) : [];
  // an operator's default whose registry setting the override set through the chart's value is
  // proven as any site: by what the re-render's operator composes at the same place
  const settable = (b: ImageSite) => sites.some((s) => (s.valuesParts ?? []).length > 0 && sameBuiltin(s, b) && whereKey(s.source) === whereKey(b.source));
  // each site must show the target the writer chose for it: with its digest where pinned
  // (one field can hold several images, one per optional toggle: keyed by field and image)
  const chosen = new Map([...o.images, ...o.unpinned].map((i) => [`${whereKey(i.where)}\0${i.source}`, i.target]));
  const expect = (s: ImageSite) => chosen.get(`${whereKey(s.source)}\0${s.ref}`) ?? to.mapRef(s.ref);
  // a CRD default its controller prefixes: what the controller composes with the re-render's env var, at its place
  const prefixed = controllerPrefixedSites(sites, docs);
  const byController = new Set(prefixed.map((s) => whereKey(s.source)));
  const after = [
    ...rendered.filter((s) => s.certainty === 'certain' && !isSchemaDefault(s) && !byController.has(whereKey(s.source))),
    ...builtins.filter(settable),
    ...settingSites(sites, rendered, expect),
    ...prefixed,
  ];
  const doubtful = [...new Set(rendered.filter((s) => s.certainty === 'doubtful' && !to.placed(s.ref)).map((s) => s.ref))];
  const hard = hardSites(o);
  const problems = verifyOverride(sites, after, to, expect).filter((p) => !hard.has(p));
  // A site the re-render shows exactly as before, though the override set values read as its
  // parts: those values hold the same string for another image (supabase's test Job beside
  // image.initDb), and nothing controls this site: it is hard-coded (test-only in a test hook),
  // for postrender to move, not a failed proof.
  for (const p of [...problems]) {
    const site = p.kind === 'outside-target' ? sites.find((x) => whereKey(x.source) === whereKey(p.where)) : undefined;
    if (!site || p.found !== site.ref) continue;
    problems.splice(problems.indexOf(p), 1);
    o.hardcoded.push({ source: site.ref, target: expect(site), where: site.source });
    hard.add({ where: site.source, found: site.ref, expected: expect(site) });
  }
  o.images = o.images.filter((i) => !hard.has({ where: i.where, found: i.source, expected: i.target }));
  await adviseHeldValues(o.hardcoded, rel, renderer, a, merged);
  movedBuiltins(o, builtins);
  // what no value controls is reported as hard-coded (or test-only) there, not failed here either
  const targets = new Set([...o.images, ...o.unpinned].map((i) => i.target));
  const optionalProblems = await verifyOptional(optional, { chart: rel.chart, renderer, render, user: rel.values, override: o.values, to, expect, targets });
  problems.push(...optionalProblems.filter((p) => !hard.has(p)));
  const report: ValuesReleaseReport = {
    release: rel.release,
    chart: rel.name,
    version: rel.version,
    namespace: rel.namespace,
    images: o.images,
    hardcoded: o.hardcoded.filter((h) => !isTestHook(h.where)),
    testOnly: o.hardcoded.filter((h) => isTestHook(h.where)),
    conflicts: o.conflicts,
    problems,
    doubtful,
    values: o.values,
    ...(o.asks ? { asks: o.asks } : {}),
    ...(o.followed ? { followed: o.followed } : {}),
    ...(a.pin ? { unpinned: o.unpinned } : {}),
  };
  return { report };
}

/**
 * The hard-coded sites, asked of a problem (or a moved image) at a site: the whole site where one
 * image is there; where several operator defaults share the operator's container, by the image
 * (the source the re-render still shows, or the target it was to show): Function Mesh's runners,
 * moved through its config file, beside pulsarctl, which no setting moves.
 */
function hardSites(o: ValuesOverride): {
  has(p: { where: ImageSource; found?: string; expected?: string }): boolean;
  add(h: { where: ImageSource; found: string; expected: string }): void;
} {
  const whole = new Set<string>();
  const byImage = new Set<string>();
  const moved = new Set(o.images.map((i) => whereKey(i.where)));
  const add = (h: { where: ImageSource; found: string; expected: string }) => {
    whole.add(whereKey(h.where));
    byImage.add(`${whereKey(h.where)}\0${h.found}`).add(`${whereKey(h.where)}\0${h.expected}`);
  };
  for (const h of o.hardcoded) add({ where: h.where, found: h.source, expected: h.target });
  return {
    add,
    has: (p) => {
      const k = whereKey(p.where);
      if (!whole.has(k)) return false;
      if (!moved.has(k)) return true;
      return (p.found !== undefined && byImage.has(`${k}\0${p.found}`)) || (p.expected !== undefined && byImage.has(`${k}\0${p.expected}`));
    },
  };
}

/**
 * An operator's default composed under a registry its container is given (`takes: 'registry'`,
 * StackGres' SG_CONTAINER_REGISTRY) is moved when the override set the chart's value that writes
 * that setting (one `containerRegistry` for the operator's image and the env): the re-render's
 * operator composes the target's copy. The operator runs its target copy then, so it is known by
 * the image it ran before; the paths are the override's values that hold the registry given.
 */
function movedBuiltins(o: ValuesOverride, after: readonly ImageSite[]): void {
  for (const h of o.hardcoded.filter((x) => x.builtin?.overrideTakes === 'registry')) {
    if (!after.some((s) => sameBuiltin(h, s) && s.ref === h.target)) continue;
    o.hardcoded.splice(o.hardcoded.indexOf(h), 1);
    const registry = overrideValue(h.target, 'registry', h.source);
    o.images.push({
      source: h.source,
      target: h.target,
      paths: leafPaths(o.values)
        .filter(([, v]) => v === registry)
        .map(([k]) => k),
      where: h.where,
    });
  }
}

/**
 * The operators' defaults of the re-render: each operator known by the image it ran before (the
 * override moved it, and the table knows operators by their own repositories).
 */
function builtinsAfter(o: ValuesOverride, docs: readonly RenderedDoc[], rendered: readonly ImageSite[]): ImageSite[] {
  return builtinImages(docs, asBefore(o, rendered)).sites;
}

/** The re-render's sites under the references the override moved them from. */
function asBefore(o: ValuesOverride, rendered: readonly ImageSite[]): ImageSite[] {
  const before = new Map(o.images.map((i) => [i.target, i.source]));
  return rendered.map((s) => (before.has(s.ref) ? { ...s, ref: before.get(s.ref)! } : s));
}

const sameBuiltin = (a: { builtin?: BuiltinProvenance }, b: { builtin?: BuiltinProvenance }): boolean =>
  a.builtin !== undefined && a.builtin.operator === b.builtin?.operator && a.builtin.at === b.builtin.at;

/** The string leaves of a values tree, by dotted path. */
function leafPaths(v: unknown, at = ''): [string, string][] {
  if (typeof v === 'string') return [[at, v]];
  if (!isRecord(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => leafPaths(x, at ? `${at}.${k}` : k));
}

/**
 * Sites whose pin the re-render lost: the right name but not the digest written, or no image at
 * all any more (a template that appends to the tag, `{{ .tag }}-alpine`, breaks the reference).
 */
export function pinMisses(r: ValuesReleaseReport): PinMiss[] {
  const ways = new Map<string, PinWay>();
  for (const i of r.images) if (i.pinned && i.pinned !== 'chart') ways.set(whereKey(i.where), i.pinned);
  const lost = (p: VerifyProblem) => p.kind === 'gone' || (p.kind === 'changed' && p.found && p.expected && sameName(p.found, p.expected));
  return r.problems.filter((p) => ways.has(whereKey(p.where)) && lost(p)).map((p) => ({ key: whereKey(p.where), way: ways.get(whereKey(p.where))! }));
}

function sameName(a: string, b: string): boolean {
  const [x, y] = [parseReference(a), parseReference(b)];
  return x.registry === y.registry && x.repository === y.repository;
}
/** The chart's values as each toggle of these optional sites would have them (its subcharts on). */
function toggledValues(rel: ValuesRelease, optional: readonly ImageSite[], helmVersion: HelmLine | undefined): Record<string, unknown>[] {
  return [...new Set(optional.map((s) => s.toggle!))].map((t) => renderedValues(rel.chart, withToggle(rel.values, t), helmVersion));
}

function uniqueAsks(asks: SubstitutionAsk[]): SubstitutionAsk[] {
  return [...new Map(asks.map((a) => [a.path, a])).values()];
}
