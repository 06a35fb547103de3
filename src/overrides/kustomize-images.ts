// Kustomize's images transformer as kustomize 5 applies it, and the `images:` entries an existing
// overlay needs so that `kubectl kustomize DIR` puts every pod-spec image at the target (pure).
//
// What kustomize does (checked against kubectl 1.35 / kustomize 5.7 in test/kustomize/): each
// entry of a kustomization's `images:` is a transformer of its own, applied in order to the
// `image` of every containers[] and initContainers[] entry at any depth of any kind, after the
// resources, components and patches of that kustomization. An entry matches the name exactly as
// spelled (no normalisation: `nginx` is not `docker.io/library/nginx`); `newTag` alone replaces
// tag and digest, `digest` alone drops the tag, both give NAME:TAG@DIGEST. A base's entries are
// applied before the overlay sees its images, so the overlay must match the name the base made.
import { formatReference, parseReference } from '../oci/reference.js';
import { imageName, kustomizeReaches, nameTaken, outOfReach, sameEntry, type KustomizeImage, type Site, type UnreachableImage } from './kustomize.js';
import type { Placement } from './placement.js';

/** An `images:` entry as a kustomization holds it (only `name` is required). */
export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface SplitImage {
  name: string;
  tag?: string;
  digest?: string;
}

/** NAME[:TAG][@DIGEST] as kustomize splits it (a port's ":" before the last "/" is not a tag). */
export function splitImage(image: string): SplitImage {
  const name = imageName(image);
  const rest = image.trim().slice(name.length);
  const at = rest.indexOf('@');
  const tagPart = at < 0 ? rest : rest.slice(0, at);
  return {
    name,
    ...(tagPart.startsWith(':') ? { tag: tagPart.slice(1) } : {}),
    ...(at >= 0 ? { digest: rest.slice(at + 1) } : {}),
  };
}

function joinImage(s: SplitImage): string {
  return `${s.name}${s.tag ? `:${s.tag}` : ''}${s.digest ? `@${s.digest}` : ''}`;
}

