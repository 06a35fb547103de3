// Joins a plain render's sites with the marker render's: the markers inside each image say which
// values leaves built it. Where no marker survived (a template rewrote the string), leaves whose
// value sits at the matching place of the reference are taken instead.

import { siteKey as placeKey, type ImageSite, type ValuesPart } from '../image-site.js';
import type { ImageValueLeaf, ImagePart } from './image-values.js';
import { firstMarker, markersIn } from './value-markers.js';
import { toImageRef } from '../image-ref.js';
import { parentPath } from '../field-path.js';

const PART_ORDER: readonly ImagePart[] = ['registry', 'repository', 'image', 'tag', 'digest'];

// by place, not name: a name may carry a marked value (Istio's Job istio-security-post-install-{{ tag }})
export const siteKey = (s: ImageSite): string => `${placeKey(s.source)}\0${s.ref}`;

/** Sites with valuesPaths/valuesParts filled from the marker render (`marked`, cleaned refs). */
export function attachValuesPaths(
  sites: readonly ImageSite[],
  marked: readonly ImageSite[],
  leaves: ReadonlyMap<number, ImageValueLeaf>,
  /** Leaves the marker render left out: taken by value, beside a marked leaf of their block. */
  unmarked: readonly ImageValueLeaf[] = [],
  /** The site's reference is written whole in its template's text: no value built it. */
  writtenInTemplate: (s: ImageSite) => boolean = () => false,
): ImageSite[] {
  const byKey = new Map<string, ImageSite>();
  for (const m of marked) if (!byKey.has(siteKey(m))) byKey.set(siteKey(m), m);
  const byPlace = new Map<string, ImageSite>();
  for (const m of marked) if (!byPlace.has(placeKey(m.source))) byPlace.set(placeKey(m.source), m);
  const all = [...leaves.values()];
  return sites.map((s) => {
    const m = byKey.get(siteKey(s));
    const swapped = m ? undefined : byPlace.get(placeKey(s.source));
    const asSwapped = swapped && swappedDefault(s, swapped, leaves);
    if (asSwapped) return asSwapped;
    const fromMarkers = m
      ? markersIn(m.raw)
          .map((n) => leaves.get(n))
          .filter((l): l is ImageValueLeaf => l !== undefined)
      : [];
    // rendered with no marker where the marker render has the same site, and written in the
    // template as it stands: a literal (a helm test pod's busybox), whatever leaves hold the same
    // string (init containers of components switched off), which would not move it
    if (fromMarkers.length === 0 && m && writtenInTemplate(s)) return s;
    if (fromMarkers.length === 0) return withParts(s, matchByValue(s, [...all, ...unmarked]));
    return withMarkedParts(s, fromMarkers, unmarked, literalHostOf(m!.raw, leaves));
  });
}

/**
 * A site the marker render gives another reference at the same place, its text the same but where
 * a registry or repository value stands: the template compares the value with its default and
 * writes a literal of its own when they are equal (cloud-provider-azure's `eq .imageRepository
 * "mcr.microsoft.com/oss/kubernetes"` turning to `.../oss/v2/kubernetes` from Kubernetes 1.32),
 * any other value as it stands. So the value moves the image, and its part is read as the text
 * the plain render shows in its place (the writer maps that; values' re-render verifies it).
 */
function swappedDefault(s: ImageSite, m: ImageSite, leaves: ReadonlyMap<number, ImageValueLeaf>): ImageSite | undefined {
  const marked = m.raw.trim();
  const slots: ImageValueLeaf[] = [];
  let pattern = '^';
  let last = 0;
  for (const x of marked.matchAll(/[+-]zq(\d+)q/gi)) {
    const leaf = leaves.get(Number(x[1]));
    const start = x.index - (leaf?.value.length ?? 0);
    // a value a template rewrote before writing it: no slot to read
    if (!leaf || leaf.value === '' || start < last || marked.slice(start, x.index) !== leaf.value) return undefined;
    // a name value stands as it is: only a host or repository may read otherwise in the plain render
    const free = leaf.part === 'registry' || leaf.part === 'repository';
    pattern += `${escapeRe(marked.slice(last, start))}(${free ? '.+?' : escapeRe(leaf.value)})`;
    last = x.index + x[0].length;
    slots.push(leaf);
  }
  const hit = slots.length > 0 ? new RegExp(`${pattern}${escapeRe(marked.slice(last))}$`).exec(s.raw.trim()) : null;
  if (!hit) return undefined;
  const seen = slots.map((l, i) => ({ ...l, value: hit[i + 1]! }));
  if (seen.every((l, i) => l.value === slots[i]!.value)) return undefined;
  return withParts(s, seen);
}

