// Which images a bundle carries: discovered sites merged per normalised reference, extra images
// from the spec, optional ones only when asked, excludes applied last. Pure.
import { formatReference, parseReference } from '../oci/reference.js';
import type { LockedImageSite } from './lock.js';

export type ImageNeed = 'certain' | 'optional' | 'extra';

/** One occurrence found by discovery (a render site, a toggle, an annotation, a values block). */
export interface FoundImage {
  ref: string;
  raw: string;
  /** certain: the default render needs it; optional: only a toggle/annotation/values block names it; doubtful: a look-alike no rule vouches for (never bundled unless named with --image). */
  need: 'certain' | 'optional' | 'doubtful';
  site: LockedImageSite;
}

export interface PlannedImage {
  /** The reference as first written (by the chart or the user). */
  source: string;
  ref: string;
  need: ImageNeed | 'doubtful';
  sites: LockedImageSite[];
}

export interface ImagePlanInput {
  found: FoundImage[];
  extra: string[];
  exclude: string[];
  includeOptional: boolean;
}

export interface ImagePlan {
  bundle: PlannedImage[];
  /** Optional images left out (no --include-optional). */
  notBundled: PlannedImage[];
  /** References dropped by an exclude glob, with the glob. */
  excluded: { ref: string; glob: string }[];
}

const NEED_RANK = { certain: 0, extra: 1, optional: 2, doubtful: 3 } as const;

function strongest(a: PlannedImage['need'], b: PlannedImage['need']): PlannedImage['need'] {
  return NEED_RANK[a] <= NEED_RANK[b] ? a : b;
}

/** registry/repository:tag[@digest], :latest added when neither tag nor digest. */
export function normaliseImage(ref: string): string {
  return formatReference(parseReference(ref), { defaultTag: true });
}

export function planImages(input: ImagePlanInput): ImagePlan {
  const byRef = new Map<string, PlannedImage>();
  for (const f of input.found) {
    const cur = byRef.get(f.ref) ?? { source: f.raw, ref: f.ref, need: f.need, sites: [] };
    cur.need = strongest(cur.need, f.need);
    cur.sites.push(f.site);
    byRef.set(f.ref, cur);
  }
  for (const raw of input.extra) {
    const ref = normaliseImage(raw);
    const cur = byRef.get(ref);
    if (cur) cur.need = cur.need === 'certain' ? 'certain' : 'extra';
    else byRef.set(ref, { source: raw, ref, need: 'extra', sites: [] });
  }
  const plan: ImagePlan = { bundle: [], notBundled: [], excluded: [] };
  for (const img of [...byRef.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    const glob = input.exclude.find((g) => matchesImageGlob(g, img.ref));
    if (glob) plan.excluded.push({ ref: img.ref, glob });
    else if (img.need === 'doubtful' || (img.need === 'optional' && !input.includeOptional)) plan.notBundled.push(img);
    else plan.bundle.push(img);
  }
  return plan;
}

/**
 * Glob over a normalised reference: `*` stays within a path segment, `**` crosses `/`, `?` is
 * one character. A glob without a tag part also matches any tag/digest of that name, and a
 * glob that names no registry is tried against docker.io's normalisation too.
 */
export function matchesImageGlob(glob: string, ref: string): boolean {
  const name = ref.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  const candidates = [glob];
  if (!/^[^/]*[.:][^/]*\//.test(glob) && !glob.startsWith('*')) candidates.push(`docker.io/${glob.includes('/') ? '' : 'library/'}${glob}`);
  return candidates.some((g) => globRegExp(g).test(ref) || globRegExp(g).test(name));
}

function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