// kustomize's image.IsImageMatched: the name as spelled, then an optional tag and digest
const AFTER_NAME = /^(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$/;

export function entryMatches(image: string, name: string): boolean {
  const s = image.trim();
  return s.startsWith(name) && AFTER_NAME.test(s.slice(name.length));
}

/** One entry applied to one image (unchanged when the name does not match). */
export function applyEntry(image: string, e: ImageEntry): string {
  if (!entryMatches(image, e.name)) return image;
  const s = splitImage(image);
  const name = e.newName || s.name;
  if (e.newTag && e.digest) return joinImage({ name, tag: e.newTag, digest: e.digest });
  if (e.newTag) return joinImage({ name, tag: e.newTag });
  if (e.digest) return joinImage({ name, digest: e.digest });
  return joinImage({ ...s, name });
}

/** The entries of one kustomization, in order (each one sees what the previous one made). */
export function applyEntries(image: string, entries: readonly ImageEntry[]): string {
  return entries.reduce(applyEntry, image);
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);

/** Applies `entries` to every containers[]/initContainers[] image of `object`, in place. */
export function transformContainerImages(object: unknown, entries: readonly ImageEntry[]): void {
  if (entries.length === 0) return;
  const walk = (v: unknown, depth: number): void => {
    if (depth > 200 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (CONTAINER_LISTS.has(k) && Array.isArray(x))
        for (const c of x)
          if (c && typeof c === 'object' && typeof (c as { image?: unknown }).image === 'string')
            (c as { image: string }).image = applyEntries((c as { image: string }).image, entries);
      walk(x, depth + 1);
    }
  };
  walk(object, 0);
}

/**
 * A pod-spec image as the overlay's own `images:` meet it: after the bases' and components'
 * entries, before the overlay's. Read from built output (`kubectl kustomize DIR`), the overlay's
 * entries were applied already: `before` is then the matched entry's name, and `tagKnown` false
 * when that entry replaced the tag or digest (what was there before is gone).
 */
export interface OverlayImage extends Site {
  before: string;
  tagKnown: boolean;
}

/** The image a built output shows, traced back to what the overlay's entries matched. */
export function beforeOwnEntries(built: string, own: readonly ImageEntry[]): { before: string; tagKnown: boolean } {
  const s = splitImage(built);
  // the last entry that could have made this name: one that renames to it, or keeps it
  for (let i = own.length - 1; i >= 0; i--) {
    const e = own[i]!;
    if ((e.newName || e.name) !== s.name) continue;
    const replaced = Boolean(e.newTag || e.digest);
    return { before: joinImage({ ...(replaced ? {} : s), name: e.name }), tagKnown: !replaced };
  }
  return { before: built.trim(), tagKnown: true };
}

export interface EntryPlanOptions {
  /** Where images go. */
  to: Placement;
  /** True for a repository name the placement sends images to: an entry there was written by an earlier run. */
  atTarget: (name: string) => boolean;
  /** The digest to pin for a source, when pinning (undefined: the map has none for it). */
  pin?: (source: string) => string | undefined;
}

export interface PlannedImage {
  /** The image as the overlay sees it, spelled as the manifests spell it. */
  before: string;
  /** What the overlay deploys today (its own entries applied): the image that was moved. */
  source: string;
  /** What it deploys once the entry is written. */
  after: string;
}

export interface EntryPlan {
  /** One entry per image name, sorted by name. */
  entries: KustomizeImage[];
  images: PlannedImage[];
  /** In fields kustomize does not rewrite, or a second entry for one name would be needed. */
  unreachable: UnreachableImage[];
  /** Images the map does not name, in any field (left as they are). */
  unmapped: string[];
  /** Already at the target before this run (a base or the manifests name it). */
  placed: string[];
  /** Pinning asked for, and the map has no digest for these sources. */
  unpinned: string[];
}

/** The entries that move every reachable image, and what cannot be moved, named. */
export function planImageEntries(images: readonly OverlayImage[], own: readonly ImageEntry[], o: EntryPlanOptions): EntryPlan {
  // an entry an earlier run pointed at the target keeps its tag and digest but not its newName:
  // the image it moves is what the overlay deployed before that run
  const source = own.map((e) => (e.newName && o.atTarget(e.newName) ? { ...e, newName: undefined } : e));
  const byName = new Map<string, KustomizeImage>();
  const plan: EntryPlan = { entries: [], images: [], unreachable: [], unmapped: [], placed: [], unpinned: [] };
  for (const img of images) {
    if (!kustomizeReaches(img.source.fieldPath)) {
      if (!o.to.moves(img.ref) && o.to.arrived(img.ref)) plan.placed.push(img.ref);
      else if (!o.to.moves(img.ref)) plan.unmapped.push(img.ref);
      else if (!o.to.placed(img.ref)) plan.unreachable.push(outOfReach(img));
      continue;
    }
    const deployed = applyEntries(img.before, source);
    let ref;
    try {
      ref = formatReference(parseReference(deployed));
    } catch {
      plan.unreachable.push({ ...outOfReach(img), why: `the overlay's images: make it ${JSON.stringify(deployed)}, not an image reference` });
      continue;
    }
    // already where the map sends images, whatever tag or digest it carries there: pulled from the target
    if (!o.to.moves(ref)) {
      plan[o.to.arrived(ref) ? 'placed' : 'unmapped'].push(ref);
      continue;
    }
    if (o.to.placed(ref)) {
      plan.placed.push(ref);
      continue;
    }
    let target = parseReference(o.to.mapRef(ref));
    if (o.pin) {
      const digest = o.pin(ref);
      if (digest) target = { ...target, digest };
      else plan.unpinned.push(ref);
    }
    const entry = entryFor(img, target);
    const had = byName.get(entry.name);
    if (had && !sameEntry(had, entry)) {
      plan.unreachable.push(nameTaken(img, had));
      continue;
    }
    byName.set(entry.name, entry);
    plan.images.push({ before: img.before, source: ref, after: formatReference(target) });
  }
  plan.entries = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  plan.unmapped = [...new Set(plan.unmapped)].sort();
  plan.placed = [...new Set(plan.placed)].sort();
  plan.unpinned = [...new Set(plan.unpinned)].sort();
  return plan;
}

/** The entry that turns the image as the overlay meets it into `target` (kustomize's rules above). */
function entryFor(img: OverlayImage, target: { registry: string; repository: string; tag?: string; digest?: string }): KustomizeImage {
  const before = splitImage(img.before);
  const entry: KustomizeImage = { name: before.name, newName: `${target.registry}/${target.repository}` };
  if (img.tagKnown && target.tag === before.tag && target.digest === before.digest) return entry;
  if (target.tag) entry.newTag = target.tag;
  if (target.digest) entry.digest = target.digest;
  return entry;
}
