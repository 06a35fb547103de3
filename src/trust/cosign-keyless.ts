// A keyless signature in cosign's legacy .sig format: the Fulcio certificate
// (dev.sigstore.cosign/certificate, its chain in dev.sigstore.cosign/chain) and the Rekor entry
// with its SignedEntryTimestamp (dev.sigstore.cosign/bundle: {SignedEntryTimestamp, Payload:
// {body, integratedTime, logIndex, logID}}). Rewritten as the Sigstore bundle (v0.1: a message
// signature with an inclusion promise) it is equivalent to, and checked by @sigstore/verify: the
// signature over the payload, the certificate chain to the trusted root at the log's time, its
// SCT, the SET over the canonical entry and that the entry is about this signature.
import { createHash } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import { identityMismatch, whyRefused } from './sigstore-referrer.js';

export const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const REKOR_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';

interface RekorBundle {
  SignedEntryTimestamp?: string;
  Payload?: { body?: string; integratedTime?: number; logIndex?: number; logID?: string };
}

export function verifyLegacyKeyless(
  payload: Buffer,
  sigB64: string,
  annotations: Record<string, string>,
  want: KeylessIdentity,
  trustedRoot: TrustedRoot | undefined,
): { ok: boolean; reason?: string; identity?: string; issuer?: string; integratedTime?: Date; logIndex?: number } {
  const pem = annotations[CERTIFICATE_ANNOTATION];
  if (!pem) return { ok: false, reason: `no signer certificate (${CERTIFICATE_ANNOTATION}): not a keyless signature` };
  if (!trustedRoot) return { ok: false, reason: 'a keyless signature needs a trusted root' };
  let rekor: RekorBundle;
  try {
    rekor = JSON.parse(annotations[REKOR_BUNDLE_ANNOTATION] ?? '') as RekorBundle;
  } catch {
    return { ok: false, reason: `no Rekor entry (${REKOR_BUNDLE_ANNOTATION}): a keyless signature is checked by its log entry` };
  }
  const p = rekor.Payload;
  if (!rekor.SignedEntryTimestamp || !p?.body || p.integratedTime === undefined || p.logIndex === undefined || !p.logID)
    return { ok: false, reason: `the ${REKOR_BUNDLE_ANNOTATION} annotation lacks SignedEntryTimestamp or Payload fields` };
  let body: { kind?: string; apiVersion?: string };
  try {
    body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as { kind?: string; apiVersion?: string };
  } catch {
    return { ok: false, reason: 'log proof invalid (the Rekor entry body is not JSON)' };
  }
  const der = Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
  const json = {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: der.toString('base64') }] },
      tlogEntries: [
        {
          logIndex: String(p.logIndex),
          logId: { keyId: Buffer.from(p.logID, 'hex').toString('base64') },
          kindVersion: { kind: body.kind, version: body.apiVersion },
          integratedTime: String(p.integratedTime),
          inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
          canonicalizedBody: p.body,
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(payload).digest('base64') }, signature: sigB64 },
  };
  try {
    const signer = new Verifier(toTrustMaterial(trustedRoot), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }).verify(
      toSignedEntity(bundleFromJSON(json), payload),
    );
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    const wrong = identityMismatch(want, identity, issuer);
    if (wrong) return { ok: false, reason: `wrong identity: ${wrong}` };
    return { ok: true, identity, issuer, integratedTime: new Date(p.integratedTime * 1000), logIndex: p.logIndex };
  } catch (e) {
    return { ok: false, reason: whyRefused(e) };
  }
}
