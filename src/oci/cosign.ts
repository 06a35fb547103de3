// cosign's tag scheme, which predates the OCI referrers API and is still what `cosign verify`
// reads first: sha256-<hex>.sig (signatures), .att (attestations), .sbom (SBOMs) beside the image.
export const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

/** sha256:<hex> + sig → sha256-<hex>.sig */
export function cosignTag(digest: string, suffix: (typeof COSIGN_SUFFIXES)[number]): string {
  return `${digest.replace(':', '-')}.${suffix}`;
}
