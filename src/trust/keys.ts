// Public keys of a signature policy: read once, named by fingerprint (sha256 of the SPKI DER, as
// cosign's and Sigstore's key hints are), and the hash each kind signs with as cosign does.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { readTrustFile } from '../util/trust-file.js';

export interface PolicyKey {
  key: KeyObject;
  /** sha256:<hex> of the SPKI DER. */
  fingerprint: string;
  pem: string;
}

const KMS = /^(awskms|gcpkms|azurekms|hashivault|k8s|pkcs11):/;

/** A KMS key's public half as PEM (the AWS layer's GetPublicKey), asked once when a policy is read. */
export type KmsPublicKeySource = (uri: string, origin: string) => Promise<string>;

/** Reads a PEM public key file named by a policy entry (relative names from `baseDir`), or an awskms:// key through `kms`. */
export async function readPolicyKey(name: string, baseDir: string, origin: string, kms?: KmsPublicKeySource): Promise<PolicyKey> {
  if (kms && name.startsWith('awskms://')) return publicKeyFromPem(await kms(name, origin), `${origin}: key ${name}`);
  if (KMS.test(name))
    throw new UsageError(
      `${origin}: key ${name}: ${name.startsWith('awskms:') ? 'an AWS KMS key is read on the connected side only' : 'this KMS is not supported'}`,
      {
        code: 'ERR_POLICY',
        hint: `export the public key on the connected side (e.g. \`cosign public-key --key ${name} > signer.pub\`) and name the file`,
      },
    );
  const path = isAbsolute(name) ? name : join(baseDir, name);
  // a file the command line named is named by its flag
  const pem = (await readTrustFile(path, 'key', origin === 'command line' ? '--verify-key' : `${origin}: key`)).toString('utf8');
  return publicKeyFromPem(pem, `${origin}: key ${path}`);
}

export function publicKeyFromPem(pem: string, what: string): PolicyKey {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UsageError(`${what}: not a PEM public key: ${(e as Error).message}`, {
      code: 'ERR_POLICY',
      hint: 'give the public half (-----BEGIN PUBLIC KEY-----): ECDSA P-256/P-384, Ed25519 or RSA',
    });
  }
  if (!['ec', 'ed25519', 'rsa'].includes(key.asymmetricKeyType ?? ''))
    throw new UsageError(`${what}: ${key.asymmetricKeyType} keys are not supported`, { code: 'ERR_POLICY', hint: 'use ECDSA P-256/P-384, Ed25519 or RSA' });
  const der = key.export({ type: 'spki', format: 'der' });
  return { key, fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`, pem: key.export({ type: 'spki', format: 'pem' }).toString() };
}

/** The digest cosign signs with for this key (null: Ed25519 signs the message itself). */
export function signingHash(key: KeyObject): string | null {
  if (key.asymmetricKeyType === 'ed25519') return null;
  if (key.asymmetricKeyType === 'ec')
    return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : key.asymmetricKeyDetails?.namedCurve === 'secp521r1' ? 'sha512' : 'sha256';
  return 'sha256';
}
