// Which values paths a site's parts are set to, and to what, so that what the template composes
// from them names the target: a registry and a repository, a whole image string, a hub a name
// goes under, a tag kept as the chart writes it.
import type { ValuesPart } from '../discover/image-site.js';
import { parseReference, type Reference } from '../oci/reference.js';

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
 * `hostless`: the template puts a registry value in front of this site's whole-reference value
 * where the marker render could not see it (`{{ with .Values.global.imageRegistry }}{{ . }}/{{ end }}`
 * around an empty default): the reference is then written without its host, which that registry
 * value (set to the target host for the chart's other images) supplies.
 */
export function namePaths(
  written: readonly ValuesPart[],
  to: Reference,
  raw = '',
  hostless = false,
  partwise: ReadonlySet<string> = new Set(),
): [string, string][] {
  // a registry value that carries the separator itself (`ghcr.io/`, joined as `{{ .registry }}{{ .repository }}`)
  // is read as the host it names, and its new value keeps the separator the template relies on
  const slashed = new Set(written.filter((p) => p.part === 'registry' && (p.value.endsWith('/') || p.noSeparator === true)).map((p) => p.path));
  // a repository value that ends in the digest's algorithm, its hex in the tag value (`name:
  // repo@sha256`, `tag: <hex>`, joined `{{ name }}:{{ tag }}`): read as the repository it names,
  // and its new value keeps the `@sha256` the join needs. A key named `image` beside an `imageTag`
  // (Kafka's JMX exporter: `image: repo@sha256`, `imageTag: <hex>`) is read as a whole image, yet
  // holds no more than that repository: written whole it doubled the digest (`@sha256:<hex>:<hex>`)
  const tagged = written.some((p) => p.part === 'tag');
  const split = (p: ValuesPart) => (p.part === 'repository' || (p.part === 'image' && tagged)) && ALGORITHM_TAIL.test(p.value);
  const algorithm = new Map(written.filter(split).map((p) => [p.path, ALGORITHM_TAIL.exec(p.value)![0]]));
  const parts = written.map((p) =>
    slashed.has(p.path)
      ? { ...p, value: p.value.replace(/\/+$/, '') }
      : algorithm.has(p.path)
        ? { ...p, part: 'repository' as const, value: p.value.slice(0, p.value.length - algorithm.get(p.path)!.length) }
        : p,
  );
  const paths = composedPaths(parts, to, raw, hostless, partwise);
  return paths.map(([path, v]): [string, string] =>
    slashed.has(path) && !v.endsWith('/') ? [path, `${v}/`] : algorithm.has(path) && !v.includes('@') ? [path, `${v}${algorithm.get(path)}`] : [path, v],
  );
}

/** `@sha256` (or another algorithm) closing a repository value, its hex left to the tag value. */
const ALGORITHM_TAIL = /@[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;

/** `partwise`: empty registries that images fall back from to different hosts (contestedFallbacks): set part by part. */
function composedPaths(parts: readonly ValuesPart[], to: Reference, raw: string, hostless: boolean, partwise: ReadonlySet<string>): [string, string][] {
  const name = nameOf(raw);
  // a value a probe found standing there (a helper's `default "docker.io"` for an absent registry,
  // or for an empty repository that takes the whole name over) makes the text no literal
  const names = parts.filter((p) => p.part === 'registry' || p.part === 'repository' || p.part === 'image');
  const literal =
    names.length === 1 && names[0]!.literalHost !== undefined && name === `${names[0]!.literalHost}/${names[0]!.value.trim()}` ? names[0] : undefined;
  if (literal) return underLiteralHost(literal, to);
  // an `image` value that is only the last name component beside a repository (NVIDIA's
  // repository/image/version) composes a name like any other part; a whole reference does not
  const whole = parts.filter((p) => p.part === 'image' && !isNameComponent(p, parts));
  const suffix = whole.length === 0 ? repositorySuffix(parts, name) : '';
  const hub = name !== '' && ((whole.length === 0 && underHub(parts)) || relativeToHub(parts, name));
  const composed = hub || (name !== '' && whole.length === 0 && suffix === undefined);
  const fallback = fallbackRegistry(parts, name);
  const lead = composed && !(fallback && partwise.has(fallback.registry.path)) ? leadPaths(parts, to, name, hostless) : [];
  if (lead.length > 0) return lead;
  // a hub cannot absorb a naming that does not keep the path after it (flat, base): the host then
  // goes to the hub and the path to each name, as for a plain registry value; so does a literal
  // host an empty registry falls back from
  const out = !composed || hub || fallback ? partPaths(parts, to, suffix ?? '', hostless, raw, partwise) : [];
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
function partPaths(
  parts: readonly ValuesPart[],
  to: Reference,
  suffix = '',
  hostless = false,
  raw = '',
  partwise: ReadonlySet<string> = new Set(),
): [string, string][] {
  const hasRegistry = parts.some((p) => p.part === 'registry');
  const out: [string, string][] = [];
  // unless another image sets that registry (values-writer's registriesSetByOthers): then it stands there too
  const unsetRegistry = !hostless && ownHostBesideEmptyRegistry(parts, raw) && !parts.some((p) => p.part === 'registry' && partwise.has(p.path));
  for (const p of parts) {
    if (unsetRegistry && p.part === 'registry') continue;
    const full = hasRegistry || hostless ? to.repository : `${to.registry}/${to.repository}`;
    if (p.part === 'repository' && !full.endsWith(suffix)) return [];
    const v =
      p.part === 'repository'
        ? withTagAsWritten(p.value, full.slice(0, full.length - suffix.length), to)
        : p.part === 'image' && !unsetRegistry && (hostless || joinedToRegistry(p, parts, raw))
          ? imageString(p.value, to, false)
          : NEW_VALUE[p.part](p, to);
    if (v !== undefined) out.push([p.path, v]);
  }
  return out;
}

/**
 * Empty registry values beside one whole image value that names its own host: a template puts the
 * registry there in place of that host (Envoy Gateway's `default (first segment of image)
 * .Values.global.imageRegistry`) or before the value only when set, so the value pulled as written
 * takes the whole target and the registry stays unset. Written part by part (host there, path in
 * the value), the first kind drops the target's path with the value's first segment.
 */
export function ownHostBesideEmptyRegistry(parts: readonly ValuesPart[], raw: string): boolean {
  const images = parts.filter((p) => p.part === 'image');
  const regs = parts.filter((p) => p.part === 'registry');
  if (images.length !== 1 || regs.length === 0 || regs.some((r) => r.value !== '') || parts.some((p) => p.part === 'repository')) return false;
  const own = nameOf(images[0]!.value);
  return own === nameOf(raw) && /^([^/]*[.:][^/]*|localhost)\//.test(own);
}

/**
 * A whole image string the template puts after a registry value (`{{ .registry }}/{{ .image }}`):
 * the registry value takes the host, so the string is written without it (else the host is there twice).
 */
function joinedToRegistry(p: ValuesPart, parts: readonly ValuesPart[], raw: string): boolean {
  const name = nameOf(raw);
  const own = nameOf(p.value);
  // an empty registry value the render leaves out (`{{ if .registry }}{{ .registry }}/{{ end }}{{ .image }}`,
  // seaweedfs): once set to the host, it is joined the same way
  return own !== '' && parts.some((r) => r.part === 'registry' && (r.value === '' ? name === own : name === `${r.value}/${own}`));
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
export function nameOf(raw: string): string {
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

/**
 * A repository value after a host the template spells (ValuesPart.literalHost) names only what
 * follows that host: the target's path when the target is under it, else nothing, and the image
 * is hard-coded (postrender moves it). The whole target there renders `docker.io/TARGET-HOST/...`.
 */
function underLiteralHost(repo: ValuesPart, to: Reference): [string, string][] {
  const full = `${to.registry}/${to.repository}`;
  const host = repo.literalHost!;
  return full.startsWith(`${host}/`) ? [[repo.path, withTagAsWritten(repo.value, full.slice(host.length + 1), to)]] : [];
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
export function leadPaths(parts: readonly ValuesPart[], to: Reference, name: string, hostless = false): [string, string][] {
  const regs = parts.filter((p) => p.part === 'registry' && p.value !== '' && name.startsWith(`${p.value}/`));
  const fallback = regs.length === 0 ? fallbackRegistry(parts, name) : undefined;
  const lead =
    regs[0] ?? fallback?.registry ?? parts.find((p) => p.part === 'repository' && name.startsWith(p.value) && /^(\/|$)/.test(name.slice(p.value.length)));
  if (!lead) return [];
  // the literal host stands where the empty registry would: what follows it is the rest
  const rest = fallback ? name.slice(fallback.host.length) : name.slice(lead.value.length);
  // hostless: a registry value the default render left out (a branch on its default) is put in
  // front once the override moves it, so the lead takes the path alone
  const full = hostless ? to.repository : `${to.registry}/${to.repository}`;
  if (rest !== '' && !full.endsWith(rest)) return [];
  const value = full.slice(0, full.length - rest.length);
  // empty global registries win over the lead when set: they must say the same
  const globals = parts.filter((p) => p !== lead && p.part === 'registry' && p.value === '').map((p): [string, string] => [p.path, value]);
  return [[lead.path, value], ...globals];
}

/**
 * An empty registry value the template falls back from to a literal host before the one
 * repository value (oauth2-proxy: `{{ .Values.image.registry | default "quay.io" }}/{{ .Values.image.repository }}`):
 * no value holds the host, but set, the registry replaces it. The registry and the literal it
 * stands for; none when the name is the repository alone (Docker Hub) or composed otherwise.
 */
export function fallbackRegistry(parts: readonly ValuesPart[], name: string): { registry: ValuesPart; host: string } | undefined {
  const regs = parts.filter((p) => p.part === 'registry');
  const repos = parts.filter((p) => p.part === 'repository');
  if (regs.length === 0 || regs.some((p) => p.value !== '') || repos.length !== 1 || parts.some((p) => p.part === 'image')) return undefined;
  const repo = repos[0]!.value;
  const host = name.endsWith(`/${repo}`) ? name.slice(0, name.length - repo.length - 1) : '';
  // a host (`quay.io`, `registry:5000`), maybe with a path under it, not a Docker Hub namespace:
  // then the name itself says where it is pulled from (the repository alone, parsed)
  return /^([^/]*[.:][^/]*|localhost)(\/|$)/.test(host) ? { registry: regs[0]!, host } : undefined;
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
