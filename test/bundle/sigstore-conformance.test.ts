// Sigstore bundles nobody here made, from sigstore-conformance (fixtures/sigstore-conformance): a
// key-signed DSSE statement logged in a Rekor test log (inclusion proof, signed checkpoint), and
// keyless ones from Sigstore's staging instance logged in Rekor v2 and timestamped by its TSA,
// each with its trusted root. Attached as OCI referrers of the digest their statements name and
// checked by the same code bundle and verify --signatures run, offline.
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

/** A referrer manifest holding `bundle` as its one layer, in `s`. */
async function referrerOf(s: MemoryStore, bundle: Buffer): Promise<Descriptor> {
  const layer = await put(s, BUNDLE_TYPE, bundle);
  const config = await put(s, 'application/vnd.oci.empty.v1+json', Buffer.from('{}'));
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: BUNDLE_TYPE, config, layers: [layer] };
  return { ...(await put(s, manifest.mediaType, Buffer.from(JSON.stringify(manifest)))), artifactType: BUNDLE_TYPE };
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
  referrer = await referrerOf(store, bundle);
});

const check = async (
  o: { digest?: string; key?: string; trustedRoot?: string; require?: 'signed' | 'attested'; minAge?: number; referrer?: Descriptor } = {},
) => {
  const key = o.key ?? pem;
  const keyFp = `sha256:${createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  const policy = await loadCarriedPolicy({
    entries: [{ match: '**', key: keyFp, require: o.require ?? 'attested', origin: 'test', ...(o.minAge !== undefined ? { minAge: o.minAge } : {}) }],
    keys: { [keyFp]: key },
    trustedRoot: o.trustedRoot ?? root,
  });
  return checkSignatures(
    { what: 'image example.com/a:1', ref: 'example.com/a:1', digest: o.digest ?? SUBJECT, artifacts: [{ root: o.referrer ?? referrer }] },
    store,
    policy,
    new Date(),
  );
};

describe('sigstore-conformance bundle (a signer nobody here wrote)', () => {
  it('verifies: the key, the log entry (index 0 of the test log), an attestation of the subject; no time (an inclusion proof does not sign the entry time)', async () => {
    expect(await check()).toEqual([{ format: 'sigstore-bundle', digest: referrer.digest, keyFingerprint: fp, logIndex: 0, policy: '**' }]);
  });

  it('an entry time nothing signed is not a time: edited to 2020, minAge still refuses it', async () => {
    const bundle = JSON.parse(await readFile(join(DIR, 'bundle.sigstore.json'), 'utf8'));
    bundle.verificationMaterial.tlogEntries[0].integratedTime = String(Date.parse('2020-01-01T00:00:00Z') / 1000);
    const edited = await referrerOf(store, Buffer.from(JSON.stringify(bundle)));
    await expect(check({ referrer: edited, minAge: 3600 })).rejects.toThrow('too young: minAge is 3600s');
  });

  it('refuses another subject, another key, and a trusted root whose log did not sign the checkpoint', async () => {
    await expect(check({ digest: `sha256:${'0'.repeat(64)}` })).rejects.toThrow('digest mismatch: the statement in');
    const { publicKey } = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(check({ key: publicKey.export({ type: 'spki', format: 'pem' }).toString() })).rejects.toThrow('wrong key');
    await expect(check({ trustedRoot: (await startMockSigstore()).trustedRoot })).rejects.toThrow('log proof invalid');
  });
});

const WORKFLOW =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';

/** A keyless bundle of the conformance suite in `dir` (with its trusted root) as a referrer of a.txt, checked at `now`. */
async function checkKeyless(dir: string, now: Date, minAge?: number) {
  const s = new MemoryStore();
  const ref = await referrerOf(s, await readFile(join(dir, 'bundle.sigstore.json')));
  const policy = await loadCarriedPolicy({
    entries: [
      {
        match: '**',
        keyless: { subject: WORKFLOW, issuer: 'https://token.actions.githubusercontent.com' },
        require: 'attested',
        origin: 'test',
        ...(minAge !== undefined ? { minAge } : {}),
      },
    ],
    keys: {},
    trustedRoot: await readFile(join(dir, 'trusted_root.json'), 'utf8'),
  });
  return checkSignatures({ what: 'file a.txt', ref: 'example.com/a:1', digest: SUBJECT, artifacts: [{ root: ref }] }, s, policy, now);
}

describe("sigstore-conformance's Rekor v2 bundle (staging Fulcio, Rekor v2 and TSA): the time is the TSA's", () => {
  const R2 = join(DIR, 'rekor2-dsse-happy-path');
  const STAMPED = '2025-07-25T19:53:04.000Z';

  it('verifies: the workflow identity, the Rekor v2 entry, and the signing time from the TSA (a Rekor v2 entry has no time of its own)', async () => {
    const [sig] = (await checkKeyless(R2, new Date()))!;
    expect(sig).toMatchObject({ format: 'sigstore-bundle', identity: WORKFLOW, integratedTime: STAMPED, logIndex: 7131 });
  });

  it('minAge judges that time: refused a minute after it, accepted two hours after', async () => {
    await expect(checkKeyless(R2, new Date(Date.parse(STAMPED) + 60_000), 3600)).rejects.toThrow('too young: minAge is 3600s');
    expect(await checkKeyless(R2, new Date(Date.parse(STAMPED) + 7200_000), 3600)).toHaveLength(1);
  });

  it("Rekor v2's DSSE as a hashedrekord entry over the envelope's PAE (how Rekor v2 logs DSSE since 2026) verifies", async () => {
    const [sig] = (await checkKeyless(join(DIR, 'rekor2-hashedrekord-dsse'), new Date()))!;
    expect(sig).toMatchObject({ format: 'sigstore-bundle', identity: WORKFLOW, integratedTime: '2026-05-13T19:23:33.000Z', logIndex: 4026478 });
  });
});
