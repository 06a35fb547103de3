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

/** The platform images of an index, attestations (os "unknown") and platform-less entries left out. */
export function platformImages(node: JudgedNode): MapPlatform[] {
  return node.manifests.filter((d) => d.platform && d.platform.os !== 'unknown').map((d) => ({ platform: formatPlatform(d.platform), digest: d.digest }));
}

/**
 * For a source and candidate whose top digests differ: platform-identical when every platform image
 * of the source is served by the candidate with the same digest (a single-manifest source: when
 * the candidate's index lists that manifest), naming those platforms; else different, naming the
 * source platforms the candidate lacks.
 */
export function judgePlatforms(source: JudgedNode, candidate: JudgedNode): Verdict {
  // what the candidate serves, by digest: an index's children, or the manifest itself
  const served = new Map<string, string>(
    candidate.kind === 'index'
      ? candidate.manifests.map((d) => [d.digest, d.platform ? formatPlatform(d.platform) : 'unknown'])
      : [[candidate.digest, 'unknown']],
  );
  if (source.kind === 'manifest') {
    const platform = served.get(source.digest);
    if (platform === undefined || candidate.kind !== 'index') return { status: 'different', missing: [] };
    return { status: 'platform-identical', platforms: [{ platform, digest: source.digest }] };
  }
  const wanted = platformImages(source);
  const missing = wanted.filter((p) => !served.has(p.digest)).map((p) => p.platform);
  if (wanted.length === 0) return { status: 'different', missing: [] };
  if (missing.length > 0) return { status: 'different', missing };
  return { status: 'platform-identical', platforms: wanted };
}
