// Where a values override can carry an image's digest (`values --pin-digests`), pure. A chart
// gives a digest a place in one of three shapes, tried in this order: a `digest` key in the image's
// block (Bitnami's image.digest, often empty), the tag value (`tag: "v1@sha256:..."`, which a
// `repository:tag` template renders as a pinned reference), or a whole reference string; then the
// same `digest` and `tag` keys added where values.yaml leaves them out (cert-manager documents
// both only in comments, and its templates read them). Which one the templates honour only the
// re-render shows: the caller drops a way for a site when it did not reach the rendered image.
// choosePins picks each site's way; a value two images would pin to different digests pins neither.
import { siteKey, type ImageSite, type ValuesPart } from '../discover/image-site.js';
import { formatPath, parentPath, parsePath } from '../discover/field-path.js';
import { getIn } from '../discover/values/index.js';
import { parseReference, type Reference } from '../oci/reference.js';
import { isRecord } from '../util/is-record.js';

/** `added-*`: a key values.yaml does not have (a chart's schema may refuse it: the render says). */
export type PinWay = 'digest' | 'tag' | 'image' | 'added-digest' | 'added-tag';

export interface PinChoice {
  way: PinWay;
  /** The values to set for the digest (beside the name paths). */
  sets: [string, string][];
}

/**
 * Every way the site's values can carry `to.digest`, best first. `names`: the name paths the
 * writer sets already (an image string among them is rewritten with the digest appended);
 * `current`: the values the render saw (a key present but empty still counts as a place).
 */
export function pinChoices(
  parts: readonly ValuesPart[],
  names: readonly [string, string][],
  to: Reference,
  source: Reference,
  current: Record<string, unknown>,
): PinChoice[] {
  const digest = to.digest!;
  const out: PinChoice[] = [];
  const blockPath = blockOf(parts);
  const block = blockPath === undefined ? undefined : getIn(current, parsePath(blockPath));
  const has = (k: string) => isRecord(block) && k in block && (block[k] === null || typeof block[k] === 'string' || typeof block[k] === 'number');
  if (blockPath !== undefined && has('digest')) out.push({ way: 'digest', sets: [[child(blockPath, 'digest'), digest]] });
  const tag = parts.find((p) => p.part === 'tag');
  if (tag && !tag.value.includes('@')) out.push({ way: 'tag', sets: [[tag.path, `${tag.value}@${digest}`]] });
  else if (!tag && blockPath !== undefined && has('tag') && source.tag) out.push({ way: 'tag', sets: [[child(blockPath, 'tag'), `${source.tag}@${digest}`]] });
  const image = names.find(([path, value]) => parts.some((p) => p.path === path && p.part === 'image') && /[:/]/.test(value) && !value.includes('@'));
  if (image) out.push({ way: 'image', sets: [[image[0], `${image[1]}@${digest}`]] });
  // a block with a repository of its own, where neither key is written yet
  const absent = (k: string) => isRecord(block) && !(k in block) && parts.some((p) => p.part === 'repository');
  if (blockPath !== undefined && absent('digest')) out.push({ way: 'added-digest', sets: [[child(blockPath, 'digest'), digest]] });
  if (blockPath !== undefined && !tag && absent('tag') && source.tag)
    out.push({ way: 'added-tag', sets: [[child(blockPath, 'tag'), `${source.tag}@${digest}`]] });
  return out;
}

/** The map holding the image's repository (or tag, or image string): where a `digest` key would sit. */
function blockOf(parts: readonly ValuesPart[]): string | undefined {
  const p = parts.find((x) => x.part === 'repository') ?? parts.find((x) => x.part === 'tag') ?? parts.find((x) => x.part === 'image');
  if (!p) return undefined;
  const parent = parentPath(p.path);
  return parent === p.path || parent === '' ? undefined : parent;
}

function child(path: string, key: string): string {
  return formatPath([...parsePath(path), key]);
}

/**
 * --pin-digests: every target carries the digest to pin (or none when it is unknown); `failed`
 * gives, per site (siteKey), the ways an earlier render showed the templates ignore.
 */
export interface PinRequest {
  failed: ReadonlyMap<string, ReadonlySet<PinWay>>;
  /** Why a target without a digest has none (where digests were looked for). */
  unknown: string;
}

/** A site as the writer planned it: its target and the name paths that carry it. */
export interface PinSite {
  s: ImageSite;
  to: Reference;
  names: [string, string][];
}

export type Pin = { way: PinWay | 'chart'; sets: [string, string][] };

/**
 * Each site's way, or why it has none. A value two images need with different digests (a tag
 * shared by several images) pins neither: one digest there would send the other image to the
 * wrong content, so those images take their next way or stay at their tag.
 */
export function choosePins(planned: readonly PinSite[], current: Record<string, unknown>, pin: PinRequest): Map<PinSite, Pin | string> {
  const contested = new Set<string>();
  for (;;) {
    const result = new Map<PinSite, Pin | string>();
    const values = new Map<string, Set<string>>();
    for (const p of planned) {
      if (p.names.length === 0) continue;
      const c = p.to.digest ? pinSite(p, current, pin.failed.get(siteKey(p.s.source)), contested) : `digest unknown: ${pin.unknown}`;
      result.set(p, c);
      if (typeof c !== 'string') for (const [path, v] of c.sets) values.set(path, (values.get(path) ?? new Set()).add(v));
    }
    const fresh = [...values].filter(([path, vs]) => vs.size > 1 && !contested.has(path));
    if (fresh.length === 0) return result;
    for (const [path] of fresh) contested.add(path);
  }
}

/** The way the site's digest is carried, or why it is not. */
function pinSite(p: PinSite, current: Record<string, unknown>, failed: ReadonlySet<PinWay> = new Set(), contested: ReadonlySet<string>): Pin | string {
  const { s, to } = p;
  const parts = s.valuesParts ?? [];
  // a digest value of the chart's own: the name paths already set it to the target's digest
  if (parts.some((x) => x.part === 'digest')) return { way: 'chart', sets: [] };
  if (parseReference(s.ref).digest === to.digest) return { way: 'chart', sets: [] };
  const choices = pinChoices(parts, p.names, to, parseReference(s.ref), current);
  if (choices.length === 0) return 'no value can carry a digest (no digest or tag value beside the name, no whole image string)';
  const open = choices.filter((c) => !failed.has(c.way));
  const free = open.find((c) => c.sets.every(([path]) => !contested.has(path)));
  if (free) return free;
  const paths = (cs: readonly PinChoice[]) => cs.flatMap((c) => c.sets.map(([x]) => x)).join(', ');
  if (open.length > 0) return `${paths(open)} is shared with images of other digests`;
  return `the templates do not render a digest set at ${paths(choices)}`;
}
