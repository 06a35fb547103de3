// Sigstore bundles v0.3 about an image, made with @sigstore/mock's Fulcio CA, CT log and Rekor
// (keys and certificates by a CA nobody here wrote), as cosign v3 attaches them: a DSSE
// envelope over an in-toto statement naming the image digest, logged in Rekor (dsse 0.0.1, SET
// and inclusion proof), pushed as an OCI referrer (artifactType
// application/vnd.dev.sigstore.bundle.v0.3+json) with the tag schema index a registry without
// the referrers API needs. The trusted root is built from the mock's keys.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { initializeCA, initializeCTLog, initializeTLog } from '@sigstore/mock';

type CA = Awaited<ReturnType<typeof initializeCA>>;
type TLog = Awaited<ReturnType<typeof initializeTLog>>;
interface LoggedEntry {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    signedEntryTimestamp: string;
    inclusionProof: { logIndex: number; rootHash: string; treeSize: number; hashes: string[]; checkpoint: string };
  };
}
import { putBlob, putManifest } from './raw-push.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const REKOR_URL = 'https://rekor.mock.example';
const b64 = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64');
const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });

export interface MockSigstore {
  ca: CA;
  tlog: TLog;
  /** trusted_root.json text naming the mock's CA, Rekor and CT log. */
  trustedRoot: string;
}

export async function startMockSigstore(clock?: Date): Promise<MockSigstore> {
  const ctKeys = ecKeys();
  const ctLog = await initializeCTLog(ctKeys, clock);
  const ca = await initializeCA(ecKeys(), ctLog, clock);
  const tlogKeys = ecKeys();
  const tlog = await initializeTLog(REKOR_URL, tlogKeys, clock);
  const key = (k: KeyObject) => ({ rawBytes: b64(spki(k)), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: '2000-01-01T00:00:00Z' } });
  const trustedRoot = JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: REKOR_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(tlogKeys.publicKey),
        logId: { keyId: b64(createHash('sha256').update(spki(tlogKeys.publicKey)).digest()) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'mock', commonName: 'mock fulcio' },
        uri: 'https://fulcio.mock.example',
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate as Uint8Array) }] },
        validFor: { start: '2000-01-01T00:00:00Z' },
      },
    ],
    ctlogs: [
      { baseUrl: 'https://ctfe.mock.example', hashAlgorithm: 'SHA2_256', publicKey: key(ctKeys.publicKey), logId: { keyId: b64(ctLog.logID as Uint8Array) } },
    ],
    timestampAuthorities: [],
  });
  return { ca, tlog, trustedRoot };
}

export function statement(digest: string, predicateType = SIGN_PREDICATE): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'image', digest: { sha256: digest.replace(/^sha256:/, '') } }],
      predicateType,
      predicate: {},
    }),
  );
}

const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const pae = (body: Buffer) => Buffer.concat([Buffer.from(`DSSEv1 ${PAYLOAD_TYPE.length} ${PAYLOAD_TYPE} ${body.length} `), body]);

