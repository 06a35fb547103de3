// Which values to set so a chart renders every image under the target (pure). Each image site
// carries the values leaves that built it (discovery's valuesParts); the override rewrites only
// the name parts (registry, repository, whole image strings) and never a tag or digest, so the
// re-rendered reference keeps both. A site with no name part in values is hard-coded.
import type { SubstitutionAsk } from './substitution-asks.js';
import type { BuiltinProvenance, CrdDefault, ImageSite, ImageSource, ValuesPart } from '../discover/image-site.js';
import { parsePath } from '../discover/field-path.js';
import { setKeepingLists } from './values-lists.js';
import { parseReference, type Reference } from '../oci/reference.js';
import { siteKey } from '../discover/image-site.js';
import { choosePins, type Pin, type PinRequest, type PinSite, type PinWay } from './digest-pins.js';
import { mapImage } from './image-mapping.js';
import { routeSoleRepository } from './sole-repository.js';
import { settingPaths } from '../discover/default-overrides.js';

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
}

type Setter = (part: ValuesPart, to: Reference) => string | undefined;

/** What each part's value becomes; tag and digest parts stay as they are. */
const NEW_VALUE: Record<ValuesPart['part'], Setter> = {
  registry: (_p, to) => to.registry,
  repository: () => undefined, // depends on whether a registry part exists: see namePaths
  image: (p, to) => imageString(p.value, to),
  tag: () => undefined,
  // a pinned digest changes only when the target has another (a rewritten sparse index)
  digest: (p, to) => (to.digest && !p.value.includes(to.digest) ? p.value.replace(/sha256:[0-9a-f]{64}/, to.digest) : undefined),
};

/**
 * `sites`: the certain sites of a render; `mapRef` gives each reference's target; `current`
 * (the values the render saw) lets a path into a list keep the list's other entries, since Helm
 * replaces lists whole.
 */
export function buildOverride(
  sites: readonly ImageSite[],
  mapRef: (ref: string) => string,
  current: Record<string, unknown> = {},
  pin?: PinRequest,
  hostless: ReadonlySet<string> = new Set(),
  wholeImage: ReadonlySet<string> = new Set(),
  ownRegistry: ReadonlyMap<string, readonly [string, string]> = new Map(),
): ValuesOverride {
  const out: ValuesOverride = { values: {}, images: [], hardcoded: [], conflicts: [], unpinned: [] };
  const chosen = new Map<string, string>();
  const planned = plan(sites, mapRef, hostless, wholeImage);
  const pins = pin ? choosePins(planned, current, pin) : new Map<PinSite, Pin | string>();
  for (const p of planned) {
    const { s } = p;
    let { target, names: sets } = p;
    // no value puts it at its target: its own empty registry keeps the one it has (prove.ts ownRegistryPins)
    const own = ownRegistry.get(siteKey(s.source));
    if (own) setOnce(out, chosen, current, own[0], own[1]);
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
    out.images.push({ source: s.ref, target, paths: sets.map(([x]) => x), where: s.source, ...pinned });
  }
  return out;
}

interface Planned extends PinSite {
  target: string;
}

/** The values paths each site's name is set through (none: hard-coded), shared registry values included. */
function plan(sites: readonly ImageSite[], mapRef: (ref: string) => string, hostless: ReadonlySet<string>, wholeImage: ReadonlySet<string>): Planned[] {
  const planned = sites.map((s): Planned => {
    const target = mapRef(s.ref);
    const to = parseReference(target);
    const key = siteKey(s.source);
    const whole = settingPaths(s, target) ?? (wholeImage.has(key) ? wholeImagePath(s.valuesParts ?? [], target) : []);
    return { s, target, to, names: whole.length > 0 || s.builtin ? whole : namePaths(s.valuesParts ?? [], to, s.raw, hostless.has(key)) };
  });
  registryAsHub(planned);
  routeSoleRepository(planned);
  return planned;
}

/** A target that keeps the whole source path, as the default naming does: what values can move is judged against it. */
const PROBE_TARGET = { registry: 'mirror.invalid', prefix: 'm' };

/**
 * The sites of one chart a values override can point elsewhere (the rest are hard-coded:
 * postrender, kustomize), judged together as the writer plans them: a registry value one site
 * joins to a literal name moves it when every site sharing that value lands at its target.
 */
