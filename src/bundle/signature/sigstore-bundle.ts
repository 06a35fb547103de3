// The bundle signature's file: a Sigstore bundle v0.3 (JSON) holding a message signature over
// airgap-lock.json and the signer's key as a hint, as `cosign sign-blob --key K --bundle F` and
// sigstore-go read it. Pure: building and parsing with errors naming the file; no keys here.
import { ArchiveError, ExitCode } from '../../util/errors.js';

export const SIGNATURE_FILE_NAME = 'airgap-lock.sigstore.json';
export const SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export type SigstoreDigestAlgorithm = 'SHA2_256' | 'SHA2_384';

export interface LockSignature {
  /** The signer's key fingerprint as recorded (sha256:<hex> of its DER SubjectPublicKeyInfo); may be empty. */
  hint: string;
  /** The digest of the lock that was signed. */
  digestAlgorithm: SigstoreDigestAlgorithm;
  digest: Buffer;
  signature: Buffer;
}

export function formatSigstoreBundle(s: LockSignature): string {
  const doc = {
    mediaType: SIGSTORE_BUNDLE_V03,
    verificationMaterial: {
      publicKey: { hint: s.hint },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: { algorithm: s.digestAlgorithm, digest: s.digest.toString('base64') },
      signature: s.signature.toString('base64'),
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseSigstoreBundle(text: string, where: string): LockSignature {
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(where, `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null) throw bad(where, 'not a JSON object');
  if (typeof doc.mediaType !== 'string' || !doc.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
    throw bad(where, `mediaType ${JSON.stringify(doc.mediaType)} is not a Sigstore bundle`);
  const m = doc.messageSignature;
  if (!m || typeof m !== 'object')
    throw bad(where, doc.dsseEnvelope ? 'a DSSE envelope, not a signature over the lock (messageSignature)' : 'no messageSignature');
  const alg = m.messageDigest?.algorithm;
  if (alg !== 'SHA2_256' && alg !== 'SHA2_384') throw bad(where, `messageDigest.algorithm ${JSON.stringify(alg)}: expected SHA2_256 or SHA2_384`);
  const digest = base64(m.messageDigest?.digest, 'messageSignature.messageDigest.digest', where);
  const signature = base64(m.signature, 'messageSignature.signature', where);
  if (digest.length !== (alg === 'SHA2_256' ? 32 : 48)) throw bad(where, `messageDigest.digest is ${digest.length} bytes, not a ${alg} digest`);
  const hint = doc.verificationMaterial?.publicKey?.hint;
  return { hint: typeof hint === 'string' ? hint : '', digestAlgorithm: alg, digest, signature };
}

function base64(v: unknown, path: string, where: string): Buffer {
  if (typeof v !== 'string' || v.length === 0 || !BASE64.test(v)) throw bad(where, `${path}: expected base64`);
  return Buffer.from(v, 'base64');
}

function bad(where: string, detail: string): ArchiveError {
  return new ArchiveError(`${where}: invalid bundle signature: ${detail}`, {
    code: 'ERR_SIGNATURE',
    exitCode: ExitCode.Partial,
    hint: 'sign the bundle again on the connected side (helm airgap sign BUNDLE --key builder.key)',
  });
}
