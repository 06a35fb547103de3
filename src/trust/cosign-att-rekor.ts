// A legacy .att layer (a DSSE envelope) with the Rekor entry cosign attest logs for it: intoto
// 0.0.1, whose canonical body Rekor keeps as the envelope's sha256, the payload's sha256 and the
// signer's certificate or key (not the envelope). @sigstore/verify reads every other entry kind
// (so .sig layers and Sigstore bundles go through its Verifier) but not this one, so the check is
// cosign's own sequence over @sigstore/verify's parts: the SET against the trusted root's logs
// (verifyTLogSET), the certificate's chain to its Fulcio CA at the log's time and its SCTs
// (verifyCertificate); then here, that the entry names this envelope, this payload and this
// signer, and that the envelope's signature verifies with the certificate's (or policy's) key.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { TLogEntryWithInclusionPromise } from '@sigstore/bundle';
import { toTrustMaterial } from '@sigstore/verify';
import { verifyCertificate } from '@sigstore/verify/dist/key/index.js';
import { verifyTLogSET } from '@sigstore/verify/dist/tlog/set.js';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import { signingHash, type PolicyKey } from './keys.js';
import { loggedLayer, pemDer } from './cosign-rekor.js';
import { identityMismatch, whyRefused, type SignerEvidence } from './evidence.js';

export interface DsseEnvelope {
  payloadType?: string;
  payload?: string;
  signatures?: { sig?: string }[];
}

/** DSSE's pre-authentication encoding: what the signature is over. */
export function pae(payloadType: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${body.length} `), body]);
}

/** Whether one of the envelope's signatures verifies with `key`. */
export function envelopeSignedBy(env: DsseEnvelope, key: KeyObject): boolean {
  const signed = pae(env.payloadType ?? '', Buffer.from(env.payload ?? '', 'base64'));
  return (env.signatures ?? []).some((s) => s.sig && verify(signingHash(key), signed, key, Buffer.from(s.sig, 'base64')));
}

interface IntotoBody {
  spec?: { content?: { hash?: { value?: string }; payloadHash?: { value?: string } }; publicKey?: string };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function verifyLoggedAttestation(
  envelopeBytes: Buffer,
  env: DsseEnvelope,
  annotations: Record<string, string>,
  signer: { keyless: KeylessIdentity } | { key: PolicyKey },
  trustedRoot: TrustedRoot | undefined,
): SignerEvidence {
  const keyless = 'keyless' in signer;
  const logged = loggedLayer(annotations, keyless, trustedRoot, 'attestation');
  if ('reason' in logged) return { ok: false, reason: logged.reason };
  const { entry, body, set, pem } = logged;
  if (body.kind !== 'intoto' || body.apiVersion !== '0.0.1')
    return { ok: false, reason: `the log entry is ${body.kind} ${body.apiVersion}, not the intoto 0.0.1 entry cosign logs for an attestation` };
  const spec = (body as IntotoBody).spec;
  const payload = Buffer.from(env.payload ?? '', 'base64');
  if (spec?.content?.hash?.value !== sha256(envelopeBytes) || spec.content.payloadHash?.value !== sha256(payload))
    return { ok: false, reason: 'the log entry is not about this envelope (its hashes differ)' };
  let loggedSigner: Buffer;
  try {
    loggedSigner = pemDer(Buffer.from(spec.publicKey ?? '', 'base64').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the log entry names no signer' };
  }
  const expected = keyless ? pemDer(pem!) : signer.key.key.export({ type: 'spki', format: 'der' });
  const loggedDer = keyless ? loggedSigner : spkiOf(loggedSigner);
  if (!loggedDer || !loggedDer.equals(expected)) return { ok: false, reason: 'the log entry is not about this signer (another certificate or key)' };
  const log = { integratedTime: new Date(entry.integratedTime * 1000), logIndex: entry.logIndex };
  try {
    const trust = toTrustMaterial(logged.trustedRoot);
    const tlogEntry = {
      logIndex: String(entry.logIndex),
      logId: { keyId: Buffer.from(entry.logID, 'hex') },
      kindVersion: { kind: 'intoto', version: '0.0.1' },
      integratedTime: String(entry.integratedTime),
      inclusionPromise: { signedEntryTimestamp: Buffer.from(set, 'base64') },
      canonicalizedBody: Buffer.from(entry.body, 'base64'),
    } as unknown as TLogEntryWithInclusionPromise;
    verifyTLogSET(tlogEntry, trust.tlogs);
    if (!keyless) {
      if (!envelopeSignedBy(env, signer.key.key)) return { ok: false, reason: `wrong key: the envelope is not signed by ${signer.key.fingerprint}` };
      return { ok: true, key: signer.key, ...log };
    }
    const cert = verifyCertificate(X509Certificate.parse(pem!), [log.integratedTime], trust);
    if (cert.scts.length < 1) return { ok: false, reason: 'certificate not valid at the log time or not from the trusted root (no SCT from a trusted CT log)' };
    if (!envelopeSignedBy(env, cert.signer.key))
      return { ok: false, reason: "signature does not verify (the envelope is not signed by the certificate's key)" };
    const identity = cert.signer.identity?.subjectAlternativeName;
    const issuer = cert.signer.identity?.extensions?.issuer;
    const wrong = identityMismatch(signer.keyless, identity, issuer);
    if (wrong) return { ok: false, reason: `wrong identity: ${wrong}` };
    return { ok: true, ...(identity ? { identity } : {}), ...(issuer ? { issuer } : {}), ...log };
  } catch (e) {
    return { ok: false, reason: whyRefused(e) };
  }
}

/** The SPKI DER of a logged public key (a PEM key, as cosign logs one). */
function spkiOf(bytes: Buffer): Buffer | undefined {
  try {
    return createPublicKey({ key: bytes, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}
