// Signs a lock's bytes with a private key or a KMS key: the Sigstore bundle written beside airgap-lock.json.
import { createHash } from 'node:crypto';
import type { SigningKey } from './keys.js';
import { formatSigstoreBundle } from './sigstore-bundle.js';

export async function signLock(lockBytes: Uint8Array, k: SigningKey): Promise<string> {
  const kind = k.publicKey.kind;
  const digest = createHash(kind.digest).update(lockBytes).digest();
  return formatSigstoreBundle({
    hint: k.publicKey.fingerprint,
    digestAlgorithm: kind.digest === 'sha384' ? 'SHA2_384' : 'SHA2_256',
    digest,
    signature: await k.sign(lockBytes, digest),
  });
}
