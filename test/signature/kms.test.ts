// awskms:// keys through the real @aws-sdk/client-kms, against the KMS stand-in (AWS JSON 1.1,
// SigV4 checked, signatures made by openssl over the digest the SDK sends): a policy key read
// once by GetPublicKey and carried as PEM, a bundle signed by KMS Sign that the exported public
// key and @sigstore/verify accept offline, and the ways a KMS can fail (denied, unreachable,
// silent) each a clear error naming the key.
import { execFileSync } from 'node:child_process';
import { createHash, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { kmsPublicKeyPem } from '../../src/ecr/kms.js';
import { runCli } from '../bundle/run-cli.js';
import { pushCosignSignature, type TestKey } from '../support/cosign-sign.js';
import { standinEnv } from '../support/ecr-standin/index.js';
import { startKmsStandin, type KmsStandin } from '../support/ecr-standin/kms.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

let kms: KmsStandin;
let src: SeededSource;
let dst: RunningRegistry;
let work: string;
let team: { arn: string; publicKey: KeyObject; privateFile: string };
let builder: { arn: string; publicKey: KeyObject; privateFile: string };
let rsa: { arn: string; publicKey: KeyObject; privateFile: string };
const digest: Record<string, string> = {};

const env = (extra: Record<string, string> = {}) => ({
  ...standinEnv(kms, work, { AWS_REGION: kms.region }),
  HELM_AIRGAP_CACHE: join(work, 'cache'),
  DOCKER_CONFIG: join(work, 'no-docker'),
  CI: 'true',
  ...extra,
});
const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];
const fingerprint = (k: KeyObject) =>
  `sha256:${createHash('sha256')
    .update(k.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
const exported = async (name: string, k: KeyObject) => {
  const file = join(work, `${name}.pub`);
  await writeFile(file, k.export({ type: 'spki', format: 'pem' }));
  return file;
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-kms-'));
  kms = await startKmsStandin();
  // the SDK's default credential chain reads this process's environment (the CLI runs in-process)
  for (const [k, v] of Object.entries(standinEnv(kms, work))) if (k.startsWith('AWS_')) vi.stubEnv(k, v);
  team = kms.createKey('ECC_NIST_P256', 'team');
  builder = kms.createKey('ECC_NIST_P256', 'builder');
  rsa = kms.createKey('RSA_2048');
  const names = ['by-team', 'by-other'];
  src = await startSeededSource(names.map((n) => ({ name: `acme.example/app/${n}`, tag: '1.0', layers: [{ seed: n, size: 1_000 }] })));
  for (const [i, n] of names.entries()) digest[n] = src.images[i]!.digest;
  dst = await startRegistry();
  // the image signed as `cosign sign --key awskms://…/alias/team` would sign it, with that key
  const teamKey: TestKey = { kind: 'p256', privateFile: team.privateFile, publicFile: await exported('team', team.publicKey) };
  const otherKey: TestKey = { kind: 'p256', privateFile: builder.privateFile, publicFile: await exported('builder', builder.publicKey) };
  const host = src.registry.host;
  await pushCosignSignature({ host, repo: 'acme.example/app/by-team', tagDigest: digest['by-team']!, key: teamKey, dir: work });
  await pushCosignSignature({ host, repo: 'acme.example/app/by-other', tagDigest: digest['by-other']!, key: otherKey, dir: work });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([kms?.stop(), src?.stop(), dst?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('--verify-key awskms://', () => {
  it('accepts an image its key signed: GetPublicKey once, the key carried in the lock as PEM', async () => {
    kms.calls.length = 0;
    const out = join(work, 'team.tar');
    const r = await runCli(
      ['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--verify-key', `awskms://${kms.host}/alias/team`, '-o', out],
      env(),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(kms.calls).toEqual([{ operation: 'GetPublicKey', keyId: 'alias/team', status: 200 }]);
    const lock = await readBundleLock(out);
    expect(lock.images[0]!.signatures![0]!.keyFingerprint).toBe(fingerprint(team.publicKey));
    expect(lock.signaturePolicy!.entries).toEqual([{ match: '**', key: fingerprint(team.publicKey), require: 'signed', origin: 'command line' }]);
    expect(lock.signaturePolicy!.keys[fingerprint(team.publicKey)]).toBe(team.publicKey.export({ type: 'spki', format: 'pem' }));
    // the isolated side re-checks it with no KMS at all (the stand-in is not asked again)
    const v = await runCli(['verify', out, '--signatures'], env());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(kms.calls).toHaveLength(1);
  });

  it('refuses an image signed by another key (exit 3, nothing written)', async () => {
    const out = join(work, 'other.tar');
    const r = await runCli(
      ['bundle', '--image', 'acme.example/app/by-other:1.0', ...mirror(), '--verify-key', `awskms://${kms.host}/alias/team`, '-o', out],
      env(),
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('image acme.example/app/by-other:1.0: signature policy "**" (command line) refused it:');
    expect(r.stderr).toMatch(/wrong key/);
    expect(existsSync(out)).toBe(false);
  });

  it('airgap.yaml key: awskms:///ARN, region from the ARN, the endpoint from AWS_ENDPOINT_URL_KMS', async () => {
    const dir = await mkdtemp(join(work, 'spec-'));
    const spec = join(dir, 'airgap.yaml');
    await writeFile(
      spec,
      ['images: [acme.example/app/by-team:1.0]', 'signatures:', '  policy:', '    - match: "acme.example/**"', `      key: awskms:///${team.arn}`, ''].join(
        '\n',
      ),
    );
    const out = join(work, 'spec.tar');
    const r = await runCli(['bundle', '--spec', spec, ...mirror(), '-o', out], env({ AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL_KMS: `http://${kms.host}` }));
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readBundleLock(out)).signaturePolicy!.entries[0]).toMatchObject({ key: fingerprint(team.publicKey), origin: `${spec}:4` });
  });

  it('AccessDenied: a clear error naming the key URI and what to allow, before any download', async () => {
    kms.denied.add('GetPublicKey');
    try {
      const uri = `awskms://${kms.host}/alias/team`;
      const r = await runCli(['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--verify-key', uri, '-o', join(work, 'denied.tar')], env());
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(`--verify-key ${uri}: KMS GetPublicKey: AccessDeniedException: User: arn:aws:sts::`);
      expect(r.stderr).toMatch(/next: .*kms:GetPublicKey and kms:Sign/);
      expect(r.stderr).not.toContain(kms.credentials.secretAccessKey);
      expect(r.stderr).not.toContain(kms.credentials.accessKeyId);
    } finally {
      kms.denied.clear();
    }
  });
});

/** @sigstore/verify's Verifier trusting one public key by the bundle's hint (no log, no timestamps). */
function sigstoreVerify(sigText: string, lock: Buffer, pub: KeyObject, keyDetails: string): void {
  const json = JSON.parse(sigText);
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
  const keys = {
    [json.verificationMaterial.publicKey.hint]: { rawBytes: pub.export({ type: 'spki', format: 'der' }), keyDetails, validFor: { start: new Date(0) } },
  };
  const verifier = new Verifier(toTrustMaterial(root as never, keys as never), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundleFromJSON(json), lock));
}

describe('--sign-key awskms://', () => {
  it('bundle signs the lock by KMS Sign (DIGEST); the exported public key and @sigstore/verify accept it offline', async () => {
    kms.calls.length = 0;
    const out = join(work, 'signed.tar');
    const r = await runCli(
      ['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--sign-key', `awskms:///${builder.arn}`, '-o', out],
      env({ AWS_ENDPOINT_URL_KMS: `http://${kms.host}` }),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(kms.calls.map((c) => c.operation)).toEqual(['GetPublicKey', 'Sign']);
    const dir = join(work, 'x-signed');
    await mkdir(dir);
    execFileSync('tar', ['-xf', out, '-C', dir]);
    const sigText = await readFile(join(dir, 'airgap-lock.sigstore.json'), 'utf8');
    const lock = await readFile(join(dir, 'airgap-lock.json'));
    expect(JSON.parse(sigText).verificationMaterial.publicKey.hint).toBe(fingerprint(builder.publicKey));
    sigstoreVerify(sigText, lock, builder.publicKey, 'PKIX_ECDSA_P256_SHA_256');
    expect(() => sigstoreVerify(sigText, Buffer.concat([lock, Buffer.from(' ')]), builder.publicKey, 'PKIX_ECDSA_P256_SHA_256')).toThrow();
    const p = await runCli(['push', out, '--key', await exported('builder-export', builder.publicKey), '--registry', `${dst.host}/kms`], env());
    expect(p.exitCode, p.stderr).toBe(0);
    expect(p.stdout).toContain(`bundle signed by ${fingerprint(builder.publicKey)}`);
    // a bundle signed by the KMS key is refused by another key's public half
    const other = await runCli(['push', out, '--key', await exported('team-export', team.publicKey), '--registry', `${dst.host}/other`], env());
    expect(other.exitCode).toBe(3);
  });

  it('sign BUNDLE --key awskms:// with an RSA key (RSASSA_PKCS1_V1_5_SHA_256) and a P-384 key (ECDSA_SHA_384), checked by the exported key', async () => {
    const folder = join(work, 'x-signed');
    const p384 = kms.createKey('ECC_NIST_P384');
    for (const [k, details] of [
      [rsa, 'PKIX_RSA_PKCS1V15_2048_SHA256'],
      [p384, 'PKIX_ECDSA_P384_SHA_384'],
    ] as const) {
      const r = await runCli(['sign', folder, '--key', `awskms://${kms.host}/${k.arn}`], env());
      expect(r.exitCode, r.stderr).toBe(0);
      const sigText = await readFile(join(folder, 'airgap-lock.sigstore.json'), 'utf8');
      sigstoreVerify(sigText, await readFile(join(folder, 'airgap-lock.json')), k.publicKey, details);
      const v = await runCli(['verify', folder, '--key', await exported(`sign-${details}`, k.publicKey), '--registry', `${dst.host}/kms`], env());
      expect(v.exitCode, v.stderr).toBe(0);
      const wrong = await runCli(['verify', folder, '--key', await exported('builder-export', builder.publicKey), '--registry', `${dst.host}/kms`], env());
      expect(wrong.exitCode).toBe(3);
      expect(wrong.stderr).toContain(`signed by another key (${fingerprint(k.publicKey)})`);
    }
  });

  it('the built CLI, its credentials from the environment through the SDK default chain: sign --key awskms:///ARN', async () => {
    const folder = join(work, 'x-signed');
    const bin = resolve(import.meta.dirname, '../../bin/helm-airgap');
    const r = await execa(bin, ['sign', folder, '--key', `awskms:///${builder.arn}`], {
      env: standinEnv(kms, work, { AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL_KMS: `http://${kms.host}` }),
      extendEnv: false,
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(kms.credentials.secretAccessKey);
    sigstoreVerify(
      await readFile(join(folder, 'airgap-lock.sigstore.json'), 'utf8'),
      await readFile(join(folder, 'airgap-lock.json')),
      builder.publicKey,
      'PKIX_ECDSA_P256_SHA_256',
    );
  });

  it('KMS unreachable: a clear error naming the key URI with a next: step, quickly', async () => {
    const port = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => res(p));
      });
    });
    const uri = `awskms://127.0.0.1:${port}/alias/builder`;
    const t0 = Date.now();
    const r = await runCli(['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--sign-key', uri, '-o', join(work, 'x.tar')], env());
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`--sign-key ${uri}: KMS GetPublicKey: 127.0.0.1:${port} cannot be reached (ECONNREFUSED)`);
    expect(r.stderr).toContain('next:');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('KMS silent: the call ends at the exchange timeout, naming the key and the host', async () => {
    kms.stall = true;
    try {
      const uri = `awskms://${kms.host}/alias/builder`;
      const err = await kmsPublicKeyPem(uri, '--sign-key', { env: env(), ctx: { exchangeTimeoutMs: 300 } }).catch(
        (e: unknown) => e as Error & { hint?: string },
      );
      expect((err as Error).message).toBe(`--sign-key ${uri}: KMS GetPublicKey: no answer from ${kms.host} within 0.3 s (--timeout)`);
      expect((err as { hint?: string }).hint).toMatch(/reachable from here/);
    } finally {
      kms.stall = false;
    }
  });

  it('--timeout reaches every KMS call of the CLI: bundle --sign-key, bundle --verify-key and sign --key each end at it', async () => {
    kms.stall = true;
    try {
      const uri = `awskms://${kms.host}/alias/builder`;
      const image = ['--image', 'acme.example/app/by-team:1.0', ...mirror()];
      const runs = [
        ['--sign-key', ['--timeout', '1', 'bundle', ...image, '--sign-key', uri, '-o', join(work, 't1.tar')]],
        ['--verify-key', ['--timeout', '1', 'bundle', ...image, '--verify-key', uri, '-o', join(work, 't2.tar')]],
        ['--sign-key', ['--timeout', '1', 'sign', join(work, 'x-signed'), '--key', uri]],
      ] as const;
      for (const [flag, args] of runs) {
        const r = await runCli([...args], env());
        expect(r.exitCode, args.join(' ')).not.toBe(0);
        expect(r.stderr).toContain(`${flag} ${uri}: KMS GetPublicKey: no answer from ${kms.host} within 1 s (--timeout)`);
        expect(r.stderr).toContain('next:');
      }
    } finally {
      kms.stall = false;
    }
  });

  it('transient KMS failures (500 KMSInternalException) are retried, as many times as --retries says', async () => {
    const uri = `awskms://${kms.host}/alias/team`;
    const attempts = () => kms.calls.filter((c) => c.operation === 'GetPublicKey').length;
    kms.failNext = 2;
    let before = attempts();
    const ok = await runCli(['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--verify-key', uri, '-o', join(work, 'r1.tar')], env());
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(attempts() - before).toBe(3);
    kms.failNext = 1;
    before = attempts();
    const none = await runCli(
      ['--retries', '0', 'bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--verify-key', uri, '-o', join(work, 'r2.tar')],
      env(),
    );
    expect(none.exitCode).not.toBe(0);
    expect(none.stderr).toContain(`--verify-key ${uri}: KMS GetPublicKey: KMSInternalException`);
    expect(attempts() - before).toBe(1);
    kms.failNext = 0;
  });
});

