// A Sigstore bundle nobody here made: sigstore-conformance's key-signed DSSE statement logged in a
// Rekor test log (inclusion proof, signed checkpoint) with that log's trusted root
// (fixtures/sigstore-conformance). Attached as an OCI referrer of the digest its statement
// names and checked by the same code bundle and verify --signatures run, offline.
import { readFile } from 'node:fs/promises';
import { createHash, createPublicKey } from 'node:crypto';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/oci/memory-store.js';
import type { Descriptor } from '../../src/oci/content.js';
import { checkSignatures, loadCarriedPolicy } from '../../src/trust/check-signatures.js';
import { startMockSigstore } from '../support/sigstore-mock.js';

const DIR = join(import.meta.dirname, '../../fixtures/sigstore-conformance');
const SUBJECT = 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
let store: MemoryStore;
let referrer: Descriptor;
let root: string;
let pem: string;
let fp: string;

async function put(s: MemoryStore, mediaType: string, bytes: Buffer): Promise<Descriptor> {
  const d = { mediaType, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length };
  await s.push(d, Readable.from([bytes]));
  return d;
}

beforeAll(async () => {
  const bundle = await readFile(join(DIR, 'bundle.sigstore.json'));
  root = await readFile(join(DIR, 'trusted_root.json'), 'utf8');
  // the signer's key as the log recorded it (the entry's body)
  const body = JSON.parse(Buffer.from(JSON.parse(bundle.toString()).verificationMaterial.tlogEntries[0].canonicalizedBody, 'base64').toString());
  pem = Buffer.from(body.spec.content.envelope.signatures[0].publicKey, 'base64').toString();
  fp = `sha256:${createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  store = new MemoryStore();
  const layer = await put(store, BUNDLE_TYPE, bundle);
  const config = await put(store, 'application/vnd.oci.empty.v1+json', Buffer.from('{}'));
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: BUNDLE_TYPE, config, layers: [layer] };
  referrer = { ...(await put(store, manifest.mediaType, Buffer.from(JSON.stringify(manifest)))), artifactType: BUNDLE_TYPE };
});

const check = async (o: { digest?: string; key?: string; trustedRoot?: string; require?: 'signed' | 'attested' } = {}) => {
  const key = o.key ?? pem;
  const keyFp = `sha256:${createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  const policy = await loadCarriedPolicy({
    entries: [{ match: '**', key: keyFp, require: o.require ?? 'attested', origin: 'test' }],
    keys: { [keyFp]: key },
    trustedRoot: o.trustedRoot ?? root,
  });
  return checkSignatures(
    { what: 'image example.com/a:1', ref: 'example.com/a:1', digest: o.digest ?? SUBJECT, artifacts: [{ root: referrer }] },
    store,
    policy,
    new Date(),
  );
};

describe('sigstore-conformance bundle (a signer nobody here wrote)', () => {
  it('verifies: the key, the log entry (index 0 of the test log), an attestation of the subject', async () => {
    expect(await check()).toEqual([
      { format: 'sigstore-bundle', digest: referrer.digest, keyFingerprint: fp, integratedTime: '1970-01-01T00:00:00.000Z', logIndex: 0, policy: '**' },
    ]);
  });

  it('refuses another subject, another key, and a trusted root whose log did not sign the checkpoint', async () => {
    await expect(check({ digest: `sha256:${'0'.repeat(64)}` })).rejects.toThrow('digest mismatch: the statement in');
    const { publicKey } = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(check({ key: publicKey.export({ type: 'spki', format: 'pem' }).toString() })).rejects.toThrow('wrong key');
    await expect(check({ trustedRoot: (await startMockSigstore()).trustedRoot })).rejects.toThrow('log proof invalid');
  });
});