export function valuesCanMove(sites: readonly ImageSite[]): Set<ImageSite> {
  const planned = plan(sites, (ref) => mapImage(ref, PROBE_TARGET, 'full'), new Set(), new Set());
  return new Set(planned.filter((p) => p.names.length > 0).map((p) => p.s));
}

/**
 * A registry value (`docker.io`) that one image joins to a literal name (grafana-agent-operator's
 * test GrafanaAgent: `{{ .Values.image.registry }}/grafana/agent`) and others to a repository
 * value: written part by part (the host there, the path in each repository) it would send the
 * literal-named image to HOST/grafana/agent, neither source nor target. When the registry value
 * can carry the target's path for every image that uses it (each target is that prefix, then the
 * image's own rest as written), it does, and the repositories stay as they are.
 */
function registryAsHub(planned: Planned[]): void {
  for (const h of planned) {
    const parts = h.s.valuesParts ?? [];
    const regs = parts.filter((p) => p.part === 'registry');
    if (h.names.length > 0 || h.s.builtin || regs.length !== 1 || parts.some((p) => p.part === 'repository' || p.part === 'image')) continue;
    const reg = regs[0]!;
    const lead = leadPaths(parts, h.to, nameOf(h.s.raw));
    const prefix = lead.find(([path]) => path === reg.path)?.[1];
    if (!prefix || reg.value === '' || reg.value.includes('/')) continue;
    const sharing = planned.filter((p) => p !== h && (p.s.valuesParts ?? []).some((q) => q.path === reg.path));
    // alone, a host there (`docker.io`) says nothing of whether the slot may take a path; a Docker
    // Hub namespace (an ML platform's `imageRegistry: determinedai` before a repository the
    // template spells) is a path already, so the target's path goes there too
    if (sharing.length === 0 && /[.:]|^localhost$/.test(reg.value)) continue;
    // each sharing image, a repository value or another literal (the same image in a hook Job and
    // a test Pod), lands at its target when that is the prefix then its own name after the registry
    const fits = (p: Planned): boolean => {
      const own = (p.s.valuesParts ?? []).filter((q) => q.part === 'repository' || q.part === 'image');
      const name = nameOf(p.s.raw);
      if (own.length > 1 || own[0]?.part === 'image' || (own.length === 0 && !name.startsWith(`${reg.value}/`))) return false;
      const rest = own.length === 1 ? `/${own[0]!.value}` : name.slice(reg.value.length);
      return `${p.to.registry}/${p.to.repository}` === `${prefix}${rest}`;
    };
    if (!sharing.every(fits)) continue;
    for (const p of sharing) p.names = [[reg.path, prefix]];
    h.names = lead;
  }
}

/**
 * `hostless`: the template puts a registry value in front of this site's whole-reference value
 * where the marker render could not see it (`{{ with .Values.global.imageRegistry }}{{ . }}/{{ end }}`
 * around an empty default): the reference is then written without its host, which that registry
 * value (set to the target host for the chart's other images) supplies.
 */
export function namePaths(parts: readonly ValuesPart[], to: Reference, raw = '', hostless = false): [string, string][] {
  const name = nameOf(raw);
  // an `image` value that is only the last name component beside a repository (NVIDIA's
  // repository/image/version) composes a name like any other part; a whole reference does not
  const whole = parts.filter((p) => p.part === 'image' && !isNameComponent(p, parts));
  const suffix = whole.length === 0 ? repositorySuffix(parts, name) : '';
  const hub = name !== '' && ((whole.length === 0 && underHub(parts)) || relativeToHub(parts, name));
  const composed = hub || (name !== '' && whole.length === 0 && suffix === undefined);
  const lead = composed ? leadPaths(parts, to, name) : [];
  if (lead.length > 0) return lead;
  // a hub cannot absorb a naming that does not keep the path after it (flat, base): the host then
  // goes to the hub and the path to each name, as for a plain registry value
  const out = !composed || hub ? partPaths(parts, to, suffix ?? '', hostless, raw) : [];
  // A registry alone cannot move PREFIX/<host>/<path>: something past the host must be settable too.
  return out.some(([path]) => parts.find((p) => p.path === path)?.part !== 'registry') ? out : [];
}

/**
 * A literal name, or one name component (`pilot`), under a registry value that carries a path (Istio's
 * hub `gcr.io/istio-testing`, global across subcharts, with a global tag): the hub absorbs the
 * change and the component stays as written. Istio's templates use an image value containing
 * `/` whole, without hub or tag, so a path written into the component would lose the tag.
 */
