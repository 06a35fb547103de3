// Signature verification at bundle time, cosign's legacy .sig format: images in a real
// docker-registry, signed by openssl in cosign's exact layout. Each refusal names the image, the
// policy entry and the reason, exits 3 and leaves no bundle; what passes leaves its evidence
// (key fingerprint, signature manifest digest) and the policy with its key in the lock.
import { chmod, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { rebind } from '../support/lock-edit.js';
import { runCli } from './run-cli.js';
import { plainHttp, startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { execFileSync } from 'node:child_process';
import { opensslKey, pushCosignAttestation, pushCosignSignature, type KeyKind, type TestKey } from '../support/cosign-sign.js';

const KINDS: KeyKind[] = ['p256', 'p384', 'ed25519', 'rsa'];
let src: SeededSource;
let dst: RunningRegistry;
let work: string;
const keys: Record<string, TestKey> = {};
const digest: Record<string, string> = {};
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];
const fingerprint = (pub: string) =>
  `sha256:${createHash('sha256')
    .update(createPublicKey(pub).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-sigs-'));
  const names = [...KINDS.map((k) => `signed-${k}`), 'other-key', 'wrong-digest', 'unsigned', 'multi', 'hostile', 'flooded'];
  src = await startSeededSource(
    names.map((n) => ({
      name: `acme.example/team/${n}`,
      tag: '1.0',
      layers: [{ seed: n, size: 2_000 }],
      ...(n === 'multi' ? { platforms: ['linux/amd64', 'linux/arm64'] } : {}),
    })),
  );
  for (const [i, n] of names.entries()) digest[n] = src.images[i]!.digest;
  dst = await startRegistry();
  for (const k of KINDS) keys[k] = opensslKey(work, k, k);
  keys.other = opensslKey(work, 'other', 'p256');
  const host = src.registry.host;
  const sign = (n: string, key: TestKey, signedDigest?: string) =>
    pushCosignSignature({ host, repo: `acme.example/team/${n}`, tagDigest: digest[n]!, key, dir: work, ...(signedDigest ? { signedDigest } : {}) });
  for (const k of KINDS) await sign(`signed-${k}`, keys[k]!);
  await sign('other-key', keys.other);
  await sign('wrong-digest', keys.p256!, digest['signed-p256']);
  await sign('multi', keys.p256!);
  await pushCosignAttestation({
    host,
    repo: 'acme.example/team/signed-p256',
    digest: digest['signed-p256']!,
    key: keys.p256!,
    dir: work,
    predicateType: 'https://slsa.dev/provenance/v1',
  });
});

afterAll(async () => {
  await src?.stop();
  await dst?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('bundle --verify-key (cosign .sig tag)', () => {
  it.each(KINDS)('a %s key: the image is bundled with its evidence, the policy and key in the lock', async (kind) => {
    const out = join(work, `ok-${kind}.tar`);
    const r = await runCli(
      ['bundle', '--image', `acme.example/team/signed-${kind}:1.0`, ...mirror(), '--verify-key', keys[kind]!.publicFile, '-o', out],
      env(),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(out);
    const pub = await readFile(keys[kind]!.publicFile, 'utf8');
    const img = lock.images[0]!;
    expect(img.signatures).toEqual([
      { format: 'cosign-tag', digest: img.artifacts!.find((a) => a.tag?.endsWith('.sig'))!.digest, keyFingerprint: fingerprint(pub), policy: '**' },
    ]);
    expect(lock.signaturePolicy!.entries).toEqual([{ match: '**', key: fingerprint(pub), require: 'signed', origin: 'command line' }]);
    expect(createPublicKey(lock.signaturePolicy!.keys[fingerprint(pub)]!).export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(pub).export({ type: 'spki', format: 'pem' }),
    );
  });

  it('an index: its signature (over the index digest) covers every platform child', async () => {
    const out = join(work, 'multi.tar');
    const r = await runCli(['bundle', '--image', 'acme.example/team/multi:1.0', ...mirror(), '--verify-key', keys.p256!.publicFile, '-o', out], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const img = (await readBundleLock(out)).images[0]!;
    expect(img.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.stdout).toContain(`acme.example/team/multi:1.0  ${img.digest.slice(0, 19)}`);
    expect(r.stdout).toContain(`signed by ${img.signatures![0]!.keyFingerprint}`);
    expect(img.signatures?.[0]?.format).toBe('cosign-tag');
  });

  it.each([
    ['other-key', /wrong key: the signature over payload sha256:[0-9a-f]{64} does not verify with sha256:/],
    ['wrong-digest', /digest mismatch: the signature is for sha256:[0-9a-f]{64}, the image is sha256:/],
    ['unsigned', /no signature: neither a sha256-<hex>\.sig tag nor a Sigstore bundle referrer/],
  ])('%s: refused with exit 3 naming the image, the entry and why; no bundle written', async (name, reason) => {
    const out = join(work, `bad-${name}.tar`);
    const r = await runCli(['bundle', '--image', `acme.example/team/${name}:1.0`, ...mirror(), '--verify-key', keys.p256!.publicFile, '-o', out], env());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`image acme.example/team/${name}:1.0: signature policy "**" (command line) refused it:`);
    expect(r.stderr).toMatch(reason);
    expect(existsSync(out)).toBe(false);
  });

  it('--keep-going bundles the rest and leaves the refused image out of the bundle', async () => {
    const out = join(work, 'partial.tar');
    const r = await runCli(
      [
        'bundle',
        '--image',
        'acme.example/team/signed-p256:1.0',
        '--image',
        'acme.example/team/other-key:1.0',
        ...mirror(),
        '--verify-key',
        keys.p256!.publicFile,
        '--keep-going',
        '-o',
        out,
      ],
      env(),
    );
    expect(r.exitCode).toBe(3);
    expect((await readBundleLock(out)).images.map((i) => i.ref)).toEqual(['acme.example/team/signed-p256:1.0']);
  });
});

describe('airgap.yaml signatures: per repository glob', () => {
  it('the first matching entry decides: none for one repository, a key for the rest; keys relative to the spec', async () => {
    const dir = await mkdtemp(join(work, 'spec-'));
    await writeFile(join(dir, 'team.pub'), await readFile(keys.p256!.publicFile));
    await writeFile(
      join(dir, 'airgap.yaml'),
      [
        'images: [acme.example/team/unsigned:1.0, acme.example/team/signed-p256:1.0]',
        'signatures:',
        '  policy:',
        '    - match: acme.example/team/unsigned',
        '      require: none',
        '    - match: "acme.example/team/**"',
        '      key: team.pub',
        '',
      ].join('\n'),
    );
    const out = join(work, 'spec.tar');
    const r = await runCli(['bundle', '--spec', join(dir, 'airgap.yaml'), ...mirror(), '-o', out], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(out);
    expect(lock.images.map((i) => [i.ref, i.signatures?.length ?? 0])).toEqual([
      ['acme.example/team/signed-p256:1.0', 1],
      ['acme.example/team/unsigned:1.0', 0],
    ]);
    expect(lock.signaturePolicy!.entries.map((e) => [e.match, e.require, e.origin.replace(dir, 'DIR')])).toEqual([
      ['acme.example/team/unsigned', 'none', 'DIR/airgap.yaml:4'],
      ['acme.example/team/**', 'signed', 'DIR/airgap.yaml:6'],
    ]);
  });

  it('a KMS with no client here, or a malformed awskms:// URI, is refused by name with a next step; a bad entry names its line', async () => {
    const kms = await runCli(
      [
        'bundle',
        '--image',
        'acme.example/team/signed-p256:1.0',
        ...mirror(),
        '--verify-key',
        'gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k',
        '-o',
        join(work, 'kms.tar'),
      ],
      env(),
    );
    expect(kms.exitCode).toBe(2);
    expect(kms.stderr).toContain('key gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k: this KMS is not supported');
    expect(kms.stderr).toContain('cosign public-key --key');
    const malformed = await runCli(
      [
        'bundle',
        '--image',
        'acme.example/team/signed-p256:1.0',
        ...mirror(),
        '--verify-key',
        'awskms:///arn:aws:kms:eu-west-1:1:key/x',
        '-o',
        join(work, 'kms.tar'),
      ],
      env(),
    );
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('--verify-key awskms:///arn:aws:kms:eu-west-1:1:key/x: not an AWS KMS key URI');
    expect(malformed.stderr).toContain('next: write awskms:///arn:aws:kms:REGION:ACCOUNT:key/ID');
    const dir = await mkdtemp(join(work, 'bad-spec-'));
    await writeFile(join(dir, 'airgap.yaml'), 'images: [a/b:1]\nsignatures:\n  policy:\n    - match: "**"\n      require: sometimes\n');
    const bad = await runCli(['bundle', '--spec', join(dir, 'airgap.yaml'), '-o', join(work, 'x.tar')], env());
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('airgap.yaml:4: require must be signed, attested or none, not "sometimes"');
  });
});

describe('offline re-verification on the isolated side', () => {
  let good: string;
  let edited: string;
  beforeAll(async () => {
    good = join(work, 'carry.tar');
    const r = await runCli(
      [
        'bundle',
        '--image',
        'acme.example/team/signed-p256:1.0',
        '--image',
        'acme.example/team/multi:1.0',
        ...mirror(),
        '--verify-key',
        keys.p256!.publicFile,
        '-o',
        good,
      ],
      env(),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    // the lock edited in transit: the policy's key swapped for another (its signatures no longer verify)
    edited = join(work, 'edited');
    execFileSync('mkdir', ['-p', edited]);
    execFileSync('tar', ['-xf', good, '-C', edited]);
    const lockFile = join(edited, 'airgap-lock.json');
    const lock = JSON.parse(await readFile(lockFile, 'utf8'));
    const other = await readFile(keys.other!.publicFile, 'utf8');
    lock.signaturePolicy.keys = { [fingerprint(other)]: other };
    lock.signaturePolicy.entries[0].key = fingerprint(other);
    await writeFile(lockFile, JSON.stringify(lock, null, 2));
  });

  it('a lock edited alone is refused by its binding to index.json', async () => {
    const v = await runCli(['verify', '--signatures', edited], env());
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toContain('the lock was edited');
    // the attacker rebinds index.json too: the signatures themselves must catch it (below)
    await rebind(edited);
  });

  it('verify --signatures re-checks every carried signature with no registry at all', async () => {
    const r = await runCli(['verify', '--signatures', good, '-o', 'json'], { ...env(), HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1' });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      items: { ref: string; status: string; signatures: { keyFingerprint: string }[] }[];
      totals: Record<string, number>;
    };
    expect(report.totals).toEqual({ verified: 2, refused: 0, notRequired: 0 });
    const pub = await readFile(keys.p256!.publicFile, 'utf8');
    expect(report.items.map((i) => i.signatures[0]!.keyFingerprint)).toEqual([fingerprint(pub), fingerprint(pub)]);
  });

  it('a lock edited in transit: verify --signatures and push --verify-signatures refuse it (exit 3), nothing pushed', async () => {
    const v = await runCli(['verify', '--signatures', edited], env());
    expect(v.exitCode).toBe(3);
    expect(v.stdout).toMatch(/REFUSED {2}image acme\.example\/team\/signed-p256:1\.0@sha256:[0-9a-f]{64}: .*wrong key/);
    const p = await runCli(['push', edited, '--registry', `${dst.host}/m`, '--verify-signatures', '--trust-carried-keys'], env());
    expect(p.exitCode).toBe(3);
    expect(p.stderr).toContain('2 item(s) fail the carried signature policy');
    expect(p.stderr).toContain('nothing was pushed');
    expect(JSON.parse((await plainHttp(dst.host, 'GET', '/v2/_catalog')).body)).toEqual({ repositories: [] });
    const ok = await runCli(['push', good, '--registry', `${dst.host}/m`, '--verify-signatures', '--trust-carried-keys'], env());
    expect(ok.exitCode, ok.stderr).toBe(0);
  });

  describe('what vouches for the carried keys is said, and nothing is implied (the built CLI)', () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const cli = (args: string[], extra: Record<string, string> = {}) =>
      execa(bin, args, { reject: false, env: { ...env(), ...extra }, timeout: 120_000, killSignal: 'SIGKILL', stdin: 'ignore' });
    let signed: string;
    let builder: TestKey;
    beforeAll(async () => {
      builder = opensslKey(work, 'builder', 'p256');
      await chmod(builder.privateFile, 0o600);
      signed = join(work, 'carry-signed.tar');
      const r = await cli([
        'bundle',
        '--image',
        'acme.example/team/signed-p256:1.0',
        '--image',
        'acme.example/team/multi:1.0',
        ...mirror(),
        '--verify-key',
        keys.p256!.publicFile,
        '--sign-key',
        builder.privateFile,
        '-o',
        signed,
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
    });

    it('push --verify-signatures with no --key (nor $HELM_AIRGAP_BUNDLE_KEY) is refused, exit 3, nothing pushed', async () => {
      const r = await cli(['push', signed, '--registry', `${dst.host}/tofu`, '--verify-signatures']);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toContain('nothing given in this run vouches for them (no --key, no $HELM_AIRGAP_BUNDLE_KEY): nothing was pushed');
      expect(r.stderr).toMatch(/next: give --key builder\.pub .* or add --trust-carried-keys/);
      const catalog = JSON.parse((await plainHttp(dst.host, 'GET', '/v2/_catalog')).body) as { repositories: string[] };
      expect(catalog.repositories.filter((n) => n.startsWith('tofu/'))).toEqual([]);
    });

    it('with --key: the signer, and per image the policy entry and key that verified each signature, in -o json and text', async () => {
      const r = await cli(['-o', 'json', 'push', signed, '--registry', `${dst.host}/keyed`, '--verify-signatures', '--key', builder.publicFile]);
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as {
        signature: { signer: string };
        imageSignatures: {
          carriedKeys: { by: string; signer: string };
          totals: Record<string, number>;
          items: { ref: string; status: string; signatures: { policy: string; keyFingerprint: string; format: string }[] }[];
        };
      };
      const signer = fingerprint(await readFile(builder.publicFile, 'utf8'));
      expect(report.signature.signer).toBe(signer);
      expect(report.imageSignatures.carriedKeys).toEqual({ by: 'bundle-signature', signer, keyFile: builder.publicFile });
      expect(report.imageSignatures.totals).toEqual({ verified: 2, refused: 0, notRequired: 0 });
      const team = fingerprint(await readFile(keys.p256!.publicFile, 'utf8'));
      expect(report.imageSignatures.items.map((i) => [i.ref, i.status, i.signatures.map((s) => [s.policy, s.keyFingerprint])])).toEqual([
        ['acme.example/team/multi:1.0', 'verified', [['**', team]]],
        ['acme.example/team/signed-p256:1.0', 'verified', [['**', team]]],
      ]);
      const text = await cli(['push', signed, '--registry', `${dst.host}/keyed`, '--verify-signatures', '--key', builder.publicFile]);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toContain(`bundle signed by ${signer}`);
      expect(text.stdout).toContain(`VERIFIED  image acme.example/team/signed-p256:1.0@${digest['signed-p256']}  signed by ${team} [policy "**", cosign-tag]`);
      expect(text.stdout).toContain('2 verified, 0 refused, 0 not required by the policy');
      expect(text.stdout).toContain(`policy and keys: as the bundle carries them, vouched for by its signature by ${signer}`);
    });

    it('--trust-carried-keys runs the check and says the keys were trusted on first use; without --key push says the signature was not checked', async () => {
      const r = await cli(['push', signed, '--registry', `${dst.host}/tofu`, '--verify-signatures', '--trust-carried-keys']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('bundle signature not checked: no --key');
      expect(r.stdout).toContain('TRUSTED ON FIRST USE (--trust-carried-keys): nothing in this run authenticated them');
    });

    it('verify --signatures says when nothing vouched for the carried keys, and checks the bundle signature with --key', async () => {
      const none = await cli(['verify', '--signatures', signed]);
      expect(none.exitCode, none.stderr).toBe(0);
      expect(none.stdout).toContain('NOT AUTHENTICATED: the bundle signature was not checked');
      const keyed = await cli(['-o', 'json', 'verify', '--signatures', signed, '--key', builder.publicFile]);
      expect(keyed.exitCode, keyed.stderr).toBe(0);
      expect((JSON.parse(keyed.stdout) as { carriedKeys: { by: string } }).carriedKeys.by).toBe('bundle-signature');
      const wrong = await cli(['verify', '--signatures', signed, '--key', keys.other!.publicFile]);
      expect(wrong.exitCode).toBe(3);
      expect(wrong.stderr).toContain('signature check failed');
    });

    it('a --trusted-root on the isolated side that is a FIFO or /dev/zero is refused at once, naming it', async () => {
      const fifo = join(work, 'root-fifo.json');
      execFileSync('mkfifo', [fifo]);
      const zero = join(work, 'root-zero.json');
      await symlink('/dev/zero', zero);
      const v = await cli(['verify', '--signatures', signed, '--trusted-root', fifo]);
      expect(v.exitCode, v.stderr).toBe(2);
      expect(v.stderr).toContain(`--trusted-root ${fifo}: is a FIFO (named pipe), not a regular file: refused`);
      const p = await cli(['push', signed, '--key', builder.publicFile, '--registry', `${dst.host}/root`, '--verify-signatures', '--trusted-root', zero]);
      expect(p.exitCode, p.stderr).toBe(2);
      expect(p.stderr).toContain(`--trusted-root ${zero}: is a device, not a regular file: refused`);
    });

    it("push's help example of --verify-signatures gives --key", async () => {
      const r = await cli(['push', '--help']);
      expect(r.stdout).toMatch(/helm airgap push bundle\.tar --key builder\.pub .*--verify-signatures/);
      expect(r.stdout).not.toMatch(/^ {2}helm airgap push (?!.*--key).*--verify-signatures\s*$/m);
    });
  });

  it('a bundle made without a policy: verify --signatures says so (exit 3)', async () => {
    const plain = join(work, 'no-policy.tar');
    expect((await runCli(['bundle', '--image', 'acme.example/team/unsigned:1.0', ...mirror(), '-o', plain], env())).exitCode).toBe(0);
    const r = await runCli(['verify', '--signatures', plain], env());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the bundle carries no signature policy');
  });
});

describe('require: attested with cosign .att tags', () => {
  it('an image with a key-signed attestation passes with its evidence; one with only a signature is refused', async () => {
    const dir = await mkdtemp(join(work, 'att-'));
    await writeFile(join(dir, 'airgap.yaml'), `signatures:\n  policy:\n    - match: "**"\n      key: ${keys.p256!.publicFile}\n      require: attested\n`);
    const out = join(work, 'att.tar');
    const ok = await runCli(['bundle', '--spec', join(dir, 'airgap.yaml'), '--image', 'acme.example/team/signed-p256:1.0', ...mirror(), '-o', out], env());
    expect(ok.exitCode, ok.stderr).toBe(0);
    const img = (await readBundleLock(out)).images[0]!;
    expect(img.signatures).toEqual([
      expect.objectContaining({ format: 'cosign-attestation', digest: img.artifacts!.find((a) => a.tag?.endsWith('.att'))!.digest }),
    ]);
    expect((await runCli(['verify', '--signatures', out], env())).exitCode).toBe(0);
    const only = await runCli(
      ['bundle', '--spec', join(dir, 'airgap.yaml'), '--image', 'acme.example/team/multi:1.0', ...mirror(), '-o', join(work, 'att2.tar')],
      env(),
    );
    expect(only.exitCode).toBe(3);
    expect(only.stderr).toContain('signed but not attested');
  });
});

describe('hostile signature manifests', () => {
  it('a megabyte annotation is refused by its size, the image named, nothing bundled', async () => {
    const repo = 'acme.example/team/hostile';
    const { pushSigManifest, simpleSigningPayload } = await import('../support/cosign-sign.js');
    await pushSigManifest(src.registry.host, repo, digest.hostile!, simpleSigningPayload(repo, digest.hostile!), {
      'dev.cosignproject.cosign/signature': 'A'.repeat(1 << 20),
    });
    const out = join(work, 'huge.tar');
    const r = await runCli(['bundle', '--image', `${repo}:1.0`, ...mirror(), '--verify-key', keys.p256!.publicFile, '-o', out], env());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('(or one past 65536 bytes)');
    expect(existsSync(out)).toBe(false);
  });

  it('10,000 referrers on one image: refused by the bound on referrers read, the image and the count named, nothing bundled', async () => {
    const { putBlob, putManifest } = await import('../support/raw-push.js');
    const repo = 'acme.example/team/flooded';
    const host = src.registry.host;
    const config = await putBlob(host, repo, Buffer.from('{}'));
    const art = await putManifest(host, repo, 'flood-1', 'application/vnd.oci.image.manifest.v1+json', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.example.flood',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...config },
      layers: [],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest.flooded!, size: 1 },
    });
    // docker-registry 2.8 has no referrers API: the flood is its tag schema index (one entry
    // repeated: the registry checks each one exists, and the bound counts what is listed)
    const entry = { mediaType: art.mediaType, digest: art.digest, size: art.size, artifactType: 'application/vnd.example.flood' };
    await putManifest(host, repo, digest.flooded!.replace(':', '-'), 'application/vnd.oci.image.index.v1+json', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: Array.from({ length: 10_000 }, () => entry),
    });
    const out = join(work, 'flooded.tar');
    const started = Date.now();
    const r = await runCli(['bundle', '--image', `${repo}:1.0`, ...mirror(), '--verify-key', keys.p256!.publicFile, '-o', out], env());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/acme\.example\/team\/flooded@sha256:[0-9a-f]{64}: lists 10000 referrers, past the 1000 read per manifest: refused unread/);
    expect(r.stderr).toContain('next: someone attached a flood of artifacts to it');
    expect(existsSync(out)).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