describe('a KMS that lies', () => {
  const bin = resolve(import.meta.dirname, '../../bin/helm-airgap');
  const runBin = (args: string[]) =>
    execa(bin, args, {
      env: { ...env(), AWS_ENDPOINT_URL_KMS: `http://${kms.host}` },
      extendEnv: false,
      reject: false,
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });

  it('signing with another key than GetPublicKey reports: sign and bundle --sign-key fail, nothing written', async () => {
    const out = join(work, 'lied.tar');
    const folder = join(work, 'lied');
    await mkdir(folder);
    execFileSync('tar', ['-xf', join(work, 'signed.tar'), '-C', folder]);
    await rm(join(folder, 'airgap-lock.sigstore.json'));
    kms.signWith = team.privateFile;
    try {
      const b = await runBin(['bundle', '--image', 'acme.example/app/by-team:1.0', ...mirror(), '--sign-key', `awskms:///${builder.arn}`, '-o', out]);
      expect(b.exitCode, b.stderr).not.toBe(0);
      expect(b.stderr).toContain(
        `the signature made does not verify with the public key the signer reports (${fingerprint(builder.publicKey)}): nothing was written`,
      );
      expect(b.stderr).toContain('next: ');
      expect(existsSync(out)).toBe(false);
      const s = await runBin(['sign', folder, '--key', `awskms:///${builder.arn}`]);
      expect(s.exitCode, s.stderr).not.toBe(0);
      expect(s.stderr).toContain('does not verify with the public key the signer reports');
      expect(existsSync(join(folder, 'airgap-lock.sigstore.json'))).toBe(false);
    } finally {
      kms.signWith = undefined;
    }
  });

  it('an endless GetPublicKey answer is refused at its bound, not read into memory', async () => {
    kms.endlessPublicKey = true;
    kms.endlessBytesSent = 0;
    try {
      const uri = `awskms:///${builder.arn}`;
      const r = await runBin(['--retries', '0', 'sign', join(work, 'x-signed'), '--key', uri]);
      expect(r.exitCode, r.stderr).not.toBe(0);
      expect(r.stderr).toContain(`--sign-key ${uri}: KMS GetPublicKey: ${kms.host} the answer is larger than 64 KiB`);
      expect(r.stderr).toContain('next: ');
      // what the server got out before the client hung up: the bound and the socket's buffers, not gigabytes
      expect(kms.endlessBytesSent).toBeLessThan(16 * 1024 * 1024);
    } finally {
      kms.endlessPublicKey = false;
    }
  });
});
