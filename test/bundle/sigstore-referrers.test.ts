// Sigstore bundles v0.3 as OCI referrers (cosign v3's default), keyless and key-based, made with
// @sigstore/mock's Fulcio, CT log and Rekor and checked by @sigstore/verify against a trusted
// root built from the mock's keys. A matrix of pass and each refusal at bundle time, then the
// same signatures checked again offline from the bundle alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from './run-cli.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import {
  keyBundle,
  keylessBundle,
  legacyKeyAnnotations,
  legacyKeylessAnnotations,
  pushSigstoreReferrers,
  startMockSigstore,
  statement,
  type MockSigstore,
} from '../support/sigstore-mock.js';
import { pushSigManifest, simpleSigningPayload } from '../support/cosign-sign.js';
import { pushTinyChart } from '../support/tiny-chart.js';
import { asSbomEvidence, cyclonedx16, sbomSignatures } from '../support/cyclonedx-schema.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const ME = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const EVIL = 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main';
const NAMES = [
  'kl-good',
  'kl-evil',
  'kl-mismatch',
  'kl-tampered',
  'kl-old',
  'kl-attested',
  'key-good',
  'legacy-kl',
  'legacy-kl-evil',
  'legacy-kl-set',
  'legacy-key-logged',
] as const;
let src: SeededSource;
let work: string;
let mock: MockSigstore;
let root: string;
let otherRoot: string;
let pubFile: string;
const digest: Record<string, string> = {};
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];
const keyless = (identityRegexp = '^https://github\\.com/acme/') => [
  '--certificate-identity-regexp',
  identityRegexp,
  '--certificate-oidc-issuer',
  ISSUER,
  '--trusted-root',
  root,
];

function mergeRoots(a: string, b: string): string {
  const x = JSON.parse(a);
  const y = JSON.parse(b);
  for (const k of ['tlogs', 'certificateAuthorities', 'ctlogs']) x[k] = [...x[k], ...y[k]];
  return JSON.stringify(x);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-sigstore-'));
  src = await startSeededSource(NAMES.map((n) => ({ name: `acme.example/team/${n}`, tag: '1.0', layers: [{ seed: n, size: 1_000 }] })));
  NAMES.forEach((n, i) => (digest[n] = src.images[i]!.digest));
  mock = await startMockSigstore();
  const old = await startMockSigstore(new Date(Date.now() - 3 * 86400_000));
  root = join(work, 'trusted_root.json');
  await writeFile(root, mergeRoots(mock.trustedRoot, old.trustedRoot));
  otherRoot = join(work, 'other_root.json');
  await writeFile(otherRoot, (await startMockSigstore()).trustedRoot);
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  pubFile = join(work, 'cosign.pub');
  const pubPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(pubFile, pubPem);
  const attach = async (n: string, bundle: object) => {
    const img = src.images[NAMES.indexOf(n as (typeof NAMES)[number])]!;
    await pushSigstoreReferrers(src.registry.host, `acme.example/team/${n}`, { mediaType: img.mediaType, digest: img.digest, size: img.size }, [bundle]);
  };
  await attach('kl-good', await keylessBundle(mock, statement(digest['kl-good']!), ME, ISSUER));
  await attach('kl-evil', await keylessBundle(mock, statement(digest['kl-evil']!), EVIL, ISSUER));
  await attach('kl-mismatch', await keylessBundle(mock, statement(digest['kl-good']!), ME, ISSUER));
  // a forged inclusion proof: a sibling hash the log never had (the checkpoint's root no longer follows)
  const tampered = (await keylessBundle(mock, statement(digest['kl-tampered']!), ME, ISSUER)) as {
    verificationMaterial: { tlogEntries: { inclusionProof: { hashes: string[] } }[] };
  };
  tampered.verificationMaterial.tlogEntries[0]!.inclusionProof.hashes = [createHash('sha256').update('forged').digest('base64')];
  await attach('kl-tampered', tampered);
  await attach('kl-old', await keylessBundle(old, statement(digest['kl-old']!), ME, ISSUER));
  await attach('kl-attested', await keylessBundle(mock, statement(digest['kl-attested']!, 'https://slsa.dev/provenance/v1'), ME, ISSUER));
  await attach('key-good', await keyBundle(mock, statement(digest['key-good']!), keys.privateKey, pubPem));
  // cosign's legacy .sig, keyless: certificate and Rekor SET in the layer's annotations
  const legacy = async (n: string, identity: string, edit: (a: Record<string, string>) => void = () => {}) => {
    const payload = simpleSigningPayload(`acme.example/team/${n}`, digest[n]!);
    const annotations = await legacyKeylessAnnotations(mock, payload, identity, ISSUER);
    edit(annotations);
    await pushSigManifest(src.registry.host, `acme.example/team/${n}`, digest[n]!, payload, annotations);
  };
  await legacy('legacy-kl', ME);
  {
    const n = 'legacy-key-logged';
    const payload = simpleSigningPayload(`acme.example/team/${n}`, digest[n]!);
    await pushSigManifest(src.registry.host, `acme.example/team/${n}`, digest[n]!, payload, await legacyKeyAnnotations(mock, payload, keys.privateKey, pubPem));
  }
  await legacy('legacy-kl-evil', EVIL);
  // a forged SET: the log index moved, so the log's signature is over another entry
  await legacy('legacy-kl-set', ME, (a) => {
    const b = JSON.parse(a['dev.sigstore.cosign/bundle']!);
    b.Payload.logIndex += 1;
    a['dev.sigstore.cosign/bundle'] = JSON.stringify(b);
  });
});

