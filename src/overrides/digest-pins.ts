// Where a values override can carry an image's digest (`values --pin-digests`), pure. A chart
// gives a digest a place in one of three shapes, tried in this order: a `digest` key in the image's
// block (Bitnami's image.digest, often empty), the tag value (`tag: "v1@sha256:..."`, which a
// `repository:tag` template renders as a pinned reference), or a whole reference string; then the
// same `digest` and `tag` keys added where values.yaml leaves them out (cert-manager documents
// both only in comments, and its templates read them). Which one the templates honour only the
// re-render shows: the caller drops a way for a site when it did not reach the rendered image.
import type { ValuesPart } from '../discover/image-site.js';
import { formatPath, parentPath, parsePath } from '../discover/field-path.js';
import { getIn } from '../discover/value-markers.js';
import type { Reference } from '../oci/reference.js';

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
  const has = (k: string) => isMap(block) && k in block && (block[k] === null || typeof block[k] === 'string' || typeof block[k] === 'number');
  if (blockPath !== undefined && has('digest')) out.push({ way: 'digest', sets: [[child(blockPath, 'digest'), digest]] });
  const tag = parts.find((p) => p.part === 'tag');
  if (tag && !tag.value.includes('@')) out.push({ way: 'tag', sets: [[tag.path, `${tag.value}@${digest}`]] });
  else if (!tag && blockPath !== undefined && has('tag') && source.tag) out.push({ way: 'tag', sets: [[child(blockPath, 'tag'), `${source.tag}@${digest}`]] });
  const image = names.find(([path, value]) => parts.some((p) => p.path === path && p.part === 'image') && /[:/]/.test(value) && !value.includes('@'));
  if (image) out.push({ way: 'image', sets: [[image[0], `${image[1]}@${digest}`]] });
  // a block with a repository of its own, where neither key is written yet
  const absent = (k: string) => isMap(block) && !(k in block) && parts.some((p) => p.part === 'repository');
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

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