const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The marked leaves of a site, plus unmarked leaves of the same blocks that match by value. */
export function withMarkedParts(
  s: ImageSite,
  fromMarkers: readonly ImageValueLeaf[],
  unmarked: readonly ImageValueLeaf[],
  /** literalHostOf the marked reference */
  literalHost?: string,
): ImageSite {
  const dirs = new Set(fromMarkers.map(dirOf));
  const extra = unmarked.length === 0 ? [] : matchByValue(s, [...fromMarkers, ...unmarked]).filter((l) => unmarked.includes(l) && dirs.has(dirOf(l)));
  const out = withParts(s, [...fromMarkers, ...extra]);
  const parts = out.valuesParts ?? [];
  const repos = parts.filter((p) => p.part === 'repository');
  if (literalHost === undefined || repos.length !== 1 || parts.some((p) => p.part === 'registry' || p.part === 'image')) return out;
  return { ...out, valuesParts: parts.map((p) => (p === repos[0] ? { ...p, literalHost } : p)) };
}

/**
 * The text before the first value of a marked reference, when that value is a repository and the
 * text names a host (`docker.io/` + `bitnami/nginx-zq3q`): the template spells the host itself,
 * so no value of the render can change it. A registry value before it would carry its own marker.
 */
export function literalHostOf(markedRaw: string, leaves: ReadonlyMap<number, ImageValueLeaf>): string | undefined {
  const raw = markedRaw.trim();
  const first = firstMarker(raw);
  const leaf = first && leaves.get(first.n);
  if (!first || !leaf || leaf.part !== 'repository') return undefined;
  const value = leaf.value.trim();
  const start = first.at - value.length;
  if (value === '' || start < 1 || raw.slice(start, first.at) !== value || raw[start - 1] !== '/') return undefined;
  const host = raw.slice(0, start - 1);
  return toImageRef(`${host}/${value}`)?.explicitDomain ? host : undefined;
}

const dirOf = (l: ImageValueLeaf): string => l.segments.slice(0, -1).join('\0');

/** The reference as written without its tag and digest. */
const nameOfRaw = (raw: string): string =>
  raw
    .trim()
    .replace(/@.*$/, '')
    .replace(/:[^:/]*$/, '');

const isNamePart = (l: ImageValueLeaf): boolean => l.part === 'repository' || l.part === 'image';

export function withParts(s: ImageSite, chosen: readonly ImageValueLeaf[]): ImageSite {
  const name = nameOfRaw(s.raw);
  const parts: ValuesPart[] = [...chosen]
    .sort((a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part))
    // a registry key that holds the whole name (democratic-csi's `image: {registry:
    // registry.k8s.io/sig-storage/csi-attacher, tag}`, rendered `registry:tag`) is its repository
    .map((l) => ({
      path: l.path,
      part: l.part === 'registry' && l.value.trim() === name && !chosen.some(isNamePart) ? 'repository' : l.part,
      value: l.value,
      ...(l.flag ? { flag: l.flag } : {}),
      ...(l.entryName ? { entryName: l.entryName } : {}),
    }));
  const unique = parts.filter((p, i) => parts.findIndex((q) => q.path === p.path) === i);
  return { ...s, valuesPaths: unique.map((p) => p.path), valuesParts: unique };
}

/** Fallback: leaves whose value is exactly the site's registry, repository, tag, digest or whole ref. */
function matchByValue(s: ImageSite, leaves: readonly ImageValueLeaf[]): ImageValueLeaf[] {
  const r = toImageRef(s.raw);
  if (!r) return [];
  const raw = s.raw.trim();
  const rawRepo = nameOfRaw(raw);
  const hits = leaves.filter((l) => {
    const v = l.value.trim();
    if (l.part === 'registry') return r.explicitDomain && (r.domain === v || raw.startsWith(`${v}/`));
    if (l.part === 'repository') return rawRepo === v || rawRepo.endsWith(`/${v}`);
    if (l.part === 'tag') return r.tag === v || r.tag === v.replace(/^v/, '');
    if (l.part === 'digest') return r.digest === v || r.digest === `sha256:${v}`;
    return toImageRef(v)?.normalized === r.normalized;
  });
  // A tag or registry alone matches too many unrelated leaves: keep them only beside a repository/image hit.
  const anchored = hits.some((l) => l.part === 'repository' || l.part === 'image');
  return anchored ? hits.filter((l) => l.part === 'repository' || l.part === 'image' || sharesBlock(l, hits)) : [];
}

