// cosign's legacy signature format made with openssl (a signer nobody here wrote): the
// simple-signing payload cosign writes, signed by `openssl dgst`/`pkeyutl`, pushed as the
// sha256-<hex>.sig manifest with the dev.cosignproject.cosign/signature annotation, byte for byte
// the layout `cosign sign --key` produces (cosign itself is not installed here).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { putBlob, putManifest } from './raw-push.js';

export type KeyKind = 'p256' | 'p384' | 'ed25519' | 'rsa';

export interface TestKey {
  kind: KeyKind;
  privateFile: string;
  publicFile: string;
}

/** A key pair made by openssl in `dir` (PEM private key and SPKI public key). */
export function opensslKey(dir: string, name: string, kind: KeyKind): TestKey {
  const privateFile = join(dir, `${name}.key`);
  const publicFile = join(dir, `${name}.pub`);
  const gen: Record<KeyKind, string[]> = {
    p256: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    p384: ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    ed25519: ['genpkey', '-algorithm', 'ed25519'],
    rsa: ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  };
  execFileSync('openssl', [...gen[kind], '-out', privateFile]);
  execFileSync('openssl', ['pkey', '-in', privateFile, '-pubout', '-out', publicFile]);
  return { kind, privateFile, publicFile };
}

/** openssl's signature over `payload` as cosign makes it for this kind of key. */
export function opensslSign(key: TestKey, payload: Buffer, dir: string): Buffer {
  const file = join(dir, `payload-${process.hrtime.bigint()}`);
  writeFileSync(file, payload);
  if (key.kind === 'ed25519') return execFileSync('openssl', ['pkeyutl', '-sign', '-rawin', '-inkey', key.privateFile, '-in', file]);
  return execFileSync('openssl', ['dgst', key.kind === 'p384' ? '-sha384' : '-sha256', '-sign', key.privateFile, file]);
}

/** cosign's simple-signing payload for an image digest (the key order and text cosign writes). */
export function simpleSigningPayload(repository: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: { identity: { 'docker-reference': repository }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' },
      optional: null,
    }),
  );
}

/**
 * Signs `signedDigest` (what the payload names) and pushes the .sig manifest beside
 * `tagDigest` (the image it is attached to; equal unless a test forges a mismatch).
 */
export async function pushCosignSignature(o: {
  host: string;
  repo: string;
  tagDigest: string;
  signedDigest?: string;
  key: TestKey;
  dir: string;
  payload?: Buffer;
}): Promise<string> {
  const payload = o.payload ?? simpleSigningPayload(o.repo, o.signedDigest ?? o.tagDigest);
  const signature = opensslSign(o.key, payload, o.dir).toString('base64');
  return pushSigManifest(o.host, o.repo, o.tagDigest, payload, { 'dev.cosignproject.cosign/signature': signature });
}

/** The sha256-<hex>.sig manifest: one simple-signing layer with cosign's annotations. */
export async function pushSigManifest(host: string, repo: string, tagDigest: string, payload: Buffer, annotations: Record<string, string>): Promise<string> {
  const layer = await putBlob(host, repo, payload);
  const config = await putBlob(host, repo, Buffer.from('{}'));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...layer, annotations }],
  };
  return (await putManifest(host, repo, `${tagDigest.replace(':', '-')}.sig`, manifest.mediaType, manifest)).digest;
}

/** cosign's legacy .att: one DSSE envelope over an in-toto statement about `digest`, signed by openssl over the PAE. */
export async function pushCosignAttestation(o: {
  host: string;
  repo: string;
  digest: string;
  key: TestKey;
  dir: string;
  predicateType: string;
}): Promise<string> {
  const statement = Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: o.repo, digest: { sha256: o.digest.slice(7) } }],
      predicateType: o.predicateType,
      predicate: {},
    }),
  );
  const type = 'application/vnd.in-toto+json';
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${statement.length} `), statement]);
  const envelope = Buffer.from(
    JSON.stringify({
      payloadType: type,
      payload: statement.toString('base64'),
      signatures: [{ keyid: '', sig: opensslSign(o.key, pae, o.dir).toString('base64') }],
    }),
  );
  return pushAttManifest(o.host, o.repo, o.digest, envelope, { predicateType: o.predicateType });
}

/** The sha256-<hex>.att manifest: one DSSE envelope layer with cosign's annotations. */
export async function pushAttManifest(host: string, repo: string, tagDigest: string, envelope: Buffer, annotations: Record<string, string>): Promise<string> {
  const layer = await putBlob(host, repo, envelope);
  const config = await putBlob(host, repo, Buffer.from('{}'));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.dsse.envelope.v1+json', ...layer, annotations }],
  };
  return (await putManifest(host, repo, `${tagDigest.replace(':', '-')}.att`, manifest.mediaType, manifest)).digest;
}
