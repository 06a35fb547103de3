// cosign's legacy signature format: the sha256-<hex>.sig manifest beside an image, each layer a
// simple-signing payload (application/vnd.dev.cosign.simplesigning.v1+json) whose signature is
// the dev.cosignproject.cosign/signature annotation (base64, ASN.1 DER for ECDSA) over the
// payload's bytes. The payload names the image digest it signs; the digest is checked against
// the one pinned before the pull, so a signature of another image (or a moved tag) never passes.
import { verify } from 'node:crypto';
import type { Descriptor, Fetcher } from '../oci/content.js';
import type { PolicyKey } from './keys.js';
import { signingHash } from './keys.js';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import { hasRekorEntry, verifyLoggedLegacy } from './cosign-rekor.js';
import { readJsonBlob, type ManifestJson } from './signed-json.js';
import type { SignerEvidence } from './evidence.js';
import { boundOf } from '../oci/referrer-bounds.js';

export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const CONTAINER_SIGNATURE = 'cosign container image signature';
/** Bounds on what an untrusted signature manifest makes us read. */
const MAX_MANIFEST = 4 << 20;
const MAX_PAYLOAD = boundOf(SIMPLE_SIGNING).bound;
const MAX_LAYERS = 1000;
/** cosign's annotations: a signature, a certificate and its chain, a Rekor bundle (a few KiB each). */
const MAX_ANNOTATION = 64 << 10;

/** Who a legacy signature must be from: one of the keys, or (keyless) an identity under the trusted root. */
export type CosignSigner = { keys: PolicyKey[]; trustedRoot: TrustedRoot | undefined } | { keyless: KeylessIdentity; trustedRoot: TrustedRoot | undefined };

export interface CosignTagResult extends SignerEvidence {
  /** The payload's layer digest (the signed bytes), when it verified. */
  payloadDigest?: string;
}

/** Checks every simple-signing layer of a .sig manifest; the first that verifies wins. */
export async function verifyCosignTag(store: Fetcher, sig: Descriptor, imageDigest: string, signer: CosignSigner): Promise<CosignTagResult> {
  const { json: m } = await readJsonBlob<ManifestJson>(store, sig, MAX_MANIFEST, `signature manifest ${sig.digest}`);
  const layers = (m.layers ?? []).filter((l) => l.mediaType === SIMPLE_SIGNING).slice(0, MAX_LAYERS);
  if (layers.length === 0) return { ok: false, reason: 'the .sig manifest holds no simple-signing payload' };
  const reasons: string[] = [];
  for (const layer of layers) {
    const annotations = layer.annotations ?? {};
    const sigB64 = annotations[SIGNATURE_ANNOTATION];
    if (!sigB64 || Object.values(annotations).some((v) => v.length > MAX_ANNOTATION)) {
      reasons.push(`payload ${layer.digest} has no ${SIGNATURE_ANNOTATION} annotation (or one past ${MAX_ANNOTATION} bytes)`);
      continue;
    }
    const { json: payload, bytes } = await readJsonBlob<{ critical?: { type?: string; image?: Record<string, string> } }>(
      store,
      layer,
      MAX_PAYLOAD,
      `payload ${layer.digest}`,
    );
    const who =
      'keys' in signer
        ? checkWithKeys(bytes, sigB64, annotations, signer, layer.digest)
        : verifyLoggedLegacy(bytes, sigB64, annotations, { keyless: signer.keyless }, signer.trustedRoot);
    if (!who.ok) {
      reasons.push(who.reason!);
      continue;
    }
    const signed = payload.critical?.image?.['docker-manifest-digest'];
    if (payload.critical?.type !== CONTAINER_SIGNATURE) {
      reasons.push(`payload ${layer.digest} is not a "${CONTAINER_SIGNATURE}" (type ${JSON.stringify(payload.critical?.type)})`);
      continue;
    }
    if (signed !== imageDigest) {
      reasons.push(`digest mismatch: the signature is for ${String(signed)}, the image is ${imageDigest}`);
      continue;
    }
    return { ...who, payloadDigest: layer.digest };
  }
  return { ok: false, reason: reasons.join('; ') };
}

/**
 * A key signature; with a trusted root and the Rekor entry cosign adds (`cosign sign --key`
 * logs by default), the entry's SET is checked too and gives the log time and index.
 */
function checkWithKeys(
  payload: Buffer,
  sigB64: string,
  annotations: Record<string, string>,
  signer: { keys: PolicyKey[]; trustedRoot: TrustedRoot | undefined },
  what: string,
): CosignTagResult {
  const signature = Buffer.from(sigB64, 'base64');
  const key = signer.keys.find((k) => verify(signingHash(k.key), payload, k.key, signature));
  if (!key)
    return { ok: false, reason: `wrong key: the signature over payload ${what} does not verify with ${signer.keys.map((k) => k.fingerprint).join(', ')}` };
  if (!signer.trustedRoot || !hasRekorEntry(annotations)) return { ok: true, key };
  return verifyLoggedLegacy(payload, sigB64, annotations, { key }, signer.trustedRoot);
}
