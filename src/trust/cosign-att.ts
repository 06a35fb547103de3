// cosign's legacy attestation tag sha256-<hex>.att: each layer a DSSE envelope
// (application/vnd.dsse.envelope.v1+json) over an in-toto statement, signed over the DSSE
// pre-authentication encoding. Key-based here; the statement must name the pinned digest.
import { verify } from 'node:crypto';
import type { Descriptor, Fetcher } from '../oci/content.js';
import { signingHash, type PolicyKey } from './keys.js';
import { readJsonBlob, type ManifestJson } from './signed-json.js';
import type { SignerEvidence } from './evidence.js';

export const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
const MAX_MANIFEST = 4 << 20;
const MAX_ENVELOPE = 4 << 20;
const MAX_LAYERS = 100;

interface Envelope {
  payloadType?: string;
  payload?: string;
  signatures?: { sig?: string }[];
}

/** DSSE's pre-authentication encoding: what the signature is over. */
export function pae(payloadType: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${body.length} `), body]);
}

export async function verifyCosignAtt(
  store: Fetcher,
  att: Descriptor,
  imageDigest: string,
  keys: PolicyKey[],
): Promise<SignerEvidence & { predicateType?: string }> {
  const { json: m } = await readJsonBlob<ManifestJson>(store, att, MAX_MANIFEST, `attestation manifest ${att.digest}`);
  const layers = (m.layers ?? []).filter((l) => l.mediaType === DSSE_ENVELOPE).slice(0, MAX_LAYERS);
  if (layers.length === 0) return { ok: false, reason: 'the .att manifest holds no DSSE envelope' };
  const reasons: string[] = [];
  for (const layer of layers) {
    const { json: env } = await readJsonBlob<Envelope>(store, layer, MAX_ENVELOPE, `envelope ${layer.digest}`);
    if (!env.payload || !env.payloadType) {
      reasons.push(`envelope ${layer.digest} has no payload`);
      continue;
    }
    const body = Buffer.from(env.payload, 'base64');
    const signed = pae(env.payloadType, body);
    const key = keys.find((k) => (env.signatures ?? []).some((s) => s.sig && verify(signingHash(k.key), signed, k.key, Buffer.from(s.sig, 'base64'))));
    if (!key) {
      reasons.push(`wrong key: envelope ${layer.digest} is not signed by ${keys.map((k) => k.fingerprint).join(', ')}`);
      continue;
    }
    let statement: { subject?: { digest?: Record<string, string> }[]; predicateType?: string };
    try {
      statement = JSON.parse(body.toString('utf8')) as typeof statement;
    } catch {
      reasons.push(`envelope ${layer.digest}: the statement is not JSON`);
      continue;
    }
    if (!statement.subject?.some((s) => `sha256:${s.digest?.sha256}` === imageDigest)) {
      reasons.push(`digest mismatch: the attestation in ${layer.digest} is not about ${imageDigest}`);
      continue;
    }
    return { ok: true, key, ...(statement.predicateType ? { predicateType: statement.predicateType } : {}) };
  }
  return { ok: false, reason: reasons.join('; ') };
}