/** A tag/registry/digest leaf in the same values block as a repository/image hit. */
function sharesBlock(l: ImageValueLeaf, hits: readonly ImageValueLeaf[]): boolean {
  const dir = (x: ImageValueLeaf) => x.segments.slice(0, -1).join('\0');
  return hits.some((h) => (h.part === 'repository' || h.part === 'image') && dir(h) === dir(l));
}

/** Where the plain render had `site`, the probe render has the same field and name under a probe host. */
export function attachProbedRegistries(
  sites: readonly ImageSite[],
  probed: readonly ImageSite[],
  probes: readonly ImageValueLeaf[],
  probeOf: (host: string) => number | undefined,
): ImageSite[] {
  const at = (s: ImageSite, rest: string) => `${placeKey(s.source)}\0${rest}`;
  const hits = new Map<string, { leaf: ImageValueLeaf; raw: string; value?: string; glued?: string }>();
  // the stand-in before a reference that names its own host (`PROBE/public.ecr.aws/x/y:1`: a
  // registry prefixed to every repository, Airbyte's): set, it goes before that host too
  const beforeHosted = new Map<string, { leaf: ImageValueLeaf; raw: string; value?: string }>();
  for (const p of probed) {
    // the stand-in glued to the name (`{{ .registry }}{{ .repository }}`): the value needs its own `/`
    const glued = GLUED_PROBE.exec(p.raw.trim());
    const g = glued ? probeOf(glued[0]) : undefined;
    const gr = glued && g !== undefined ? toImageRef(p.raw.trim().slice(glued[0].length)) : undefined;
    const rest = p.raw.trim().slice(glued?.[0].length ?? 0);
    if (gr && probes[g!]) hits.set(at(p, nameRest(gr.normalized, gr.domain, gr.path)), { leaf: probes[g!], raw: p.raw, glued: rest });
    const r = toImageRef(p.raw);
    const n = r ? probeOf(r.domain) : undefined;
    if (!r || n === undefined || !probes[n]) continue;
    hits.set(at(p, nameRest(r.normalized, r.domain, r.path)), { leaf: probes[n], raw: p.raw });
    const whole = p.raw.trim().slice(r.domain.length + 1);
    if (toImageRef(whole)?.explicitDomain) beforeHosted.set(at(p, whole), { leaf: probes[n], raw: p.raw });
  }
  const prefixes = prefixProbes(probed, probes, probeOf);
  return sites.map((s) => {
    const r = toImageRef(s.raw);
    const rests = r ? [nameRest(r.normalized, r.domain, r.path), nameRest(r.normalized, r.domain, r.path.replace(/^library\//, ''))] : [];
    const hit =
      rests.map((rest) => hits.get(at(s, rest))).find((h) => h !== undefined) ??
      // only where no registry value is tied yet: a second one in front (cert-manager's image.registry
      // before imageRegistry) is a prefix the writer has no need to set
      (r?.explicitDomain && !(s.valuesParts ?? []).some((p) => p.part === 'registry') ? beforeHosted.get(at(s, s.raw.trim())) : undefined) ??
      prefixes.get(placeKey(s.source))?.(s.raw.trim());
    const leaf = hit?.leaf;
    if (!hit || !leaf || s.valuesPaths.includes(leaf.path)) return s;
    // a registry that switches the template to another branch (Reloader: global.imageRegistry +
    // image.name instead of image.repository) no longer uses the repository found: not attached
    if ((s.valuesParts ?? []).some((p) => p.part === 'repository' && p.value !== '' && !hit.raw.includes(p.value))) return s;
    // glued: the value stands for what the plain render has before the same name (nothing, or a
    // default of the helper's own, `| default "docker.io/"`), and it ends with the `/` the helper leaves to it
    const plain = s.raw.trim();
    const rest: string | undefined = 'glued' in hit && typeof hit.glued === 'string' ? hit.glued : undefined;
    if (rest !== undefined && (!plain.endsWith(rest) || !/(^|\/)$/.test(plain.slice(0, plain.length - rest.length)))) return s;
    const glued = rest !== undefined ? { value: plain.slice(0, plain.length - rest.length), noSeparator: true as const } : { value: hit.value ?? leaf.value };
    const parts: ValuesPart[] = [{ path: leaf.path, part: 'registry', ...glued }, ...(s.valuesParts ?? [])];
    return { ...s, valuesPaths: parts.map((p) => p.path), valuesParts: parts };
  });
}

/** A probe's stand-in host (values/image-values.ts probeHost) with a name glued to it, no `/` between. */
const GLUED_PROBE = /^[a-z0-9]+p\.invalid(?=[a-z0-9])/;

/**
 * Probes whose stand-in host took the place of a host and a namespace (odigos' null `imagePrefix`,
 * which a helper fills with `docker.io/keyval`): by place, what the plain render's reference must
 * end with (the probed one after its stand-in), and the leaf with the prefix it replaced, which is
 * the value the writer reads as the registry part.
 */
function prefixProbes(
  probed: readonly ImageSite[],
  probes: readonly ImageValueLeaf[],
  probeOf: (host: string) => number | undefined,
): Map<string, (raw: string) => { leaf: ImageValueLeaf; raw: string; value: string } | undefined> {
  const out = new Map<string, (raw: string) => { leaf: ImageValueLeaf; raw: string; value: string } | undefined>();
  for (const p of probed) {
    const raw = p.raw.trim();
    const slash = raw.indexOf('/');
    const n = slash > 0 ? probeOf(raw.slice(0, slash)) : undefined;
    const leaf = n === undefined ? undefined : probes[n];
    if (!leaf || out.has(placeKey(p.source))) continue;
    const rest = raw.slice(slash);
    out.set(placeKey(p.source), (site) => {
      const prefix = site.endsWith(rest) ? site.slice(0, site.length - rest.length) : '';
      // more than a host: a host alone is matched by the rest of its reference above
      return prefix.includes('/') && toImageRef(`${prefix}${rest}`) ? { leaf, raw: p.raw, value: prefix } : undefined;
    });
  }
  return out;
}

/** The reference without its registry ("/path:tag@digest"), with `path` standing for the path. */
function nameRest(normalized: string, domain: string, path: string): string {
  const suffix = normalized.slice(domain.length + 1).replace(/^[^:@]*/, '');
  return `/${path}${suffix}`;
}

/**
 * Where the plain render had `site`, the repository probe render (`probed`, empty repository
 * values set to stand-in names) has the same field with one stand-in in place of part of the
 * name: that leaf, once set, takes that part over, and its value is the text it replaced (the
 * default a helper filled). Its block is then where the name comes from: name parts of other blocks
 * that could not name the image (Traefik's unused oci_meta and azure blocks, matched by value) are dropped.
 */
export function attachProbedRepositories(
  sites: readonly ImageSite[],
  probed: readonly ImageSite[],
  probes: readonly ImageValueLeaf[],
  probeIn: (raw: string) => { n: number; at: number; length: number } | undefined,
  /** Sites whose values already name them (tempo-distributed's compactor.image.repository: null falls back to a marked tempo.image.repository): left as they are. */
  named: (s: ImageSite) => boolean = () => false,
): ImageSite[] {
  // every probed site of a place: matched by object (probeToggled), an object's other containers
  // (a wait-for init container another toggle adds first) stand beside the one that took the stand-in
  const byPlace = new Map<string, ImageSite[]>();
  for (const p of probed) byPlace.set(placeKey(p.source), [...(byPlace.get(placeKey(p.source)) ?? []), p]);
  const took = (s: ImageSite, p: ImageSite) => {
    const hit = probeIn(p.raw.trim());
    const leaf = hit && probes[hit.n];
    if (!hit || !leaf || s.valuesPaths.includes(leaf.path)) return undefined;
    const [plain, probedRaw] = [s.raw.trim(), p.raw.trim()];
    const before = probedRaw.slice(0, hit.at);
    const after = probedRaw.slice(hit.at + hit.length);
    if (!plain.startsWith(before) || !plain.endsWith(after) || plain.length <= before.length + after.length) return undefined;
    return { leaf, value: plain.slice(before.length, plain.length - after.length) };
  };
  return sites.map((s) => {
    if (named(s)) return s;
    const found = (byPlace.get(placeKey(s.source)) ?? []).map((p) => took(s, p)).find((x) => x !== undefined);
    if (!found) return s;
    const { leaf, value } = found;
    const kept = (s.valuesParts ?? []).filter(
      (x) => x.part === 'tag' || x.part === 'digest' || (x.part === 'registry' && x.value === '') || parentPath(x.path) === parentPath(leaf.path),
    );
    // the stand-in took the tag or digest too: the value is a whole reference (image.override)
    const whole = /[:@]/.test(value.slice(value.lastIndexOf('/') + 1));
    const parts: ValuesPart[] = [...kept, { path: leaf.path, part: whole ? 'image' : 'repository', value }];
    return { ...s, valuesPaths: parts.map((x) => x.path), valuesParts: parts };
  });
}