function underHub(parts: readonly ValuesPart[]): boolean {
  const names = parts.filter((p) => p.part === 'repository' || p.part === 'image');
  const hub = parts.some((p) => p.part === 'registry' && p.value.includes('/'));
  // no name value at all: the name after the hub is a literal (`{{ .Values.global.hub }}/kubectl`)
  if (names.length === 0) return hub;
  if (names.length !== 1) return false;
  const n = names[0];
  // a repository with a path of its own (`library/prometheus`) goes under the hub too: part by part,
  // the hub would take the host while a one-word image beside it wants the hub to take the path
  if (hub && n.part === 'repository' && !/[:@]/.test(n.value)) return true;
  // a plain host registry beside a one-word repository (`docker.io` + `memcached`) stays part by part
  return !/[:@/]/.test(n.value) && (hub || (n.part === 'image' && isNameComponent(n, parts)));
}

/**
 * One `name:tag` string joined to a shared registry value that carries a path (a map of
 * `exporter: exporter:2.1` entries rendered as `{{ $.Values.global.registry }}/{{ $v }}`): as for
 * a name component under the hub, the hub absorbs the change and the string stays as written.
 * Setting the hub to the host and the string to a whole target would double the path for every
 * image that shares the hub.
 */
function relativeToHub(parts: readonly ValuesPart[], name: string): boolean {
  const images = parts.filter((p) => p.part === 'image');
  if (images.length !== 1 || parts.some((p) => p.part === 'repository')) return false;
  const own = nameOf(images[0].value);
  return own !== '' && parts.some((p) => p.part === 'registry' && carriesPath(p.value) && name === `${p.value}/${own}`);
}

/**
 * A registry value with a path after its host (`gcr.io/istio-testing`), or a Docker Hub namespace
 * alone (robusta's `image.registry: robustadev`, i.e. docker.io/robustadev): either way a path the
 * names go under, which the operator may also be given whole to name its run-time images under.
 */
function carriesPath(value: string): boolean {
  return value.includes('/') || (value !== 'localhost' && /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/.test(value));
}

/**
 * The one name value a site joins to a registry value (`{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}`),
 * set to the whole target reference: for templates that use the value whole once it holds a `/`
 * (Istio's `if contains "/" .Values.image`), where the hub cannot absorb a naming that does not keep
 * the path after it. Only a proof round asks for it (values.ts): elsewhere the join would double it.
 */
export function wholeImagePath(parts: readonly ValuesPart[], target: string): [string, string][] {
  // the value may be read as an image or a repository (dapr's `image.name`): one word either way
  const names = parts.filter((p) => p.part === 'image' || p.part === 'repository');
  return names.length === 1 && isNameComponent(names[0], parts) ? [[names[0].path, target]] : [];
}

function isNameComponent(p: ValuesPart, parts: readonly ValuesPart[]): boolean {
  return !/[:@/]/.test(p.value) && parts.some((q) => q !== p && (q.part === 'repository' || q.part === 'registry'));
}

/**
 * Each part on its own: registry = target host, repository = target path (with host when no
 * registry part). A `suffix` the template appends to the repository (ingress-nginx's `-chroot`
 * variant) is taken off the target path, since the render puts it back.
 */
function partPaths(parts: readonly ValuesPart[], to: Reference, suffix = '', hostless = false, raw = ''): [string, string][] {
  const hasRegistry = parts.some((p) => p.part === 'registry');
  const out: [string, string][] = [];
  for (const p of parts) {
    const full = hasRegistry || hostless ? to.repository : `${to.registry}/${to.repository}`;
    if (p.part === 'repository' && !full.endsWith(suffix)) return [];
    const v =
      p.part === 'repository'
        ? withTagAsWritten(p.value, full.slice(0, full.length - suffix.length), to)
        : p.part === 'image' && (hostless || joinedToRegistry(p, parts, raw))
          ? imageString(p.value, to, false)
          : NEW_VALUE[p.part](p, to);
    if (v !== undefined) out.push([p.path, v]);
  }
  return out;
}

/**
 * A whole image string the template puts after a registry value (`{{ .registry }}/{{ .image }}`):
 * the registry value takes the host, so the string is written without it (else the host is there twice).
 */
