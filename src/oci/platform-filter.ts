// What --platform does to an index (the rule is documented in docs/guide/bundle.md):
//
//   The index is copied with its ORIGINAL bytes, so its digest (the one a chart pins) keeps
//   working, but only the children for the selected platforms are copied: a "sparse index".
//   BuildKit attestation manifests travel with the platform manifest they describe. Nested
//   indexes are walked with the same filter. Children without a platform that are not
//   attestations (artifacts) are kept. A filter that selects nothing is an error, not an empty copy.
//
// Rewriting the index instead would mint a new digest and break every pin and signature on it.
import { UsageError } from '../util/errors.js';
import type { Descriptor, Platform } from './content.js';
import { successors, type Manifest } from './manifest.js';
import { isIndexType } from './media-types.js';
import { formatPlatform, matchAnyPlatform } from './platform.js';

const REF_TYPE = 'vnd.docker.reference.type';
const REF_DIGEST = 'vnd.docker.reference.digest';

export function isAttestation(d: Descriptor): boolean {
  return d.annotations?.[REF_TYPE] === 'attestation-manifest';
}

/** The children of an index to copy under a platform filter (all of them without one). */
export function selectChildren(index: Manifest, platforms: Platform[] | undefined, what: string): Descriptor[] {
  const all = index.manifests;
  if (!platforms || platforms.length === 0) return all;
  const kept = all.filter((d) => !isAttestation(d) && (isIndexType(d.mediaType) || !d.platform || matchAnyPlatform(d.platform, platforms)));
  const runnable = kept.filter((d) => d.platform && !isIndexType(d.mediaType));
  const hasPlatformChildren = all.some((d) => d.platform && !isAttestation(d));
  if (hasPlatformChildren && runnable.length === 0 && !kept.some((d) => isIndexType(d.mediaType))) {
    const have = [...new Set(all.filter((d) => !isAttestation(d)).map((d) => formatPlatform(d.platform)))].join(', ');
    throw new UsageError(`${what}: no manifest for platform ${platforms.map(formatPlatform).join(',')}`, {
      hint: `this index holds: ${have}; pick one of those with --platform, or drop --platform to copy all`,
    });
  }
  const keptDigests = new Set(kept.map((d) => d.digest));
  const attestations = all.filter((d) => isAttestation(d) && keptDigests.has(d.annotations?.[REF_DIGEST] ?? ''));
  return [...kept, ...attestations];
}

/**
 * The successors function of a graph walk under a platform filter: an index's selected children
 * (a sparse index's left-out children are not expected anywhere), every other manifest's config
 * and layers. Walkers (copy, verify, estimate) take this instead of deciding themselves.
 */
export function successorsUnder(platforms: Platform[] | undefined): (m: Manifest, what: string) => Descriptor[] {
  return (m, what) => (m.kind === 'index' ? selectChildren(m, platforms, what) : successors(m));
}
