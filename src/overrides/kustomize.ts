// A complete kustomization for rendered manifests (`helm airgap values --format kustomize`):
// `resources:` (the manifests written beside it) and `images:` (pure).
//
// Kustomize's images transformer rewrites the `image` of every `containers[]` and
// `initContainers[]` list, of any kind at any depth, and nothing else: not ephemeralContainers,
// not an image in args or env, a ConfigMap, an annotation or a custom resource's own field.
// Each image is therefore classed reachable or not by the field it sits in, and the unreachable
// ones are named, never counted as done. An entry's `name` must be the image name as the
// manifest spells it (kustomize matches on the spelling, tag and digest left out); an entry sets
// only `newName` where the tag and digest stay what they were (push keeps both), so one name
// used with several tags needs one entry.

import { stringify } from 'yaml';
import { parseReference } from '../oci/reference.js';
import type { ImageSite, ImageSource, SiteKind } from '../discover/image-site.js';
import type { Placement } from './placement.js';

export interface KustomizeImage {
  name: string;
  newName: string;
  newTag?: string;
  digest?: string;
}

/** An image the kustomization cannot move, with where it is and why. */
export interface UnreachableImage {
  ref: string;
  site: SiteKind;
  where: ImageSource;
  why: string;
}

export interface Kustomization {
  images: KustomizeImage[];
  unreachable: UnreachableImage[];
  /** The kustomization.yaml text. */
  text: string;
}

/** The field kustomize's images transformer rewrites: `image` of a containers/initContainers entry. */
export function kustomizeReaches(fieldPath: string): boolean {
  return /(^|\.)(containers|initContainers)\[\d+\]\.image$/.test(fieldPath);
}

/** The image name as written, without ":tag" and "@digest" (the tag's ":" is after the last "/"). */
export function imageName(source: string): string {
  const noDigest = source.trim().split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export type Site = Pick<ImageSite, 'ref' | 'raw' | 'site' | 'source'>;

export function buildKustomization(resources: readonly string[], sites: readonly Site[], to: Placement, header: readonly string[] = []): Kustomization {
  const byName = new Map<string, KustomizeImage>();
  const unreachable: UnreachableImage[] = [];
  for (const s of sites) {
    if (!to.moves(s.ref) || to.placed(s.ref)) continue;
    if (!kustomizeReaches(s.source.fieldPath)) {
      unreachable.push(outOfReach(s));
      continue;
    }
    const entry = toEntry(s.raw, s.ref, to);
    const had = byName.get(entry.name);
    if (!had) byName.set(entry.name, entry);
    else if (!sameEntry(had, entry)) unreachable.push(nameTaken(s, had));
  }
  const images = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const notes = unreachable.map((u) => `#   ${u.ref}: ${u.where.template} ${u.where.kind}/${u.where.name} ${u.where.fieldPath}: ${u.why}`);
  const lines = [...header, ...(notes.length > 0 ? ['# NOT rewritten by this kustomization (use --format values, or the post-renderer):', ...notes] : [])];
  const doc = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources], images };
  return { images, unreachable, text: `${lines.map((l) => `${l}\n`).join('')}${stringify(doc, { lineWidth: 0 })}` };
}

/** An image in a field the images transformer does not rewrite, with why. */
export function outOfReach(s: Site): UnreachableImage {
  return { ref: s.ref, site: s.site, where: s.source, why: `kustomize rewrites only containers[].image and initContainers[].image, not ${describeField(s)}` };
}

/** A second image of one name that needs another entry than the first one got. */
export function nameTaken(s: Site, had: KustomizeImage): UnreachableImage {
  const why = `kustomize reads one entry per image name and ${had.name} already has one (${[had.newName, had.newTag, had.digest].filter(Boolean).join(' ')})`;
  return { ref: s.ref, site: s.site, where: s.source, why };
}

export function sameEntry(a: KustomizeImage, b: KustomizeImage): boolean {
  return a.name === b.name && a.newName === b.newName && a.newTag === b.newTag && a.digest === b.digest;
}

function describeField(s: Site): string {
  if (/(^|\.)ephemeralContainers\[\d+\]\.image$/.test(s.source.fieldPath)) return 'ephemeralContainers';
  const kinds: Partial<Record<SiteKind, string>> = {
    env: 'an env value',
    arg: 'a container argument',
    configmap: 'ConfigMap data',
    'custom-resource': "a custom resource's own field",
    annotation: 'an annotation',
  };
  return kinds[s.site] ?? `the field ${s.source.fieldPath}`;
}

function toEntry(raw: string, ref: string, to: Placement): KustomizeImage {
  const spelled = raw.trim();
  const from = parseReference(ref);
  const mapped = to.mapRef(ref);
  const m = parseReference(mapped);
  const entry: KustomizeImage = { name: imageName(spelled), newName: imageName(mapped) };
  // push keeps tags and digests: only a rewritten pin (--sparse-index rewrite) changes one
  if (m.digest && m.digest !== from.digest) entry.digest = m.digest;
  else if (!m.digest && m.tag && m.tag !== (from.tag ?? 'latest')) entry.newTag = m.tag;
  return entry;
}
