// Keyless signatures made by Sigstore's public-good instance (production Fulcio, CT log and Rekor),
// kept as test data by other projects (fixtures/sigstore-public-good, origins in its README), checked
// offline against the trusted root that came with them, through the code bundle and verify
// --signatures run: a policy with the certificate's identity and issuer. Nobody here made them, so a
// refusal of one is a bug of ours, not of the fixture.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { checkSignatures, loadCarriedPolicy } from '../../src/trust/check-signatures.js';
import type { KeylessIdentity } from '../../src/bundle/signature-policy.js';
import { readBundleLock } from '../../src/bundle/open.js';
import type { Descriptor } from '../../src/oci/content.js';
import { SIGSTORE_BUNDLE_TYPE } from '../../src/trust/sigstore-referrer.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { putBlob, putManifest, sha256 } from '../support/raw-push.js';
import { pushSigManifest } from '../support/cosign-sign.js';
import { pushSigstoreReferrers } from '../support/sigstore-mock.js';
import { runCli } from './run-cli.js';

const DIR = join(import.meta.dirname, '../../fixtures/sigstore-public-good');
const GITHUB_OAUTH = 'https://github.com/login/oauth';
const SIGNER = { subject: 'mitr@redhat.com', issuer: GITHUB_OAUTH };
const ATTESTER = { subject: 'cody@soyland.com', issuer: GITHUB_OAUTH };
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
let registry: RunningRegistry;
let work: string;
let rootText: string;

/** The trusted root with some of its parts dropped (a root without that CA or log). */
async function rootWithout(part: 'certificateAuthorities' | 'tlogs' | 'ctlogs'): Promise<string> {
  const file = join(work, `without-${part}.json`);
  await writeFile(file, JSON.stringify({ ...JSON.parse(rootText), [part]: [] }));
  return file;
}