afterAll(async () => {
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const bundleOne = (name: string, flags: string[], out = join(work, `${name}-${Math.random().toString(36).slice(2)}.tar`)) =>
  runCli(['bundle', '--image', `acme.example/team/${name}:1.0`, ...mirror(), ...flags, '-o', out], env()).then((r) => ({ ...r, out }));

describe('Sigstore bundle referrers at bundle time', () => {
  it('keyless: identity and issuer from the certificate, the log time and index in the lock', async () => {
    const r = await bundleOne('kl-good', keyless());
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(r.out);
    const sig = lock.images[0]!.signatures![0]!;
    expect(sig).toMatchObject({ format: 'sigstore-bundle', identity: ME, issuer: ISSUER, policy: '**' });
    expect(Date.now() - Date.parse(sig.integratedTime!)).toBeLessThan(600_000);
    expect(sig.logIndex).toBeGreaterThanOrEqual(0);
    expect(lock.images[0]!.artifacts!.map((a) => a.digest)).toContain(sig.digest);
    expect(JSON.parse(lock.signaturePolicy!.trustedRoot!).tlogs).toHaveLength(2);
  });

  it('legacy .sig keyless: certificate and SET checked offline against the trusted root', async () => {
    const r = await bundleOne('legacy-kl', keyless());
    expect(r.exitCode, r.stderr).toBe(0);
    const sig = (await readBundleLock(r.out)).images[0]!.signatures![0]!;
    expect(sig).toMatchObject({ format: 'cosign-tag', identity: ME, issuer: ISSUER, logIndex: expect.any(Number) });
    const v = await runCli(['verify', '--signatures', r.out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
  });

  it('legacy .sig by a key, logged in Rekor: the SET checked with a trusted root gives the log time; without one the key alone is checked', async () => {
    const logged = await bundleOne('legacy-key-logged', ['--verify-key', pubFile, '--trusted-root', root]);
    expect(logged.exitCode, logged.stderr).toBe(0);
    const sig = (await readBundleLock(logged.out)).images[0]!.signatures![0]!;
    expect(sig).toMatchObject({ format: 'cosign-tag', keyFingerprint: expect.stringMatching(/^sha256:/), logIndex: expect.any(Number) });
    expect(Date.now() - Date.parse(sig.integratedTime!)).toBeLessThan(600_000);
    const keyOnly = await bundleOne('legacy-key-logged', ['--verify-key', pubFile]);
    expect(keyOnly.exitCode, keyOnly.stderr).toBe(0);
    expect((await readBundleLock(keyOnly.out)).images[0]!.signatures![0]!.logIndex).toBeUndefined();
    const otherLog = await bundleOne('legacy-key-logged', ['--verify-key', pubFile, '--trusted-root', otherRoot]);
    expect(otherLog.exitCode).toBe(3);
    expect(otherLog.stderr).toContain('log');
  });

  it("the SBOM carries each image's evidence: keyless identity and issuer, a key's fingerprint, log time and index, signature digest; valid CycloneDX 1.6", async () => {
    const valid = await cyclonedx16();
    for (const [name, flags] of [
      ['kl-good', keyless()],
      ['legacy-key-logged', ['--verify-key', pubFile, '--trusted-root', root]],
    ] as const) {
      const r = await bundleOne(name, [...flags]);
      expect(r.exitCode, r.stderr).toBe(0);
      const img = (await readBundleLock(r.out)).images[0]!;
      const s = await runCli(['inspect', r.out, '--sbom'], env());
      expect(s.exitCode, s.stderr).toBe(0);
      const bom = JSON.parse(s.stdout);
      expect(valid(bom)).toEqual([]);
      const evidence = sbomSignatures(bom, `image:${img.ref}`);
      expect(evidence).toEqual(img.signatures!.map(asSbomEvidence));
      expect(evidence[0]).toMatchObject(
        name === 'kl-good'
          ? { identity: ME, issuer: ISSUER, logIndex: expect.stringMatching(/^\d+$/) }
          : { keyFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), logIndex: expect.stringMatching(/^\d+$/) },
      );
      expect(Date.now() - Date.parse(evidence[0]!.integratedTime!)).toBeLessThan(600_000);
      expect(img.artifacts!.map((a) => a.digest)).toContain(evidence[0]!.digest);
    }
  });

  it('key-based: the key fingerprint, checked with the log entry', async () => {
    const r = await bundleOne('key-good', ['--verify-key', pubFile, '--trusted-root', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readBundleLock(r.out)).images[0]!.signatures![0]).toMatchObject({
      format: 'sigstore-bundle',
      keyFingerprint: expect.stringMatching(/^sha256:/),
    });
  });

  it.each([
    ['kl-evil', 'another identity', () => keyless(), `wrong identity: signed by ${EVIL}, the policy wants /^https://github\\.com/acme//`],
    ['kl-mismatch', 'a statement about another digest', () => keyless(), 'digest mismatch: the statement in sha256:'],
    ['kl-tampered', 'a forged inclusion proof', () => keyless(), 'log proof invalid (invalid hash count)'],
    [
      'kl-old',
      'a certificate issued before its CA was valid (not valid at the log time)',
      () => keyless(),
      'certificate not valid at the log time or not from the trusted root (Failed to verify certificate chain)',
    ],
    [
      'kl-good',
      'a trusted root that does not chain',
      () => ['--certificate-identity-regexp', '.', '--certificate-oidc-issuer', ISSUER, '--trusted-root', otherRoot],
      ': certificate not valid at the log time or not from the trusted root (Failed to verify certificate chain)',
    ],
    [
      'legacy-kl',
      'a legacy .sig against a trusted root that does not chain',
      () => ['--certificate-identity-regexp', '.', '--certificate-oidc-issuer', ISSUER, '--trusted-root', otherRoot],
      '.sig: certificate not valid at the log time or not from the trusted root (Failed to verify certificate chain)',
    ],
    ['legacy-kl-evil', 'a legacy .sig by another identity', () => keyless(), `wrong identity: signed by ${EVIL}`],
    ['legacy-kl-set', 'a legacy .sig with a forged SET', () => keyless(), 'log SET invalid'],
    ['kl-good', 'a key policy for a keyless signature', () => ['--verify-key', pubFile, '--trusted-root', root], 'wrong key: referrer sha256:'],
  ])('%s refused, %s (exit 3, nothing written)', async (name, _why, flags, reason) => {
    const r = await bundleOne(name, flags());
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain(`image acme.example/team/${name}:1.0: signature policy "**" (command line) refused it:`);
    expect(r.stderr).toContain(reason);
    expect(existsSync(r.out)).toBe(false);
  });

  it('minAge and require: attested from airgap.yaml', async () => {
    const spec = join(work, 'airgap.yaml');
    const entry = (match: string, extra: string) =>
      [`    - match: ${match}`, `      keyless: { issuer: "${ISSUER}", subject: "${ME}" }`, `      ${extra}`].join('\n');
    await writeFile(
      spec,
      [
        'signatures:',
        `  trustedRoot: ${root}`,
        '  policy:',
        entry('"**/kl-attested"', 'require: attested'),
        entry('"**/kl-good-too"', 'require: attested'),
        entry('"**"', 'minAge: 2d'),
        '',
      ].join('\n'),
    );
    // three days on (only the clock moves: the signatures were logged now)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 86400_000);
    try {
      const ok = await runCli(
        [
          'bundle',
          '--spec',
          spec,
          '--image',
          'acme.example/team/kl-good:1.0',
          '--image',
          'acme.example/team/kl-attested:1.0',
          ...mirror(),
          '-o',
          join(work, 'aged.tar'),
        ],
        env(),
      );
      expect(ok.exitCode, ok.stderr).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    const young = await runCli(['bundle', '--spec', spec, '--image', 'acme.example/team/kl-good:1.0', ...mirror(), '-o', join(work, 'young.tar')], env());
    expect(young.exitCode).toBe(3);
    expect(young.stderr).toContain('too young: minAge is 172800s');
    await writeFile(spec, ['signatures:', `  trustedRoot: ${root}`, '  policy:', entry('"**"', 'require: attested'), ''].join('\n'));
    const plain = await runCli(['bundle', '--spec', spec, '--image', 'acme.example/team/kl-good:1.0', ...mirror(), '-o', join(work, 'att.tar')], env());
    expect(plain.exitCode).toBe(3);
    expect(plain.stderr).toContain('signed but not attested');
  });

  it('offline: verify --signatures checks the keyless signature from the bundle alone; another trusted root refuses it', async () => {
    const r = await bundleOne('kl-good', keyless());
    expect(r.exitCode, r.stderr).toBe(0);
    const v = await runCli(['verify', '--signatures', r.out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`VERIFIED  image acme.example/team/kl-good:1.0@${digest['kl-good']}  signed by ${ME} (${ISSUER})`);
    const other = await runCli(['verify', '--signatures', r.out, '--trusted-root', otherRoot], env());
    expect(other.exitCode).toBe(3);
    expect(other.stdout).toContain('REFUSED');
  });
});

describe('an OCI chart signed keyless, as a Sigstore bundle referrer', () => {
  it("its manifest's signature is checked as an image's: identity and log time in charts[].signatures, checked again offline; another identity refused", async () => {
    const host = src.registry.host;
    const good = await pushTinyChart(host, 'charts/kl', 'kl', '1.0.0', work);
    const evil = await pushTinyChart(host, 'charts/kl', 'kl', '2.0.0', work);
    await pushSigstoreReferrers(host, 'charts/kl', good, [await keylessBundle(mock, statement(good.digest), ME, ISSUER)]);
    await pushSigstoreReferrers(host, 'charts/kl', evil, [await keylessBundle(mock, statement(evil.digest), EVIL, ISSUER)]);
    const out = join(work, 'kl-chart.tar');
    const r = await runCli(['bundle', `oci://${host}/charts/kl`, '--version', '1.0.0', ...keyless(), '-o', out], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const chart = (await readBundleLock(out)).charts[0]!;
    expect(chart.signatures).toEqual([
      expect.objectContaining({ format: 'sigstore-bundle', identity: ME, issuer: ISSUER, signedDigest: good.digest, policy: '**' }),
    ]);
    expect(chart.artifacts!.map((a) => a.digest)).toContain(chart.signatures![0]!.digest);
    const v = await runCli(['verify', '--signatures', out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`VERIFIED  chart kl:1.0.0@${chart.digest}  signed by ${ME} (${ISSUER})`);
    const bad = await runCli(['bundle', `oci://${host}/charts/kl`, '--version', '2.0.0', ...keyless(), '-o', join(work, 'kl-evil.tar')], env());
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain(`chart kl 2.0.0: signature policy "**" (command line) refused it:`);
    expect(bad.stderr).toContain(`wrong identity: signed by ${EVIL}`);
    expect(existsSync(join(work, 'kl-evil.tar'))).toBe(false);
  });
});
