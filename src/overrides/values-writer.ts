// Which values to set so a chart renders every image under the target (pure). Each image site
// carries the values leaves that built it (discovery's valuesParts); the override rewrites only
// the name parts (registry, repository, whole image strings) and never a tag or digest, so the
// re-rendered reference keeps both. A site with no name part in values is hard-coded, unless a
// values key holds it inside a flag (held-values.ts) that the caller found moves it: that key is
// written with only the reference replaced.
import type { SubstitutionAsk } from './substitution-asks.js';
import type { BuiltinProvenance, CrdDefault, ImageSite, ImageSource } from '../discover/image-site.js';
import { parsePath } from '../discover/field-path.js';
import { getIn } from '../discover/values/index.js';
import { heldInValues, putTarget } from './held-values.js';
import { setKeepingLists } from './values-lists.js';
import { parseReference } from '../oci/reference.js';
import { isTestHook, siteKey } from '../discover/image-site.js';
import { choosePins, type Pin, type PinRequest, type PinSite, type PinWay } from './digest-pins.js';
import { mapImage } from './image-mapping.js';
import { routeSoleRepository } from './sole-repository.js';
import { gluedPrefixes, registryAsHub, registryHubOverLiterals } from './registry-hub.js';
import { routeRegistrySettings } from './setting-registry.js';
import { controllerPrefixPaths, prefixedVia, routeControllerPrefixes } from './controller-prefix.js';
import { settingPaths } from '../discover/operators/index.js';
import { fallbackRegistry, nameOf, namePaths, ownHostBesideEmptyRegistry, wholeImagePath } from './target-paths.js';

export type { PinRequest } from './digest-pins.js';

export interface ImageOverride {
  /** The reference as rendered before the override (normalised). */
  source: string;
  /** Where it must point after the override. */
  target: string;
  /** The values paths set for it. */
  paths: string[];
  where: ImageSource;
  /** --pin-digests: how the digest in `target` is carried (`chart`: the chart's own digest value). */
  pinned?: PinWay | 'chart';
  /** A program that composes it from the values set (a controller's registry env var in front of a CRD default), in words. */
  via?: string;
}

/** --pin-digests: an image whose values could not carry its digest, or whose digest is unknown. */
export interface UnpinnedImage {
  source: string;
  target: string;
  where: ImageSource;
  why: string;
}

export interface HardcodedImage {
  source: string;
  target: string;
  where: ImageSource;
  /** Values keys that hold the image inside a longer string (a whole flag), each set as advised: proven by a re-render. */
  held?: { path: string; set: string }[];
  /** An operator's compiled-in default: no manifest names it, so neither values nor postrender moves it. */
  builtin?: BuiltinProvenance;
  /** A field the resource leaves out that its CRD's schema defaults to the image (postrender sets it). */
  crdDefault?: CrdDefault;
}

export interface PathConflict {
  path: string;
  values: string[];
}

export interface ValuesOverride {
  /** The override values tree (only image name keys). */
  values: Record<string, unknown>;
  images: ImageOverride[];
  hardcoded: HardcodedImage[];
  /** One path two images need set to different values (the first one wins; verify names the loser). */
  conflicts: PathConflict[];
  /** Values the chart asks for before it accepts substituted images (set with the images). */
  asks?: SubstitutionAsk[];
  /** --pin-digests: the images left at their tag, each with why. */
  unpinned: UnpinnedImage[];
  /**
   * Doubtful sites whose registry is a shared value set for other images: their own name values set
   * too, so they land under the target's naming rather than at its host outside it; `shared` the
   * registry values that moved them.
   */
  followed?: (ImageOverride & { shared: string[] })[];
}

/** What a render already showed about the sites (prove.ts Attempt carries each between rounds). */
export interface OverrideOptions {
  /** The values the render saw: a path into a list keeps the list's other entries (Helm replaces lists whole). */
  current?: Record<string, unknown>;
  pin?: PinRequest;
  /** Sites whose whole reference a registry value is put in front of: written without the host. */
  hostless?: ReadonlySet<string>;
  /** Registry values the re-render showed a consumer reads alone (setting-registry.ts): set to the whole target prefix. */
  readAlone?: ReadonlySet<string>;
  /** Sites whose one image value joined to a registry value is written as the whole target. */
  wholeImage?: ReadonlySet<string>;
  /** Sites left at their source with their own empty registry value set to the one they have. */
  ownRegistry?: ReadonlyMap<string, readonly [string, string]>;
  /** Hard-coded sites written through the values keys that hold them inside a flag. */
  held?: ReadonlyMap<string, readonly string[]>;
  /** Doubtful sites: their name values follow a shared registry value the override sets. */
  doubtful?: readonly ImageSite[];
}

