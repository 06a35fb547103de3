// How far a copy follows referrers. Anyone who can push to a repository can attach referrers
// (through the referrers API, or the sha256-<hex> tag index where a registry has none), so the
// graph they form is untrusted: it may loop back (skipped: copy-graph.ts) or go on without end,
// each manifest new and each request fast, which no timeout catches. These bounds end it.
import { AirgapError } from '../util/errors.js';

/**
 * Levels of referrers of referrers followed under an image: 1 is a signature or attestation of
 * the image, 2 a signature of that attestation (cosign attest then sign), 3 what a tool attaches
 * to that; one more level is room to spare.
 */
export const MAX_REFERRER_DEPTH = 4;

/** Referrers carried for one image, every level and platform together. */
export const MAX_REFERRERS_PER_IMAGE = 2000;

const HINT =
  "someone attached artifacts to artifacts without end: remove them in the registry (keep the image's signatures, SBOMs and attestations), or leave referrers out (bundle --no-with-referrers, copy without --with-referrers) where no signature policy covers the image";

/**
 * A signature or other artifact beside an image refused as it is: past a bound, or not a manifest.
 * Where a signature policy covers the image, it is the policy's refusal (exit 3).
 */
export class ArtifactRefused extends AirgapError {}

/** Referrers nest deeper than MAX_REFERRER_DEPTH levels. */
export class ReferrerDepthError extends ArtifactRefused {
  constructor(image: string, chain: string[]) {
    super(`referrers of ${image} nest more than ${MAX_REFERRER_DEPTH} levels deep (${chain.map(short).join(' -> ')}): refused`, {
      code: 'ERR_REFERRER_DEPTH',
      hint: HINT,
    });
  }
}

/** More than MAX_REFERRERS_PER_IMAGE referrers under one image. */
export class ReferrerCountError extends ArtifactRefused {
  constructor(image: string) {
    super(`${image} has more than ${MAX_REFERRERS_PER_IMAGE} referrers (all levels together): refused`, {
      code: 'ERR_TOO_MANY_REFERRERS',
      hint: HINT,
    });
  }
}

/** The chain from the image down to `digest`, following each referrer to the manifest it was listed for. */
export function chainOf(digest: string, subjectOf: ReadonlyMap<string, string>): string[] {
  const chain = [digest];
  for (let d = subjectOf.get(digest); d !== undefined && chain.length <= MAX_REFERRER_DEPTH + 1; d = subjectOf.get(d)) chain.unshift(d);
  return chain;
}

const short = (digest: string) => digest.slice(0, 19);

const MiB = 1024 * 1024;

/**
 * The most a blob of a signature, attestation or other referrer may declare, checked against the
 * manifest's `size` before a byte moves (a push stops at the declared size, so no partial grows
 * past it): what is checked is bounded as it is read (a cosign payload 1 MiB, a DSSE envelope
 * 4 MiB, a Sigstore bundle 8 MiB), anything else carried (an SBOM, a config) CARRY_BOUND.
 */
export const ARTIFACT_BLOB_BOUNDS: readonly { mediaType: string; prefix?: boolean; bound: number; what: string }[] = [
  { mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', bound: MiB, what: 'a cosign signature payload' },
  { mediaType: 'application/vnd.dsse.envelope.v1+json', bound: 4 * MiB, what: 'a DSSE envelope' },
  { mediaType: 'application/vnd.dev.sigstore.bundle', prefix: true, bound: 8 * MiB, what: 'a Sigstore bundle' },
];

/** A blob of a referrer or cosign tag that is not one of the checked kinds above: an SBOM, a config. */
export const CARRY_BOUND = 256 * MiB;

export const boundOf = (mediaType: string): { bound: number; what: string } =>
  ARTIFACT_BLOB_BOUNDS.find((b) => (b.prefix ? mediaType.startsWith(b.mediaType) : mediaType === b.mediaType)) ?? {
    bound: CARRY_BOUND,
    what: 'a blob carried beside an image',
  };

/** A signature or referrer artifact declares a blob past its bound: refused before it is fetched. */
export class ArtifactSizeError extends ArtifactRefused {
  constructor(artifact: string, blob: { digest: string; size: number; mediaType: string }) {
    const { bound, what } = boundOf(blob.mediaType);
    super(`${artifact}: ${blob.mediaType} ${blob.digest} declares ${blob.size} bytes, past the ${bound / MiB} MiB ${what} may be: refused before pulling it`, {
      code: 'ERR_ARTIFACT_SIZE',
      hint: 'the registry holds a broken or hostile signature or referrer: remove it there (cosign clean, or delete the artifact), or leave referrers out (bundle --no-with-referrers, copy without --with-referrers) where no signature policy covers the image',
    });
  }
}

/** A signature or referrer manifest that is not one (`null`, a list where a descriptor goes). */
export class ArtifactManifestError extends ArtifactRefused {
  constructor(artifact: string, cause: Error) {
    super(`${artifact}: ${cause.message}`, {
      code: 'ERR_ARTIFACT_MANIFEST',
      hint: 'the registry holds a broken or hostile signature or referrer: remove it there, or leave referrers out (bundle --no-with-referrers) where no signature policy covers the image',
      cause,
    });
  }
}

/** Throws ArtifactSizeError for the first of `blobs` past its bound. */
export function checkArtifactSizes(artifact: string, blobs: readonly { digest: string; size: number; mediaType: string }[]): void {
  for (const b of blobs) if (!(b.size <= boundOf(b.mediaType).bound)) throw new ArtifactSizeError(artifact, b);
}
