// Signs a lock's bytes with a private key: the Sigstore bundle written beside airgap-lock.json.
import { createHash, sign } from 'node:crypto';
import type { SigningKey } from './keys.js';
import { formatSigstoreBundle } from './sigstore-bundle.js';

export function signLock(lockBytes: Uint8Array, k: SigningKey): string {
  const kind = k.publicKey.kind;
  return formatSigstoreBundle({
    hint: k.publicKey.fingerprint,
    digestAlgorithm: kind.digest === 'sha384' ? 'SHA2_384' : 'SHA2_256',
    digest: createHash(kind.digest).update(lockBytes).digest(),
    signature: sign(kind.signAlgorithm, lockBytes, k.key),
  });
}