/** `sites`: the certain sites of a render; `mapRef` gives each reference's target. */
export function buildOverride(sites: readonly ImageSite[], mapRef: (ref: string) => string, o: OverrideOptions = {}): ValuesOverride {
  const {
    current = {},
    pin,
    hostless = new Set(),
    wholeImage = new Set(),
    ownRegistry = new Map(),
    held = new Map(),
    doubtful = [],
    readAlone = new Set(),
  } = o;
  const out: ValuesOverride = { values: {}, images: [], hardcoded: [], conflicts: [], unpinned: [] };
  const chosen = new Map<string, string>();
  const planned = plan(sites, mapRef, hostless, wholeImage, readAlone);
  const pins = pin ? choosePins(planned, current, pin) : new Map<PinSite, Pin | string>();
  for (const p of planned) {
    const { s } = p;
    let { target, names: sets } = p;
    // no value puts it at its target: its own empty registry keeps the one it has (prove.ts ownRegistryPins)
    const own = ownRegistry.get(siteKey(s.source));
    if (own) setOnce(out, chosen, current, own[0], own[1]);
    const flags = sets.length === 0 && !own ? setHeld(out, chosen, current, held.get(siteKey(s.source)) ?? [], s.raw, target) : [];
    if (flags.length > 0) {
      // a flag's string carries no digest of its own: --pin-digests leaves the image at its tag
      if (pin) out.unpinned.push({ source: s.ref, target, where: s.source, why: 'held inside a longer string (a flag), written at its tag' });
      out.images.push({ source: s.ref, target, paths: flags, where: s.source });
      continue;
    }
    if (sets.length === 0 || own) {
      out.hardcoded.push({
        source: s.ref,
        target,
        where: s.source,
        ...(s.builtin ? { builtin: s.builtin } : {}),
        ...(s.crdDefault ? { crdDefault: s.crdDefault } : {}),
      });
      continue;
    }
    const c = pins.get(p);
    if (typeof c === 'string') {
      target = target.replace(/@sha256:[0-9a-f]{64}$/, '');
      out.unpinned.push({ source: s.ref, target, where: s.source, why: c });
    } else if (c) {
      const own = new Map(c.sets);
      sets = [...sets.map(([path, v]): [string, string] => [path, own.get(path) ?? v]), ...c.sets.filter(([path]) => !sets.some(([q]) => q === path))];
    }
    for (const [path, value] of sets) setOnce(out, chosen, current, path, value);
    const pinned = typeof c === 'object' ? { pinned: c.way } : {};
    const via = s.prefixedBy ? { via: prefixedVia(s.prefixedBy) } : {};
    out.images.push({ source: s.ref, target, paths: sets.map(([x]) => x), where: s.source, ...pinned, ...via });
  }
  followShared(out, chosen, current, plan(doubtful, mapRef, hostless, wholeImage, readAlone));
  return out;
}

/**
 * A doubtful site (k3k's tagless k3s flag, its tag picked at run time) whose registry value the
 * override set for other images is moved to that host whatever happens; its own name values are
 * set too, as the target's naming puts it, where they agree with what the others set.
 */
function followShared(out: ValuesOverride, chosen: Map<string, string>, current: Record<string, unknown>, planned: readonly Planned[]): void {
  for (const { s, target, names } of planned) {
    const shared = (s.valuesParts ?? []).filter((p) => p.part === 'registry' && chosen.has(p.path)).map((p) => p.path);
    const own = names.map(([x]) => x).filter((x) => !chosen.has(x));
    // all its name values set already (a registry value that carries the path): nothing to add
    if (shared.length === 0 || own.length === 0 || names.some(([path, v]) => chosen.has(path) && chosen.get(path) !== v)) continue;
    for (const [path, value] of names) setOnce(out, chosen, current, path, value);
    (out.followed ??= []).push({ source: s.ref, target, paths: own, where: s.source, shared });
  }
}

interface Planned extends PinSite {
  target: string;
}

/** The values paths each site's name is set through (none: hard-coded), shared registry values included. */
function plan(
  sites: readonly ImageSite[],
  mapRef: (ref: string) => string,
  hostless: ReadonlySet<string>,
  wholeImage: ReadonlySet<string>,
  readAlone: ReadonlySet<string> = new Set(),
): Planned[] {
  const planOne = (s: ImageSite, partwise?: ReadonlySet<string>): Planned => {
    const target = mapRef(s.ref);
    const to = parseReference(target);
    const key = siteKey(s.source);
    const whole = settingPaths(s, target) ?? (wholeImage.has(key) ? wholeImagePath(s.valuesParts ?? [], target) : []);
    return { s, target, to, names: whole.length > 0 || s.builtin ? whole : namePaths(s.valuesParts ?? [], to, s.raw, hostless.has(key), partwise) };
  };
  let planned = sites.map((s) => planOne(s));
  const partwise = new Set([...contestedFallbacks(planned), ...registriesSetByOthers(planned)]);
  if (partwise.size > 0) planned = sites.map((s) => planOne(s, partwise));
  registryAsHub(planned);
  registryHubOverLiterals(planned);
  gluedPrefixes(planned);
  routeSoleRepository(planned);
  // a controller's registry env var in front of CRD defaults takes the whole prefix: the chart's images joining its value follow
  const prefixed = controllerPrefixPaths(planned);
  routeRegistrySettings(planned, mapRef, prefixed.size > 0 ? new Set([...readAlone, ...prefixed]) : readAlone);
  routeControllerPrefixes(planned);
  return planned;
}

