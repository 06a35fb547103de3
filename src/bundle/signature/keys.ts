// The keys a bundle is signed and checked with: PEM files read by node:crypto (ECDSA P-256/P-384,
// Ed25519, RSA), what each means in a Sigstore bundle (hash, key details), and its fingerprint.
// Private keys are refused when others may read them, as ssh refuses them; the key's bytes never
// leave this module in a message.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { UsageError } from '../../util/errors.js';
import { readTrustFile, refuseReadableByOthers } from '../../util/trust-file.js';

export type DigestName = 'sha256' | 'sha384';

export interface KeyKind {
  /** The digest the signature is made over (Ed25519 signs the message itself; its digest is recorded as sha256). */
  digest: DigestName;
  /** node:crypto's sign/verify algorithm argument (null: Ed25519 takes the message). */
  signAlgorithm: DigestName | null;
  /** Sigstore's PublicKeyDetails name. */
  details: string;
}

export interface PublicKeyInfo {
  key: KeyObject;
  kind: KeyKind;
  /** sha256:<hex> of the key's DER SubjectPublicKeyInfo; also the bundle's publicKey hint. */
  fingerprint: string;
  /** Where it was read from, for messages. */
  where: string;
}

/** A signer: a private key file here, or a key that never leaves a KMS (ecr/kms.ts). */
export interface SigningKey {
  publicKey: PublicKeyInfo;
  /** The signature over `message`, whose digest (the key kind's) is `digest`; a KMS signs the digest alone. */
  sign(message: Uint8Array, digest: Buffer): Promise<Buffer>;
}

/** Reads a PEM private key; `password` is asked only for an encrypted one (env or stdin, never argv). */
export async function readSigningKey(path: string, password: () => Promise<string | undefined>): Promise<SigningKey> {
  // awskms:// is opened by ecr/kms.ts before this; other KMSes have no client here
  if (/^[a-z0-9]+:\/\//i.test(path))
    throw new UsageError(`--sign-key ${path}: only AWS KMS keys (awskms://) are signed with here`, {
      hint: 'sign with a PEM key file or awskms:///arn:aws:kms:REGION:ACCOUNT:key/ID, or sign the lock with cosign sign-blob --key URI --bundle airgap-lock.sigstore.json',
    });
  await refuseReadableByOthers(path, '--sign-key');
  const pem = await readTrustFile(path, 'key', '--sign-key');
  const text = pem.toString('latin1');
  if (text.includes('ENCRYPTED SIGSTORE PRIVATE KEY') || text.includes('ENCRYPTED COSIGN PRIVATE KEY')) {
    throw new UsageError(`--sign-key ${path}: a cosign-encrypted key (scrypt + secretbox) is not read here`, {
      hint: 'export it as PKCS#8 PEM (cosign import-key-pair takes the other direction; or make a key with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)',
    });
  }
  const encrypted = /ENCRYPTED PRIVATE KEY|Proc-Type:\s*4,ENCRYPTED/.test(text);
  const passphrase = encrypted ? await password() : undefined;
  if (encrypted && passphrase === undefined) {
    throw new UsageError(`--sign-key ${path}: the key is encrypted and no password was given`, {
      hint: 'set HELM_AIRGAP_KEY_PASSWORD, or pipe it with --key-password-stdin',
    });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  } catch (e) {
    // node's message names the PEM problem or a bad decrypt; never the key's bytes
    const why = encrypted ? 'wrong password, or not a PEM private key' : 'not a PEM private key';
    throw new UsageError(`--sign-key ${path}: cannot read the key: ${why}`, { cause: e, hint: 'give a PEM private key: ECDSA P-256/P-384, Ed25519 or RSA' });
  }
  return fileSigner(key, describeKey(createPublicKey(key), path, '--sign-key'));
}

export function fileSigner(key: KeyObject, publicKey: PublicKeyInfo): SigningKey {
  return { publicKey, sign: async (message) => sign(publicKey.kind.signAlgorithm, message, key) };
}

/** Reads a PEM public key (a bundle signer's), for --key. */
export async function readPublicKey(path: string, flag = '--key'): Promise<PublicKeyInfo> {
  refuseKms(path, flag);
  const pem = await readTrustFile(path, 'key', flag);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: not a PEM public key`, { cause: e, hint: 'openssl pkey -in signer.key -pubout -out signer.pub makes one' });
  }
  return describeKey(key, path, flag);
}

export function describeKey(key: KeyObject, where: string, flag: string): PublicKeyInfo {
  const kind = keyKind(key, where, flag);
  const der = key.export({ type: 'spki', format: 'der' });
  return { key, kind, fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`, where };
}

function keyKind(key: KeyObject, where: string, flag: string): KeyKind {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ec' && curve === 'prime256v1') return { digest: 'sha256', signAlgorithm: 'sha256', details: 'PKIX_ECDSA_P256_SHA_256' };
  if (type === 'ec' && curve === 'secp384r1') return { digest: 'sha384', signAlgorithm: 'sha384', details: 'PKIX_ECDSA_P384_SHA_384' };
  if (type === 'ed25519') return { digest: 'sha256', signAlgorithm: null, details: 'PKIX_ED25519' };
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw new UsageError(`${flag} ${where}: an RSA key of ${bits} bits is too weak`, { hint: 'use RSA 2048 bits or more, or ECDSA P-256' });
    const size = bits >= 4096 ? 4096 : bits >= 3072 ? 3072 : 2048;
    return { digest: 'sha256', signAlgorithm: 'sha256', details: `PKIX_RSA_PKCS1V15_${size}_SHA256` };
  }
  throw new UsageError(`${flag} ${where}: a ${type}${curve ? ` ${curve}` : ''} key is not supported`, {
    hint: 'use ECDSA P-256 or P-384, Ed25519, or RSA (2048 bits or more)',
  });
}

/**
 * A bundle is trusted offline, by the signer's exported public key: a KMS is not asked on the
 * isolated side (and gcpkms, azurekms, hashivault have no client here at all).
 */
function refuseKms(ref: string, flag: string): void {
  if (!/^[a-z0-9]+kms:\/\//i.test(ref) && !ref.startsWith('hashivault://')) return;
  throw new UsageError(`${flag} ${ref}: a KMS key is not asked here: give its exported public key`, {
    hint: ref.startsWith('awskms://')
      ? 'export it on the connected side: aws kms get-public-key --key-id KEY --query PublicKey --output text | base64 -d | openssl pkey -pubin -inform DER -out builder.pub'
      : 'export the public key on the connected side (cosign public-key --key URI > builder.pub) and give the file',
  });
}
