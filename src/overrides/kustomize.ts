// A kustomization `images:` list for plain manifests (`helm airgap values --format kustomize`).
// Kustomize matches an entry's `name` against the image name as the manifest spells it (tag and
// digest left out), so names are kept as written, and the target comes from the same mapping as
// push and the post-renderer.

import { stringify } from 'yaml';
import { parseReference } from '../oci/reference.js';
import { mapImage, type MappingNaming, type MappingTarget } from './image-mapping.js';

export interface KustomizeSource {
  /** The reference as the manifest/chart wrote it, e.g. "nginx:1.25" or "quay.io/a/b@sha256:...". */
  source: string;
}

export interface KustomizeImage {
  name: string;
  newName: string;
  newTag?: string;
  /** Pinned images keep their digest (kustomize then writes name@digest, which is what was pushed). */
  digest?: string;
}

export interface KustomizeImages {
  images: KustomizeImage[];
  /** Sources whose name is already taken by another tag/digest: one entry per name is all kustomize reads. */
  conflicts: string[];
}

/** The image name as written, without ":tag" and "@digest" (the tag's ":" is after the last "/"). */
export function imageName(source: string): string {
  const noDigest = source.trim().split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function kustomizeImages(sources: readonly KustomizeSource[], target: MappingTarget, naming: MappingNaming = 'default'): KustomizeImages {
  const byName = new Map<string, KustomizeImage>();
  const conflicts: string[] = [];
  for (const { source } of sources) {
    const entry = toEntry(source, target, naming);
    const had = byName.get(entry.name);
    if (!had) byName.set(entry.name, entry);
    else if (had.newTag !== entry.newTag || had.digest !== entry.digest) conflicts.push(source);
  }
  const images = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { images, conflicts };
}

function toEntry(source: string, target: MappingTarget, naming: MappingNaming): KustomizeImage {
  const r = parseReference(source);
  const newName = imageName(mapImage(source, target, naming));
  const entry: KustomizeImage = { name: imageName(source), newName };
  if (r.digest) entry.digest = r.digest;
  else if (r.tag) entry.newTag = r.tag;
  return entry;
}

/** The `images:` block of a kustomization.yaml (a whole document: paste it or merge it). */
export function formatKustomizeImages(sources: readonly KustomizeSource[], target: MappingTarget, naming: MappingNaming = 'default'): string {
  return stringify({ images: kustomizeImages(sources, target, naming).images }, { lineWidth: 0 });
}
