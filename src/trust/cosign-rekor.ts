// A cosign legacy .sig layer with its Rekor entry: the dev.sigstore.cosign/bundle annotation
// ({SignedEntryTimestamp, Payload: {body, integratedTime, logIndex, logID}}) and, for a keyless
// signature, the Fulcio certificate (dev.sigstore.cosign/certificate). Rewritten as the Sigstore
// bundle (v0.1: a message signature with an inclusion promise) it is equivalent to and checked by
// @sigstore/verify: the signature over the payload, the SET over the canonical entry and that the
// entry is about this signature; for a certificate also its chain to the trusted root at the
// log's time and its SCT. A key signature logged this way gets its log time (minAge, evidence).
import { createHash } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import type { PolicyKey } from './keys.js';
import { identityMismatch, whyRefused, type SignerEvidence } from './evidence.js';

/** The DER bytes of a PEM block (cosign's annotations and Rekor bodies carry certificates and keys as PEM). */
export const pemDer = (pem: string): Buffer => Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----|\s/g, ''), 'base64');

export const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const REKOR_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';

interface RekorBundle {
  SignedEntryTimestamp?: string;
  Payload?: { body?: string; integratedTime?: number; logIndex?: number; logID?: string };
}

export function hasRekorEntry(annotations: Record<string, string>): boolean {
  return annotations[REKOR_BUNDLE_ANNOTATION] !== undefined;
}

interface LoggedEntry {
  body: string;
  integratedTime: number;
  logIndex: number;
  logID: string;
}

/** The Rekor entry of a legacy layer's annotation, with its canonical body read; or why not. */
export function readRekorAnnotation(
  annotations: Record<string, string>,
): { entry: LoggedEntry; body: { kind?: string; apiVersion?: string; spec?: unknown }; set: string } | { reason: string } {
  let rekor: RekorBundle;
  try {
    rekor = JSON.parse(annotations[REKOR_BUNDLE_ANNOTATION] ?? '') as RekorBundle;
  } catch {
    return { reason: `no Rekor entry (${REKOR_BUNDLE_ANNOTATION}): a keyless signature is checked by its log entry` };
  }
  const p = rekor.Payload;
  if (!rekor.SignedEntryTimestamp || !p?.body || p.integratedTime === undefined || p.logIndex === undefined || !p.logID)
    return { reason: `the ${REKOR_BUNDLE_ANNOTATION} annotation lacks SignedEntryTimestamp or Payload fields` };
  try {
    const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as { kind?: string; apiVersion?: string; spec?: unknown };
    return { entry: p as LoggedEntry, body, set: rekor.SignedEntryTimestamp };
  } catch {
    return { reason: 'log proof invalid (the Rekor entry body is not JSON)' };
  }
}

/**
 * What every logged legacy layer needs before its check: the trusted root, the certificate a
 * keyless one carries, and its Rekor entry read.
 */
export function loggedLayer(
  annotations: Record<string, string>,
  keyless: boolean,
  trustedRoot: TrustedRoot | undefined,
  what: string,
): (Exclude<ReturnType<typeof readRekorAnnotation>, { reason: string }> & { pem?: string; trustedRoot: TrustedRoot }) | { reason: string } {
  const pem = annotations[CERTIFICATE_ANNOTATION];
  if (keyless && !pem) return { reason: `no signer certificate (${CERTIFICATE_ANNOTATION}): not a keyless ${what}` };
  if (!trustedRoot) return { reason: `a logged or keyless ${what} needs a trusted root` };
  const logged = readRekorAnnotation(annotations);
  return 'reason' in logged ? logged : { ...logged, ...(pem ? { pem } : {}), trustedRoot };
}

export function verifyLoggedLegacy(
  payload: Buffer,
  sigB64: string,
  annotations: Record<string, string>,
  signer: { keyless: KeylessIdentity } | { key: PolicyKey },
  trustedRoot: TrustedRoot | undefined,
): SignerEvidence {
  const keyless = 'keyless' in signer;
  const logged = loggedLayer(annotations, keyless, trustedRoot, 'signature');
  if ('reason' in logged) return { ok: false, reason: logged.reason };
  const { entry: p, body, set, pem } = logged;
  const material = keyless
    ? {
        x509CertificateChain: {
          certificates: [{ rawBytes: pemDer(pem!).toString('base64') }],
        },
      }
    : { publicKey: { hint: '' } };
  const json = {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      ...material,
      tlogEntries: [
        {
          logIndex: String(p.logIndex),
          logId: { keyId: Buffer.from(p.logID, 'hex').toString('base64') },
          kindVersion: { kind: body.kind, version: body.apiVersion },
          integratedTime: String(p.integratedTime),
          inclusionPromise: { signedEntryTimestamp: set },
          canonicalizedBody: p.body,
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(payload).digest('base64') }, signature: sigB64 },
  };
  const log = { integratedTime: new Date(p.integratedTime * 1000), logIndex: p.logIndex };
  try {
    const trust = keyless
      ? toTrustMaterial(logged.trustedRoot)
      : toTrustMaterial(logged.trustedRoot, () => ({ publicKey: signer.key.key, validFor: () => true }));
    const options = keyless ? { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 } : { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 0 };
    const who = new Verifier(trust, options).verify(toSignedEntity(bundleFromJSON(json), payload));
    if (!keyless) return { ok: true, key: signer.key, ...log };
    const identity = who.identity?.subjectAlternativeName;
    const issuer = who.identity?.extensions?.issuer;
    const wrong = identityMismatch(signer.keyless, identity, issuer);
    if (wrong) return { ok: false, reason: `wrong identity: ${wrong}` };
    return { ok: true, identity, issuer, ...log };
  } catch (e) {
    return { ok: false, reason: whyRefused(e) };
  }
}
