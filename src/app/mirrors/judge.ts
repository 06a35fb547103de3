// Whether a candidate that serves another top digest than the source still carries the source's
// images (pure). Registries rebuild indexes (another annotation, an attestation added or dropped,
// platforms reordered) while every platform image stays byte for byte the same; a node pulls the
// platform manifest, never the index, so those platforms are safe to switch. Judged by digest only.
import type { MapPlatform } from '../../bundle/image-map.js';
import type { Descriptor } from '../../oci/content.js';
import { formatPlatform } from '../../oci/platform.js';

/** A manifest or index as far as judging needs it. */
export interface JudgedNode {
  digest: string;
  kind: 'index' | 'manifest';
  /** An index's children (empty for a manifest). */
  manifests: readonly Descriptor[];
}

export type Verdict = { status: 'platform-identical'; platforms: MapPlatform[] } | { status: 'different'; missing: string[] };

/** Docker's attestation manifests (BuildKit provenance, SBOMs): annotated so, or platform unknown/unknown. */
export function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown');
}

/** The platform images of an index, attestations and platform-less entries left out. */
export function platformImages(node: JudgedNode): MapPlatform[] {
  return node.manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => ({ platform: formatPlatform(d.platform), digest: d.digest }));
}

/**
 * For a source and candidate whose top digests differ: platform-identical only when the candidate
 * serves exactly the source's platform images: for each source platform, the candidate's only
 * entry for that platform is the same digest under the same platform, and it has no other image
 * entries (attestations aside). A node picks the first entry for its platform, so an extra entry
 * put first, or labels swapped between the same manifests, would have it pull another image. A
 * single-manifest source is platform-identical when the candidate index's one image entry is it.
 * Else different, naming the source platforms the candidate does not serve as the source does.
 */
export function judgePlatforms(source: JudgedNode, candidate: JudgedNode): Verdict {
  if (candidate.kind === 'manifest') {
    // an index whose one platform image is the candidate manifest itself
    const wanted = platformImages(source);
    const only =
      wanted.length === 1 && wanted[0]!.digest === candidate.digest && source.manifests.every((d) => d.digest === candidate.digest || isAttestation(d));
    return only ? { status: 'platform-identical', platforms: wanted } : { status: 'different', missing: [] };
  }
  const images = candidate.manifests.filter((d) => !isAttestation(d));
  if (source.kind === 'manifest') {
    const [one] = images;
    if (images.length !== 1 || one!.digest !== source.digest) return { status: 'different', missing: [] };
    return { status: 'platform-identical', platforms: [{ platform: one!.platform ? formatPlatform(one!.platform) : 'unknown', digest: one!.digest }] };
  }
  const wanted = platformImages(source);
  if (wanted.length === 0) return { status: 'different', missing: [] };
  // every image entry of the candidate, by platform; a platform-less entry is an image of no known platform
  const served = new Map<string, string[]>();
  for (const d of images) {
    const p = d.platform ? formatPlatform(d.platform) : 'unknown';
    served.set(p, [...(served.get(p) ?? []), d.digest]);
  }
  const missing = wanted.filter((p) => {
    const there = served.get(p.platform);
    return there?.length !== 1 || there[0] !== p.digest;
  });
  if (missing.length > 0) return { status: 'different', missing: missing.map((p) => p.platform) };
  // nothing besides: no other platform, no second entry for one of the source's
  if (images.length !== wanted.length) return { status: 'different', missing: [] };
  return { status: 'platform-identical', platforms: wanted };
}
