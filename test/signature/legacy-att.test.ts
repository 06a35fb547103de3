// cosign attest's legacy attestations (sha256-<hex>.att tags: DSSE envelopes over in-toto
// statements, logged in Rekor as intoto 0.0.1 entries) for require: attested, keyless and by key:
// made with @sigstore/mock's Fulcio and Rekor, checked at bundle time against the trusted root
// (certificate chain at the log time, SCT, SET, the entry about this envelope and this signer),
// the evidence in the lock, and the same checked again offline from the bundle alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from '../bundle/run-cli.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { legacyAttestation, startMockSigstore, statement, type MockSigstore } from '../support/sigstore-mock.js';
import { pushAttManifest } from '../support/cosign-sign.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const ME = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const EVIL = 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main';
const SLSA = 'https://slsa.dev/provenance/v1';
const NAMES = ['att-good', 'att-evil', 'att-tampered', 'att-set', 'att-foreign-ca', 'att-other-digest', 'att-unlogged', 'att-key'] as const;
let src: SeededSource;
let work: string;
let mock: MockSigstore;
let root: string;
let pubFile: string;
const digest: Record<string, string> = {};
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];

async function specFile(name: string, signer: string): Promise<string> {
  const f = join(work, `${name}.yaml`);
  await writeFile(f, ['signatures:', `  trustedRoot: ${root}`, '  policy:', '    - match: "**"', `      ${signer}`, '      require: attested', ''].join('\n'));
  return f;
}
const keylessSpec = () => specFile('keyless', `keyless: { issuer: "${ISSUER}", subject: "${ME}" }`);
let outs = 0;
async function bundleOne(name: string, spec: string) {
  const out = join(work, `${name}-${++outs}.tar`);
  const r = await runCli(['bundle', '--spec', spec, '--image', `acme.example/team/${name}:1.0`, ...mirror(), '-o', out], env());
  return { ...r, out };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-legacy-att-'));
  src = await startSeededSource(NAMES.map((n) => ({ name: `acme.example/team/${n}`, tag: '1.0', layers: [{ seed: n, size: 1_000 }] })));
  NAMES.forEach((n, i) => (digest[n] = src.images[i]!.digest));
  mock = await startMockSigstore();
  root = join(work, 'trusted_root.json');
  await writeFile(root, mock.trustedRoot);
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  pubFile = join(work, 'cosign.pub');
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(pubFile, publicPem);
  const push = (n: string, a: { envelope: Buffer; annotations: Record<string, string> }) =>
    pushAttManifest(src.registry.host, `acme.example/team/${n}`, digest[n]!, a.envelope, a.annotations);
  const me = { identity: ME, issuer: ISSUER };
  await push('att-good', await legacyAttestation(mock, statement(digest['att-good']!, SLSA), me));
  await push('att-evil', await legacyAttestation(mock, statement(digest['att-evil']!, SLSA), { identity: EVIL, issuer: ISSUER }));
  {
    // the envelope swapped for another signed by the same certificate key is not what the log entry hashes
    const a = await legacyAttestation(mock, statement(digest['att-tampered']!, SLSA), me);
    const other = await legacyAttestation(mock, statement(digest['att-tampered']!, 'https://example.com/other/v1'), me);
    await push('att-tampered', { envelope: other.envelope, annotations: a.annotations });
  }
  {
    const a = await legacyAttestation(mock, statement(digest['att-set']!, SLSA), me);
    const b = JSON.parse(a.annotations['dev.sigstore.cosign/bundle']!);
    b.Payload.logIndex += 1;
    await push('att-set', { ...a, annotations: { ...a.annotations, 'dev.sigstore.cosign/bundle': JSON.stringify(b) } });
  }
  // a certificate from a Fulcio the trusted root does not name, logged in the trusted Rekor
  await push('att-foreign-ca', await legacyAttestation(mock, statement(digest['att-foreign-ca']!, SLSA), { ...me, ca: await startMockSigstore() }));
  await push('att-other-digest', await legacyAttestation(mock, statement(digest['att-good']!, SLSA), me));
  {
    const a = await legacyAttestation(mock, statement(digest['att-unlogged']!, SLSA), me);
    const { 'dev.sigstore.cosign/bundle': _, ...rest } = a.annotations;
    await push('att-unlogged', { ...a, annotations: rest });
  }
  await push('att-key', await legacyAttestation(mock, statement(digest['att-key']!, SLSA), { privateKey: keys.privateKey, publicPem }));
});

afterAll(async () => {
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("cosign's legacy .att attestations for require: attested", () => {
  it('keyless: identity, issuer, log time and index in the lock; checked again offline by verify --signatures', async () => {
    const r = await bundleOne('att-good', await keylessSpec());
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(r.out);
    const img = lock.images[0]!;
    const sig = img.signatures![0]!;
    expect(sig).toMatchObject({ format: 'cosign-attestation', identity: ME, issuer: ISSUER, policy: '**' });
    expect(Date.now() - Date.parse(sig.integratedTime!)).toBeLessThan(600_000);
    expect(sig.logIndex).toBeGreaterThanOrEqual(0);
    expect(img.artifacts!.find((a) => a.tag?.endsWith('.att'))!.digest).toBe(sig.digest);
    const v = await runCli(['verify', '--signatures', r.out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`VERIFIED  image acme.example/team/att-good:1.0@${digest['att-good']}  signed by ${ME} (${ISSUER})`);
    const otherRoot = join(work, 'other-root.json');
    await writeFile(otherRoot, (await startMockSigstore()).trustedRoot);
    const other = await runCli(['verify', '--signatures', r.out, '--trusted-root', otherRoot], env());
    expect(other.exitCode).toBe(3);
    expect(other.stdout).toContain('REFUSED');
  });

  it.each([
    ['att-evil', `wrong identity: signed by ${EVIL}`],
    ['att-tampered', 'the log entry is not about this envelope'],
    ['att-set', 'log SET invalid'],
    ['att-foreign-ca', 'certificate not valid at the log time or not from the trusted root'],
    ['att-other-digest', `digest mismatch: the attestation`],
    ['att-unlogged', 'no Rekor entry (dev.sigstore.cosign/bundle)'],
  ])('keyless %s is refused at bundle time: %s', async (name, reason) => {
    const r = await bundleOne(name, await keylessSpec());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`image acme.example/team/${name}:1.0`);
    expect(r.stderr).toContain(reason);
    expect(existsSync(r.out)).toBe(false);
  });

  it('by key, logged: the key fingerprint and, with a trusted root, the log time from its SET', async () => {
    const r = await bundleOne('att-key', await specFile('key', `key: ${pubFile}`));
    expect(r.exitCode, r.stderr).toBe(0);
    const sig = (await readBundleLock(r.out)).images[0]!.signatures![0]!;
    expect(sig).toMatchObject({ format: 'cosign-attestation', keyFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(Date.now() - Date.parse(sig.integratedTime!)).toBeLessThan(600_000);
    const v = await runCli(['verify', '--signatures', r.out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
  });
});