/** go-containerregistry's empty image as it writes it (key order included), with `layers` added. */
async function pushEmptyImage(repo: string, layers: Buffer[] = []): Promise<{ mediaType: string; digest: string; size: number }> {
  const config = await putBlob(
    registry.host,
    repo,
    Buffer.from('{"architecture":"","created":"0001-01-01T00:00:00Z","os":"","rootfs":{"type":"layers","diff_ids":null},"config":{}}'),
  );
  const descriptors = [];
  for (const l of layers) descriptors.push({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...(await putBlob(registry.host, repo, l)) });
  return putManifest(registry.host, repo, '1.0', DOCKER_V2, {
    schemaVersion: 2,
    mediaType: DOCKER_V2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.size, digest: config.digest },
    layers: descriptors,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-public-good-'));
  rootText = await readFile(join(DIR, 'trusted_root.json'), 'utf8');
  registry = await startRegistry();
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("cosign legacy keyless .sig (containers/image's fixture, public-good Fulcio and Rekor, January 2023)", () => {
  const REPO = 'cosign-signed/fulcio-rekor-1';
  let imageDigest: string;
  let payload: Buffer;
  let annotations: Record<string, string>;

  beforeAll(async () => {
    // the signed image's manifest is in the data: its digest is the one the payload names
    imageDigest = sha256(await readFile(join(DIR, 'cosign-legacy-keyless/manifest.json')));
    // containers/image keeps a signature as "\0sigstore-json\n" and {mimeType, payload, annotations}
    const raw = await readFile(join(DIR, 'cosign-legacy-keyless/signature-1'));
    const prefix = Buffer.from('\0sigstore-json\n');
    expect(raw.subarray(0, prefix.length)).toEqual(prefix);
    const sig = JSON.parse(raw.subarray(prefix.length).toString('utf8')) as { mimeType: string; payload: string; annotations: Record<string, string> };
    expect(sig.mimeType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    payload = Buffer.from(sig.payload, 'base64');
    annotations = sig.annotations;
  });

  /** Pushes a .sig of `body` with the fixture's annotations beside `digest`, and checks it as bundle does. */
  const check = async (o: { identity?: KeylessIdentity; trustedRoot?: string; digest?: string; body?: Buffer; repo?: string } = {}) => {
    const repo = o.repo ?? REPO;
    const digest = o.digest ?? imageDigest;
    await pushSigManifest(registry.host, repo, digest, o.body ?? payload, annotations);
    // read back from the registry by our own client: the store the check reads is the registry
    const remote = new RegistryClient().repository(`${registry.host}/${repo}`);
    const tag = `${digest.replace(':', '-')}.sig`;
    const policy = await loadCarriedPolicy({
      entries: [{ match: '**', keyless: o.identity ?? SIGNER, require: 'signed', origin: 'test' }],
      keys: {},
      trustedRoot: o.trustedRoot ? await readFile(o.trustedRoot, 'utf8') : rootText,
    });
    const s = { what: `image ${repo}`, ref: `example.test/${repo}`, digest, artifacts: [{ root: await remote.resolve(tag), tag }] };
    return checkSignatures(s, remote, policy, new Date());
  };

  it('verifies: the certificate chains to the public-good CA at the log time, its SCT, the Rekor SET, the identity and issuer', async () => {
    const [sig] = (await check())!;
    expect(sig).toMatchObject({ format: 'cosign-tag', identity: SIGNER.subject, issuer: GITHUB_OAUTH, policy: '**' });
    expect(sig!.integratedTime!.slice(0, 10)).toBe('2023-01-20');
    expect(sig!.logIndex).toBe(JSON.parse(annotations['dev.sigstore.cosign/bundle']!).Payload.logIndex);
  });

  it('refuses another identity and another issuer', async () => {
    await expect(check({ identity: { ...SIGNER, subject: 'someone@example.com' } })).rejects.toThrow(
      'wrong identity: signed by mitr@redhat.com, the policy wants someone@example.com',
    );
    await expect(check({ identity: { ...SIGNER, issuer: 'https://accounts.google.com' } })).rejects.toThrow(
      `wrong identity: issued by ${GITHUB_OAUTH}, the policy wants https://accounts.google.com`,
    );
  });

  it('refuses the signature beside another image, and a payload changed by one byte', async () => {
    const other = sha256('another image');
    await expect(check({ digest: other })).rejects.toThrow(`digest mismatch: the signature is for ${imageDigest}, the image is ${other}`);
    const changed = Buffer.from(payload.toString('utf8').replace('fulcio-rekor-1', 'fulcio-rekor-2'));
    await expect(check({ body: changed, repo: 'cosign-signed/changed' })).rejects.toThrow('the log entry is not about this signature (digest mismatch)');
  });

  it('refuses under a trusted root without the Fulcio CA, without the Rekor log, without the CT log', async () => {
    await expect(check({ trustedRoot: await rootWithout('certificateAuthorities') })).rejects.toThrow(
      'certificate not valid at the log time or not from the trusted root',
    );
    await expect(check({ trustedRoot: await rootWithout('tlogs') })).rejects.toThrow('log SET invalid');
    await expect(check({ trustedRoot: await rootWithout('ctlogs') })).rejects.toThrow('(SCT verification failed)');
  });
});

describe("Sigstore bundle v0.3 of an OCI attestation (cosign's fixture, public-good Fulcio and Rekor, February 2025)", () => {
  const REPO = 'public.example/empty';
  const IMAGE = `${REPO}:1.0`;
  let subject: { mediaType: string; digest: string; size: number };
  let bundle: { dsseEnvelope: { payload: string } };
  const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
  const mirror = () => ['--mirror', `public.example=${registry.host}/public.example`];
  const keyless = (who: KeylessIdentity = ATTESTER) => ['--certificate-identity', who.subject!, '--certificate-oidc-issuer', who.issuer!];
  const bundleOne = (image: string, flags: string[]) => {
    const out = join(work, `${Math.random().toString(36).slice(2)}.tar`);
    return runCli(['bundle', '--image', image, ...mirror(), ...flags, '-o', out], env()).then((r) => ({ ...r, out }));
  };

  beforeAll(async () => {
    bundle = JSON.parse(await readFile(join(DIR, 'oci-attestation.sigstore.json'), 'utf8'));
    // cosign's test attested go-containerregistry's empty image (no layers, an empty config),
    // which rebuilt here has the digest the statement names
    subject = await pushEmptyImage(REPO);
    const named = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')).subject[0].digest.sha256;
    expect(subject.digest).toBe(`sha256:${named}`);
    await pushSigstoreReferrers(registry.host, REPO, subject, [bundle]);
  });

  it('bundle: verified by identity and issuer against the trusted root, evidence in the lock; verify --signatures checks it again offline', async () => {
    const r = await bundleOne(IMAGE, [...keyless(), '--trusted-root', join(DIR, 'trusted_root.json')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const [sig] = (await readBundleLock(r.out)).images[0]!.signatures!;
    expect(sig).toMatchObject({ format: 'sigstore-bundle', identity: ATTESTER.subject, issuer: GITHUB_OAUTH, integratedTime: '2025-02-28T19:18:11.000Z' });
    expect(sig!.logIndex).toBe(
      Number((bundle as unknown as { verificationMaterial: { tlogEntries: { logIndex: string }[] } }).verificationMaterial.tlogEntries[0]!.logIndex),
    );
    const v = await runCli(['verify', '--signatures', r.out], env());
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`VERIFIED  image ${IMAGE}@${subject.digest}  signed by ${ATTESTER.subject} (${GITHUB_OAUTH})`);
    const noCa = await runCli(['verify', '--signatures', r.out, '--trusted-root', await rootWithout('certificateAuthorities')], env());
    expect(noCa.exitCode).toBe(3);
    expect(noCa.stdout).toContain('REFUSED');
  });

  it.each([
    [
      'another identity',
      () => [...keyless({ ...ATTESTER, subject: 'mitr@redhat.com' }), '--trusted-root', join(DIR, 'trusted_root.json')],
      `wrong identity: signed by ${ATTESTER.subject}, the policy wants mitr@redhat.com`,
    ],
    [
      'another issuer',
      () => [...keyless({ ...ATTESTER, issuer: 'https://accounts.google.com' }), '--trusted-root', join(DIR, 'trusted_root.json')],
      `wrong identity: issued by ${GITHUB_OAUTH}`,
    ],
  ])('bundle refuses %s (exit 3, nothing bundled)', async (_what, flags, reason) => {
    const r = await bundleOne(IMAGE, flags());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(reason);
  });

  it('bundle refuses it under a trusted root without the Fulcio CA, without the Rekor log', async () => {
    for (const [part, reason] of [
      ['certificateAuthorities', 'certificate not valid at the log time or not from the trusted root'],
      ['tlogs', 'log SET invalid'],
    ] as const) {
      const r = await bundleOne(IMAGE, [...keyless(), '--trusted-root', await rootWithout(part)]);
      expect(r.exitCode, part).toBe(3);
      expect(r.stderr).toContain(reason);
    }
  });

  it('bundle refuses the bundle attached to another image, and a statement changed by one byte', async () => {
    const flags = [...keyless(), '--trusted-root', join(DIR, 'trusted_root.json')];
    // another image: the empty one with a layer more
    const other = await pushEmptyImage('public.example/other', [Buffer.from('another image')]);
    await pushSigstoreReferrers(registry.host, 'public.example/other', other, [bundle]);
    const moved = await bundleOne('public.example/other:1.0', flags);
    expect(moved.exitCode).toBe(3);
    expect(moved.stderr).toContain(`digest mismatch: the statement in`);
    // the statement's predicate edited, its subject kept: the signature no longer covers it
    const statement = Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8').replace('"foo', '"fop');
    const edited = { ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(statement).toString('base64') } };
    const same = await pushEmptyImage('public.example/edited');
    expect(same.digest).toBe(subject.digest);
    await pushSigstoreReferrers(registry.host, 'public.example/edited', same, [edited]);
    const r = await bundleOne('public.example/edited:1.0', flags);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the log entry is not about this signature (DSSE payload hash mismatch)');
  });
});

describe("Sigstore bundle v0.3, a DSSE statement signed in GitHub Actions (sigstore-conformance's production happy path, December 2024)", () => {
  const REPO = 'conformance/a';
  const WORKFLOW =
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
  const ACTIONS = 'https://token.actions.githubusercontent.com';
  let digest: string;
  let referrer: Descriptor;

  beforeAll(async () => {
    // the statement is about a.txt, a file: the bundle is attached as a referrer of its digest
    const file = await readFile(join(DIR, 'conformance-intoto-in-dsse-v3/a.txt'));
    digest = sha256(file);
    const bundle = JSON.parse(await readFile(join(DIR, 'conformance-intoto-in-dsse-v3/bundle.sigstore.json'), 'utf8'));
    const [d] = await pushSigstoreReferrers(registry.host, REPO, { mediaType: 'text/plain', digest, size: file.length }, [bundle]);
    referrer = { ...(await new RegistryClient().repository(`${registry.host}/${REPO}`).resolve(d!)), artifactType: SIGSTORE_BUNDLE_TYPE };
  });

  const check = async (o: { identity?: KeylessIdentity; trustedRoot?: string; digest?: string } = {}) => {
    const policy = await loadCarriedPolicy({
      entries: [{ match: '**', keyless: o.identity ?? { subject: WORKFLOW, issuer: ACTIONS }, require: 'attested', origin: 'test' }],
      keys: {},
      trustedRoot: o.trustedRoot ? await readFile(o.trustedRoot, 'utf8') : rootText,
    });
    const remote = new RegistryClient().repository(`${registry.host}/${REPO}`);
    return checkSignatures(
      { what: 'file a.txt', ref: `example.test/${REPO}`, digest: o.digest ?? digest, artifacts: [{ root: referrer }] },
      remote,
      policy,
      new Date(),
    );
  };

  it('verifies: the workflow identity and the Actions issuer, an SLSA provenance attestation, logged in Rekor', async () => {
    const [sig] = (await check())!;
    expect(sig).toMatchObject({
      format: 'sigstore-bundle',
      identity: WORKFLOW,
      issuer: ACTIONS,
      integratedTime: '2024-12-16T18:42:56.000Z',
      logIndex: 155690850,
    });
  });

  it('refuses another workflow, another issuer, another digest, a trusted root without the CA or the log', async () => {
    await expect(check({ identity: { subjectRegex: '^https://github\\.com/acme/', issuer: ACTIONS } })).rejects.toThrow(
      `wrong identity: signed by ${WORKFLOW}, the policy wants /^https://github\\.com/acme//`,
    );
    await expect(check({ identity: { subject: WORKFLOW, issuer: GITHUB_OAUTH } })).rejects.toThrow(`wrong identity: issued by ${ACTIONS}`);
    await expect(check({ digest: sha256('another file') })).rejects.toThrow('digest mismatch: the statement in');
    await expect(check({ trustedRoot: await rootWithout('certificateAuthorities') })).rejects.toThrow(
      'certificate not valid at the log time or not from the trusted root',
    );
    await expect(check({ trustedRoot: await rootWithout('tlogs') })).rejects.toThrow(/log (proof|SET) invalid/);
  });
});
