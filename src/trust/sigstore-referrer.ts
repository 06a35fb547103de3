// Sigstore bundles (v0.3, cosign v3's default) attached to an image as OCI 1.1 referrers: a
// manifest of artifactType application/vnd.dev.sigstore.bundle.v0.3+json whose one layer is the
// bundle. Checked by @sigstore/verify (signature, certificate chain at the log's time, SCTs, log
// proofs or SETs against the trusted root); what it cannot know is ours to check: the DSSE
// statement names the pinned image digest, and the certificate's identity matches the policy.
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier, type SignedEntity, type Signer } from '@sigstore/verify';
import type { Descriptor, Fetcher } from '../oci/content.js';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import { readJsonBlob, type ManifestJson } from './signed-json.js';
import { identityMismatch, whyRefused, type SignerEvidence } from './evidence.js';
import type { PolicyKey } from './keys.js';
import { boundOf } from '../oci/referrer-bounds.js';

export const SIGSTORE_BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** The predicate cosign v3 writes for a plain signature (anything else is an attestation). */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const MAX_MANIFEST = 4 << 20;
const MAX_BUNDLE = boundOf(SIGSTORE_BUNDLE_TYPE).bound;

export interface SigstoreResult extends SignerEvidence {
  predicateType?: string;
}

export function isSigstoreReferrer(d: Descriptor): boolean {
  return d.artifactType === SIGSTORE_BUNDLE_TYPE || (d.artifactType ?? '').startsWith('application/vnd.dev.sigstore.bundle');
}

const EMPTY_ROOT = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/** A trusted_root.json's text as @sigstore/verify's model (throws with the reason when it is not one). */
export function parseTrustedRoot(text: string): TrustedRoot {
  return TrustedRoot.fromJSON(JSON.parse(text));
}

export async function verifySigstoreReferrer(
  store: Fetcher,
  ref: Descriptor,
  imageDigest: string,
  signer: { keys: PolicyKey[] } | { keyless: KeylessIdentity },
  trustedRoot: TrustedRoot | undefined,
): Promise<SigstoreResult> {
  const { json: m } = await readJsonBlob<ManifestJson>(store, ref, MAX_MANIFEST, `referrer ${ref.digest}`);
  const layer = m.layers?.find((l) => l.mediaType.startsWith('application/vnd.dev.sigstore.bundle'));
  if (!layer) return { ok: false, reason: `referrer ${ref.digest} holds no Sigstore bundle layer` };
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON((await readJsonBlob<unknown>(store, layer, MAX_BUNDLE, `Sigstore bundle ${layer.digest}`)).json);
  } catch (e) {
    return { ok: false, reason: `referrer ${ref.digest}: not a valid Sigstore bundle: ${(e as Error).message}` };
  }
  if (bundle.content.$case !== 'dsseEnvelope')
    return { ok: false, reason: `referrer ${ref.digest}: a message signature, not a DSSE statement about the image` };
  const statement = parseStatement(bundle.content.dsseEnvelope.payload);
  const hex = imageDigest.replace(/^sha256:/, '');
  if (!statement?.subject?.some((s) => s.digest?.sha256 === hex))
    return {
      ok: false,
      reason: `digest mismatch: the statement in ${ref.digest} names ${statement?.subject?.map((s) => `sha256:${s.digest?.sha256}`).join(', ') || 'no subject'}, the image is ${imageDigest}`,
    };
  const tlogEntries = bundle.verificationMaterial.tlogEntries;
  const keyless = 'keyless' in signer;
  const logged = tlogEntries.length > 0 && trustedRoot !== undefined;
  const options = { tlogThreshold: keyless || logged ? 1 : 0, ctlogThreshold: keyless ? 1 : 0, timestampThreshold: keyless ? 1 : 0 };
  const root = trustedRoot ?? (EMPTY_ROOT as unknown as TrustedRoot);
  const entry = tlogEntries[0];
  const entity = toSignedEntity(bundle);
  const time = signedTime(entity);
  const base = {
    predicateType: statement.predicateType,
    ...(time ? { integratedTime: time } : {}),
    ...(entry ? { logIndex: Number(entry.logIndex) } : {}),
  };
  if (keyless) {
    let who: Signer;
    try {
      who = new Verifier(toTrustMaterial(root), options).verify(entity);
    } catch (e) {
      return { ok: false, reason: `referrer ${ref.digest}: ${whyRefused(e)}` };
    }
    const identity = who.identity?.subjectAlternativeName;
    const issuer = who.identity?.extensions?.issuer;
    const wrong = identityMismatch(signer.keyless, identity, issuer);
    if (wrong) return { ok: false, reason: `wrong identity: ${wrong}` };
    return { ok: true, identity, issuer, ...base };
  }
  // a certificate would be checked against the trusted root's CAs, not the policy's key
  if (bundle.verificationMaterial.content.$case !== 'publicKey')
    return {
      ok: false,
      reason: `wrong key: referrer ${ref.digest} is signed with a certificate (keyless), the policy wants the key ${signer.keys.map((k) => k.fingerprint).join(', ')}`,
    };
  const reasons: string[] = [];
  for (const key of signer.keys) {
    try {
      new Verifier(
        toTrustMaterial(root, () => ({ publicKey: key.key, validFor: () => true })),
        options,
      ).verify(entity);
      return { ok: true, key, ...base };
    } catch (e) {
      reasons.push(`${key.fingerprint}: ${whyRefused(e)}`);
    }
  }
  return { ok: false, reason: `wrong key: referrer ${ref.digest} does not verify (${reasons.join('; ')})` };
}

/**
 * When the bundle was signed, by what @sigstore/verify checks once it accepted the bundle: an
 * entry time its log signed (an inclusion promise; an inclusion proof does not cover the time,
 * and a Rekor v2 entry has none) and the TSA timestamps (each verified against the trusted
 * root). The earliest: the signature existed by then. Undefined when nothing signed a time,
 * so minAge cannot be passed by an entry time anyone could have written.
 */
function signedTime(entity: SignedEntity): Date | undefined {
  const times = entity.timestamps.flatMap((t) => {
    if (t.$case === 'timestamp-authority') return [t.timestamp.signingTime];
    return t.tlogEntry.inclusionPromise ? [new Date(Number(t.tlogEntry.integratedTime) * 1000)] : [];
  });
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
}

function parseStatement(payload: Buffer): { subject?: { digest?: Record<string, string> }[]; predicateType?: string } | undefined {
  try {
    return JSON.parse(payload.toString('utf8')) as { subject?: { digest?: Record<string, string> }[]; predicateType?: string };
  } catch {
    return undefined;
  }
}
