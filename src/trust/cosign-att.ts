// cosign's legacy attestation tag sha256-<hex>.att: each layer a DSSE envelope
// (application/vnd.dsse.envelope.v1+json) over an in-toto statement, signed over the DSSE
// pre-authentication encoding. By key (and, with a trusted root and a Rekor entry, its log time),
// or keyless by the Fulcio certificate in the layer's annotations with its Rekor entry
// (cosign-att-rekor.ts); either way the statement must name the pinned digest.
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { Descriptor, Fetcher } from '../oci/content.js';
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import type { PolicyKey } from './keys.js';
import { readJsonBlob, type ManifestJson } from './signed-json.js';
import type { SignerEvidence } from './evidence.js';
import { boundOf } from '../oci/referrer-bounds.js';
import { hasRekorEntry } from './cosign-rekor.js';
import { envelopeSignedBy, verifyLoggedAttestation, type DsseEnvelope } from './cosign-att-rekor.js';

export const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
const MAX_MANIFEST = 4 << 20;
const MAX_ENVELOPE = boundOf(DSSE_ENVELOPE).bound;
const MAX_LAYERS = 100;

export type AttSigner = { keys: PolicyKey[]; trustedRoot: TrustedRoot | undefined } | { keyless: KeylessIdentity; trustedRoot: TrustedRoot | undefined };

export async function verifyCosignAtt(
  store: Fetcher,
  att: Descriptor,
  imageDigest: string,
  signer: AttSigner,
): Promise<SignerEvidence & { predicateType?: string }> {
  const { json: m } = await readJsonBlob<ManifestJson>(store, att, MAX_MANIFEST, `attestation manifest ${att.digest}`);
  const layers = (m.layers ?? []).filter((l) => l.mediaType === DSSE_ENVELOPE).slice(0, MAX_LAYERS);
  if (layers.length === 0) return { ok: false, reason: 'the .att manifest holds no DSSE envelope' };
  const reasons: string[] = [];
  for (const layer of layers) {
    const { json: env, bytes } = await readJsonBlob<DsseEnvelope>(store, layer, MAX_ENVELOPE, `envelope ${layer.digest}`);
    if (!env.payload || !env.payloadType) {
      reasons.push(`envelope ${layer.digest} has no payload`);
      continue;
    }
    const who = signedBy(bytes, env, layer.annotations ?? {}, signer);
    if (!who.ok) {
      reasons.push(`envelope ${layer.digest}: ${who.reason}`);
      continue;
    }
    let statement: { subject?: { digest?: Record<string, string> }[]; predicateType?: string };
    try {
      statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as typeof statement;
    } catch {
      reasons.push(`envelope ${layer.digest}: the statement is not JSON`);
      continue;
    }
    if (!statement.subject?.some((s) => `sha256:${s.digest?.sha256}` === imageDigest)) {
      reasons.push(`digest mismatch: the attestation in ${layer.digest} is not about ${imageDigest}`);
      continue;
    }
    return { ...who, ...(statement.predicateType ? { predicateType: statement.predicateType } : {}) };
  }
  return { ok: false, reason: reasons.join('; ') };
}

function signedBy(bytes: Buffer, env: DsseEnvelope, annotations: Record<string, string>, signer: AttSigner): SignerEvidence {
  if ('keyless' in signer) return verifyLoggedAttestation(bytes, env, annotations, { keyless: signer.keyless }, signer.trustedRoot);
  const key = signer.keys.find((k) => envelopeSignedBy(env, k.key));
  if (!key) return { ok: false, reason: `wrong key: not signed by ${signer.keys.map((k) => k.fingerprint).join(', ')}` };
  // logged, as cosign attest --key does by default: the log time, once its SET is checked
  if (!signer.trustedRoot || !hasRekorEntry(annotations)) return { ok: true, key };
  return verifyLoggedAttestation(bytes, env, annotations, { key }, signer.trustedRoot);
}