/** A fresh signing key and the mock Fulcio's certificate for it (DER and PEM). */
async function fulcioCertificate(m: MockSigstore, identity: string, issuer: string) {
  const signer = ecKeys();
  const cert = Buffer.from(
    (await m.ca.issueCertificate({
      publicKey: spki(signer.publicKey),
      subjectAltName: identity,
      extensions: [{ oid: '1.3.6.1.4.1.57264.1.8', value: issuer }],
    })) as Uint8Array,
  );
  const pem = `-----BEGIN CERTIFICATE-----\n${b64(cert).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  return { signer, cert, pem };
}

/** A keyless bundle: a Fulcio certificate for `identity` from `issuer`, logged in Rekor. */
export async function keylessBundle(m: MockSigstore, payload: Buffer, identity: string, issuer: string): Promise<object> {
  const { signer, cert, pem: verifier } = await fulcioCertificate(m, identity, issuer);
  return assemble(m, payload, signer.privateKey, verifier, { certificate: { rawBytes: b64(cert) } });
}

/**
 * cosign's legacy keyless signature of a payload: the signature, the Fulcio certificate and the
 * Rekor hashedrekord entry with its SET, as the .sig layer's annotations.
 */
export async function legacyKeylessAnnotations(m: MockSigstore, payload: Buffer, identity: string, issuer: string): Promise<Record<string, string>> {
  const { signer, pem } = await fulcioCertificate(m, identity, issuer);
  return { ...(await legacyLogged(m, payload, signer.privateKey, pem)), 'dev.sigstore.cosign/certificate': pem, 'dev.sigstore.cosign/chain': '' };
}

/** cosign sign --key's legacy signature with the Rekor entry it logs by default. */
export function legacyKeyAnnotations(m: MockSigstore, payload: Buffer, privateKey: KeyObject, publicPem: string): Promise<Record<string, string>> {
  return legacyLogged(m, payload, privateKey, publicPem);
}

async function legacyLogged(m: MockSigstore, payload: Buffer, privateKey: KeyObject, verifierPem: string): Promise<Record<string, string>> {
  const signature = sign('sha256', payload, privateKey);
  const proposed = {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') } },
      signature: { content: b64(signature), publicKey: { content: b64(Buffer.from(verifierPem)) } },
    },
  };
  const logged = Object.values(await m.tlog.log(proposed))[0] as unknown as LoggedEntry;
  return {
    'dev.cosignproject.cosign/signature': b64(signature),
    'dev.sigstore.cosign/bundle': JSON.stringify({
      SignedEntryTimestamp: logged.verification.signedEntryTimestamp,
      Payload: { body: logged.body, integratedTime: logged.integratedTime, logIndex: logged.logIndex, logID: logged.logID },
    }),
  };
}

/**
 * cosign attest's legacy attestation (the sha256-<hex>.att layer): a DSSE envelope over `statement`
 * signed by a Fulcio certificate for `identity` (keyless; from `ca`'s Fulcio, default m's) or by `key`, logged in Rekor as the
 * intoto 0.0.1 entry cosign logs, in the canonical form Rekor keeps (the envelope's and the
 * payload's hashes, the certificate or key; not the envelope itself), with its SET in the layer's
 * annotations.
 */
export async function legacyAttestation(
  m: MockSigstore,
  statement: Buffer,
  signer: { identity: string; issuer: string; ca?: MockSigstore } | { privateKey: KeyObject; publicPem: string },
): Promise<{ envelope: Buffer; annotations: Record<string, string> }> {
  const { privateKey, pem } =
    'identity' in signer
      ? await fulcioCertificate(signer.ca ?? m, signer.identity, signer.issuer).then((c) => ({ privateKey: c.signer.privateKey, pem: c.pem }))
      : { privateKey: signer.privateKey, pem: signer.publicPem };
  const envelope = Buffer.from(
    JSON.stringify({ payloadType: PAYLOAD_TYPE, payload: b64(statement), signatures: [{ keyid: '', sig: b64(sign('sha256', pae(statement), privateKey)) }] }),
  );
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const entry = {
    apiVersion: '0.0.1',
    kind: 'intoto',
    spec: {
      content: { hash: { algorithm: 'sha256', value: sha(envelope) }, payloadHash: { algorithm: 'sha256', value: sha(statement) } },
      publicKey: b64(Buffer.from(pem)),
    },
  };
  const logged = Object.values(await m.tlog.log(entry))[0] as unknown as LoggedEntry;
  const predicateType = (JSON.parse(statement.toString('utf8')) as { predicateType: string }).predicateType;
  return {
    envelope,
    annotations: {
      'dev.cosignproject.cosign/signature': '',
      predicateType,
      'dev.sigstore.cosign/bundle': JSON.stringify({
        SignedEntryTimestamp: logged.verification.signedEntryTimestamp,
        Payload: { body: logged.body, integratedTime: logged.integratedTime, logIndex: logged.logIndex, logID: logged.logID },
      }),
      ...('identity' in signer ? { 'dev.sigstore.cosign/certificate': pem, 'dev.sigstore.cosign/chain': '' } : {}),
    },
  };
}

/** A key-signed bundle (cosign sign --key with the bundle format), logged in Rekor. */
export async function keyBundle(m: MockSigstore, payload: Buffer, privateKey: KeyObject, publicPem: string): Promise<object> {
  return assemble(m, payload, privateKey, publicPem, { publicKey: { hint: '' } });
}

async function assemble(m: MockSigstore, payload: Buffer, privateKey: KeyObject, verifierPem: string, material: object): Promise<object> {
  const signature = sign(privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae(payload), privateKey);
  const proposed = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      payloadHash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
      signatures: [{ signature: b64(signature), verifier: b64(Buffer.from(verifierPem)) }],
    },
  };
  const logged = Object.values(await m.tlog.log(proposed))[0] as unknown as LoggedEntry;
  const proof = logged.verification.inclusionProof;
  return {
    mediaType: BUNDLE_TYPE,
    verificationMaterial: {
      ...material,
      tlogEntries: [
        {
          logIndex: String(logged.logIndex),
          logId: { keyId: b64(Buffer.from(logged.logID, 'hex')) },
          kindVersion: { kind: 'dsse', version: '0.0.1' },
          integratedTime: String(logged.integratedTime),
          inclusionPromise: { signedEntryTimestamp: logged.verification.signedEntryTimestamp },
          inclusionProof: {
            logIndex: String(proof.logIndex),
            rootHash: proof.rootHash,
            treeSize: String(proof.treeSize),
            hashes: proof.hashes,
            checkpoint: { envelope: proof.checkpoint },
          },
          canonicalizedBody: logged.body,
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: { payload: b64(payload), payloadType: PAYLOAD_TYPE, signatures: [{ sig: b64(signature), keyid: '' }] },
  };
}

/** Pushes bundles as referrers of `subject`, and the tag schema index listing them. */
export async function pushSigstoreReferrers(
  host: string,
  repo: string,
  subject: { mediaType: string; digest: string; size: number },
  bundles: object[],
): Promise<string[]> {
  const empty = await putBlob(host, repo, Buffer.from('{}'));
  const written = [];
  for (const b of bundles) {
    const layer = await putBlob(host, repo, Buffer.from(JSON.stringify(b)));
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
      layers: [{ mediaType: BUNDLE_TYPE, ...layer }],
      subject,
    };
    const bytes = JSON.stringify(manifest);
    written.push(await putManifest(host, repo, `sha256:${createHash('sha256').update(bytes).digest('hex')}`, OCI_MANIFEST, manifest));
  }
  await putManifest(host, repo, subject.digest.replace(':', '-'), OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: written.map((w) => ({ mediaType: OCI_MANIFEST, digest: w.digest, size: w.size, artifactType: BUNDLE_TYPE })),
  });
  return written.map((w) => w.digest);
}
