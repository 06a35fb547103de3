// Signs a lock's bytes with a private key or a KMS key: the Sigstore bundle written beside airgap-lock.json.
// The signature is checked with the public key the signer reports before anything is written: a
// KMS that signs with another key than GetPublicKey names would otherwise hand over a bundle whose
// signer is not the key the output names, refused only on the isolated side.
import { createHash, verify } from 'node:crypto';
import { AirgapError } from '../../util/errors.js';
import type { SigningKey } from './keys.js';
import { formatSigstoreBundle } from './sigstore-bundle.js';

export async function signLock(lockBytes: Uint8Array, k: SigningKey): Promise<string> {
  const kind = k.publicKey.kind;
  const digest = createHash(kind.digest).update(lockBytes).digest();
  return formatSigstoreBundle({
    hint: k.publicKey.fingerprint,
    digestAlgorithm: kind.digest === 'sha384' ? 'SHA2_384' : 'SHA2_256',
    digest,
    signature: await checkedSignature(lockBytes, digest, k),
  });
}

async function checkedSignature(lockBytes: Uint8Array, digest: Buffer, k: SigningKey): Promise<Buffer> {
  const signature = await k.sign(lockBytes, digest);
  let ok = false;
  try {
    ok = verify(k.publicKey.kind.signAlgorithm, lockBytes, k.publicKey.key, signature);
  } catch {
    // a signature of another shape (not DER, another length) is as wrong as one that does not verify
  }
  if (ok) return signature;
  throw new AirgapError(
    `${k.publicKey.where}: the signature made does not verify with the public key the signer reports (${k.publicKey.fingerprint}): nothing was written`,
    {
      code: 'ERR_SIGNATURE_MISMATCH',
      hint: 'the key signs as another key than it names: check the key ID or alias and the KMS endpoint (a proxy, a stand-in), then sign again',
    },
  );
}