/**
 * Empty registry values that images fall back from to different literal hosts (one template's
 * `default "quay.io"`, another's `default "ghcr.io"`, both after global.imageRegistry): one value
 * cannot carry both hosts' paths, so each image is set part by part there (the target host in the
 * registry, its path in its repository).
 */
function contestedFallbacks(planned: readonly Planned[]): Set<string> {
  const wanted = new Map<string, Set<string>>();
  for (const { s, names } of planned) {
    const path = fallbackRegistry(s.valuesParts ?? [], nameOf(s.raw))?.registry.path;
    const v = path === undefined ? undefined : names.find(([x]) => x === path)?.[1];
    if (path !== undefined && v !== undefined) wanted.set(path, (wanted.get(path) ?? new Set()).add(v));
  }
  return new Set([...wanted].filter(([, vs]) => vs.size > 1).map(([path]) => path));
}

/**
 * Empty registry values that a whole image value naming its own host leaves unset (target-paths'
 * ownHostBesideEmptyRegistry) while another image's values set them (a repository joined after
 * the same global registry: signoz's app beside its ClickHouse value): set, the registry stands
 * before that value too, so it is written part by part (host there, path in the value) as before.
 */
function registriesSetByOthers(planned: readonly Planned[]): Set<string> {
  const set = new Set(planned.flatMap((p) => p.names.map(([path]) => path)));
  const out = new Set<string>();
  for (const { s } of planned) {
    const parts = s.valuesParts ?? [];
    if (!ownHostBesideEmptyRegistry(parts, s.raw)) continue;
    for (const r of parts) if (r.part === 'registry' && set.has(r.path)) out.add(r.path);
  }
  return out;
}

/** A target that keeps the whole source path, as the default naming does: what values can move is judged against it. */
const PROBE_TARGET = { registry: 'mirror.invalid', prefix: 'm' };

/**
 * The sites of one chart a values override can point elsewhere (the rest are hard-coded:
 * postrender, kustomize), judged together as the writer plans them: a registry value one site
 * joins to a literal name moves it when every site sharing that value lands at its target. With
 * the chart's values (`values`), a site whose reference a values key holds inside a longer string
 * (a whole flag, a TOML config) moves too: `values` sets that key (app/values/prove.ts, once its
 * re-render shows the target there), test hooks aside as there.
 */
export function valuesCanMove(sites: readonly ImageSite[], values?: Record<string, unknown>): Set<ImageSite> {
  const planned = plan(sites, (ref) => mapImage(ref, PROBE_TARGET, 'full'), new Set(), new Set());
  const held = (s: ImageSite) => values !== undefined && !isTestHook(s.source) && heldInValues(values, s.raw, s.raw).length > 0;
  return new Set(planned.filter((p) => p.names.length > 0 || held(p.s)).map((p) => p.s));
}

function setOnce(out: ValuesOverride, chosen: Map<string, string>, current: Record<string, unknown>, path: string, value: string): void {
  const before = chosen.get(path);
  if (before !== undefined) {
    if (before !== value) addConflict(out, path, before, value);
    return;
  }
  chosen.set(path, value);
  setKeepingLists(out.values, current, parsePath(path), value);
}

/**
 * Sets each of `paths` (values keys holding `raw` inside a flag) to its string with `raw` replaced
 * by `target`: a string already rewritten for another image it holds (`--a=X --b=Y`) is rewritten
 * again, so both land. The paths set.
 */
function setHeld(
  out: ValuesOverride,
  chosen: Map<string, string>,
  current: Record<string, unknown>,
  paths: readonly string[],
  raw: string,
  target: string,
): string[] {
  return paths.filter((path) => {
    const before = chosen.get(path) ?? getIn(current, parsePath(path));
    const set = typeof before === 'string' ? putTarget(before, raw, target) : undefined;
    if (set === undefined) return false;
    chosen.set(path, set);
    setKeepingLists(out.values, current, parsePath(path), set);
    return true;
  });
}

function addConflict(out: ValuesOverride, path: string, a: string, b: string): void {
  const c = out.conflicts.find((x) => x.path === path);
  if (!c) out.conflicts.push({ path, values: [a, b] });
  else if (!c.values.includes(b)) c.values.push(b);
}
