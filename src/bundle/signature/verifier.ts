// Checks a lock signature against the keys trusted for bundles (the trust root here is a set of
// public keys; no log, no certificate). Each failure says why: a lock other than the one signed
// (edited after signing, or an older signature), a signature by another key, or bytes that do not
// verify.
import { createHash, verify } from 'node:crypto';
import type { PublicKeyInfo } from './keys.js';
import type { LockSignature } from './sigstore-bundle.js';

export type SignatureVerdict = { ok: true; key: PublicKeyInfo } | { ok: false; why: string };

export function verifyLockSignature(lockBytes: Uint8Array, sig: LockSignature, keys: readonly PublicKeyInfo[]): SignatureVerdict {
  const alg = sig.digestAlgorithm === 'SHA2_384' ? 'sha384' : 'sha256';
  const actual = createHash(alg).update(lockBytes).digest();
  if (!actual.equals(sig.digest)) {
    return {
      ok: false,
      why: `the signature is over a lock with ${alg}:${sig.digest.toString('hex')}, but this lock is ${alg}:${actual.toString('hex')}: the lock was edited after signing, or the signature belongs to another (older) lock`,
    };
  }
  // the hint picks the key first; a bundle another tool signed may carry none
  const ordered = [...keys.filter((k) => k.fingerprint === sig.hint), ...keys.filter((k) => k.fingerprint !== sig.hint)];
  for (const k of ordered) {
    if (k.kind.digest !== alg && k.kind.signAlgorithm !== null) continue;
    if (safeVerify(k, lockBytes, sig.signature)) return { ok: true, key: k };
  }
  const names = keys.map((k) => `${k.where} (${k.fingerprint})`).join(', ');
  const byOther = sig.hint && !keys.some((k) => k.fingerprint === sig.hint);
  return {
    ok: false,
    why: byOther
      ? `signed by another key (${sig.hint}), not by ${names}`
      : `the signature does not verify with ${names}: the signature bytes were altered or made by another key`,
  };
}

function safeVerify(k: PublicKeyInfo, data: Uint8Array, signature: Buffer): boolean {
  try {
    return verify(k.kind.signAlgorithm, data, k.key, signature);
  } catch {
    return false;
  }
}
