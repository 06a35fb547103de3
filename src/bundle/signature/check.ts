// The check push, verify and values make before they trust a bundle: its lock signed by a key
// the user trusts (--key, HELM_AIRGAP_BUNDLE_KEY), and the SBOM the lock names unchanged. A key
// given means a signature is required: otherwise removing the signature would pass the check.
import { createHash } from 'node:crypto';
import { AirgapError, ExitCode } from '../../util/errors.js';
import { readSignedParts, type SignedParts } from '../open.js';
import type { ServedSourceOptions } from '../open-served.js';
import { readPublicKey } from './keys.js';
import { parseSigstoreBundle, SIGNATURE_FILE_NAME } from './sigstore-bundle.js';
import { verifyLockSignature } from './verifier.js';

export interface BundleTrust {
  /** Public keys (PEM files) of the bundle signers trusted; any one suffices. */
  keys: string[];
}

export interface SignatureCheck {
  /** Fingerprint of the key that verified. */
  signer: string;
  keyFile: string;
  sbom?: string;
}

/** Undefined when no key is trusted (nothing checked); else the signer, or an exit-3 error naming why. */
export async function checkBundleSignature(path: string, trust: BundleTrust | undefined, source?: ServedSourceOptions): Promise<SignatureCheck | undefined> {
  if (!trust || trust.keys.length === 0) return undefined;
  const keys = await Promise.all(trust.keys.map((k) => readPublicKey(k)));
  const parts = await readSignedParts(path, source);
  if (!parts.signature) {
    throw refused(
      path,
      `it is not signed (no ${SIGNATURE_FILE_NAME} beside its lock)`,
      'sign it on the connected side: helm airgap sign BUNDLE --key builder.key (or bundle --sign-key)',
    );
  }
  const sig = parseSigstoreBundle(parts.signature.toString('utf8'), parts.names.signature);
  const verdict = verifyLockSignature(parts.lockBytes, sig, keys);
  if (!verdict.ok) throw refused(path, verdict.why, 'get the bundle again from its builder, and check --key names the public key it was signed with');
  const sbomWhy = sbomProblem(parts);
  if (sbomWhy) throw refused(path, sbomWhy, 'get the bundle again from its builder');
  return { signer: verdict.key.fingerprint, keyFile: verdict.key.where, ...(parts.lock.sbom ? { sbom: parts.lock.sbom.digest } : {}) };
}

/** Why the SBOM is not the one the lock names (missing, or other bytes), or undefined. */
export function sbomProblem(parts: SignedParts): string | undefined {
  const want = parts.lock.sbom;
  if (!want) return undefined;
  if (!parts.sbom) return `the lock names the SBOM ${want.file} but the bundle holds none`;
  const actual = `sha256:${createHash('sha256').update(parts.sbom).digest('hex')}`;
  return actual === want.digest
    ? undefined
    : `the SBOM ${parts.names.sbom} is ${actual}, but the lock recorded ${want.digest}: the SBOM was edited after the bundle was made`;
}

function refused(path: string, why: string, hint: string): AirgapError {
  return new AirgapError(`bundle ${path}: signature check failed: ${why}`, { code: 'ERR_SIGNATURE', exitCode: ExitCode.Partial, hint });
}
