// The verification evidence of the lock as SBOM properties (buildSbom's extraProperties seam), so
// a reviewer approving the SBOM sees who signed each image and chart without opening the lock:
// the key's fingerprint or the certificate's identity and issuer, the log's integrated time and
// index, the signature's digest and the policy entry that required it. One image may satisfy its
// policy with several signatures: each gets its own numbered names (a property name is unique
// per component in the seam, and a reviewer's tool reads them by name).
import type { BundleLock, LockedSignature } from './lock.js';

export const EVIDENCE_PREFIX = 'helm-airgap:signature';

/** digest → properties, for every image and chart of the lock that carries signatures. */
export function signatureEvidence(lock: BundleLock): (digest: string) => Record<string, string> | undefined {
  const byDigest = new Map<string, Record<string, string>>();
  for (const item of [...lock.images, ...lock.charts])
    if (item.signatures?.length) byDigest.set(item.digest, { ...byDigest.get(item.digest), ...evidenceProperties(item.signatures) });
  return (digest) => byDigest.get(digest);
}

function evidenceProperties(signatures: readonly LockedSignature[]): Record<string, string> {
  const out: Record<string, string> = {};
  signatures.forEach((s, n) => {
    const at = (name: string, value: string | number | undefined) => {
      if (value !== undefined) out[`${EVIDENCE_PREFIX}:${n}:${name}`] = String(value);
    };
    at('format', s.format);
    at('digest', s.digest);
    at('keyFingerprint', s.keyFingerprint);
    at('identity', s.identity);
    at('issuer', s.issuer);
    at('integratedTime', s.integratedTime);
    at('logIndex', s.logIndex);
    at('policy', s.policy);
  });
  return out;
}