function joinedToRegistry(p: ValuesPart, parts: readonly ValuesPart[], raw: string): boolean {
  const name = nameOf(raw);
  const own = nameOf(p.value);
  return own !== '' && parts.some((r) => r.part === 'registry' && r.value !== '' && name === `${r.value}/${own}`);
}

/**
 * A repository value that holds a whole tagged reference (splunk-operator's `repository:
 * docker.io/splunk/splunk:10.0.0`, used whole by the template) keeps its tag (and digest) in the
 * new value; a bare repository stays bare.
 */
function withTagAsWritten(written: string, name: string, to: Reference): string {
  const w = written.trim();
  const digest = w.includes('@') && to.digest ? `@${to.digest}` : '';
  const path = w.split('@')[0]!;
  const tagged = path.lastIndexOf(':') > path.lastIndexOf('/');
  return tagged && to.tag ? `${name}:${to.tag}${digest}` : name;
}

/** The name as written, without tag and digest. */
function nameOf(raw: string): string {
  const noDigest = raw.trim().split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

/**
 * One repository value is the whole path (after a registry value, if any), so each part can be
 * set on its own: '' when it is exactly the path, the literal the template appends when it is the
 * path but for a variant suffix in the last component (`controller` rendered `controller-chroot`),
 * undefined when the name is composed otherwise.
 */
function repositorySuffix(parts: readonly ValuesPart[], name: string): string | undefined {
  const repos = parts.filter((p) => p.part === 'repository');
  if (repos.length !== 1) return repos.length === 0 ? '' : undefined;
  const repo = repos[0].value;
  const regs = parts.filter((p) => p.part === 'registry' && p.value !== '');
  if (regs.length === 0 ? sameName(name, repo) : regs.some((r) => name === `${r.value}/${repo}`)) return '';
  const heads = regs.length === 0 ? [repo] : regs.map((r) => `${r.value}/${repo}`);
  const head = heads.find((h) => name.startsWith(h) && VARIANT_SUFFIX.test(name.slice(h.length)));
  return head === undefined ? undefined : name.slice(head.length);
}

/** A literal tail of the last name component: `-chroot`, `_gpu`, `.fips`. */
const VARIANT_SUFFIX = /^[-_.][a-z0-9][a-z0-9._-]*$/;

/** "nginx" and "docker.io/library/nginx" name the same repository. */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const [x, y] = [parseReference(a), parseReference(b)];
    return x.registry === y.registry && x.repository === y.repository;
  } catch {
    return false;
  }
}

/**
 * The name is built from several values and literals (Strimzi: registry/repository/name): the
 * leftmost value absorbs the change and everything after it stays as written, which holds for
 * namings that keep the source path at the end (default, drop-host).
 */
function leadPaths(parts: readonly ValuesPart[], to: Reference, name: string): [string, string][] {
  const regs = parts.filter((p) => p.part === 'registry' && p.value !== '' && name.startsWith(`${p.value}/`));
  const lead = regs[0] ?? parts.find((p) => p.part === 'repository' && name.startsWith(p.value) && /^(\/|$)/.test(name.slice(p.value.length)));
  if (!lead) return [];
  const rest = name.slice(lead.value.length);
  const full = `${to.registry}/${to.repository}`;
  if (rest !== '' && !full.endsWith(rest)) return [];
  const value = full.slice(0, full.length - rest.length);
  // empty global registries win over the lead when set: they must say the same
  const globals = parts.filter((p) => p.part === 'registry' && p.value === '').map((p): [string, string] => [p.path, value]);
  return [[lead.path, value], ...globals];
}

/** The new whole-image string, in the shape the value had: its own tag/digest kept, none added. */
function imageString(value: string, to: Reference, withHost = true): string {
  let own: Reference | undefined;
  try {
    own = parseReference(value);
  } catch {
    own = undefined;
  }
  const name = withHost ? `${to.registry}/${to.repository}` : to.repository;
  if (!own) return name + (to.tag ? `:${to.tag}` : '') + (to.digest ? `@${to.digest}` : '');
  return name + (own.tag ? `:${own.tag}` : '') + (own.digest ? `@${own.digest}` : '');
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

function addConflict(out: ValuesOverride, path: string, a: string, b: string): void {
  const c = out.conflicts.find((x) => x.path === path);
  if (!c) out.conflicts.push({ path, values: [a, b] });
  else if (!c.values.includes(b)) c.values.push(b);
}
