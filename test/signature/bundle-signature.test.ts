// The signed bundle, end to end with real parts: `bundle --sign-key` against a chart repository
// and a docker-registry, the signature checked by @sigstore/verify (code we did not write) and by
// openssl, `push --key` into a second real registry, and each way a carried bundle can be wrong
// (lock edited, older signature, another key, no signature, SBOM edited) refused with exit 3
// before anything reaches the registry.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';

let w: BundleWorld;
let target: RunningRegistry;
let env: Record<string, string>;
let keys: string;
let signed: string;

/** A PEM key pair written as a signer keeps it: the private key 0600. */
async function keyPair(name: string, type: 'ec' | 'ed25519' | 'rsa', o: { curve?: string; password?: string } = {}): Promise<{ key: string; pub: string }> {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: o.curve ?? 'P-256' })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  const key = join(keys, `${name}.key`);
  const pub = join(keys, `${name}.pub`);
  const pem = o.password
    ? pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: o.password })
    : pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  await writeFile(key, pem, { mode: 0o600 });
  await writeFile(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { key, pub };
}

const untar = async (file: string, dir: string) => {
  await mkdir(dir, { recursive: true });
  execFileSync('tar', ['-xf', file, '-C', dir]);
  return dir;
};

const catalog = async () => ((await (await fetch(`http://${target.host}/v2/_catalog`)).json()) as { repositories: string[] }).repositories;

let builder: { key: string; pub: string };

/** @sigstore/verify's Verifier, trusting one public key by the bundle's hint (no log, no timestamps). */
async function sigstoreVerify(dir: string, pub: string, keyDetails: string, lock?: Buffer): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, 'airgap-lock.sigstore.json'), 'utf8'));
  const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pub, '-outform', 'DER']);
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
  const trust = toTrustMaterial(
    root as never,
    { [json.verificationMaterial.publicKey.hint]: { rawBytes: der, keyDetails, validFor: { start: new Date(0) } } } as never,
  );
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundleFromJSON(json), lock ?? (await readFile(join(dir, 'airgap-lock.json')))));
}

beforeAll(async () => {
  [w, target] = await Promise.all([startBundleWorld(), startRegistry()]);
  env = worldEnv(w);
  keys = join(w.work, 'keys');
  await mkdir(keys);
  builder = await keyPair('builder', 'ec');
  signed = join(w.work, 'signed.tar');
  const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '~1.2.0', ...w.mirrors, '--sign-key', builder.key, '--out', signed], env);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all([w?.stop(), target?.stop()]);
});

describe('bundle --sign-key', () => {
  it('writes a Sigstore bundle v0.3 beside the lock that @sigstore/verify and openssl accept, with no key material in it', async () => {
    const dir = await untar(signed, join(w.work, 'x-signed'));
    const lock = await readFile(join(dir, 'airgap-lock.json'));
    const sigText = await readFile(join(dir, 'airgap-lock.sigstore.json'), 'utf8');
    expect(sigText).not.toMatch(/PRIVATE KEY|BEGIN/);
    const json = JSON.parse(sigText);
    await sigstoreVerify(dir, builder.pub, 'PKIX_ECDSA_P256_SHA_256');
    await expect(sigstoreVerify(dir, builder.pub, 'PKIX_ECDSA_P256_SHA_256', Buffer.concat([lock, Buffer.from(' ')]))).rejects.toThrow();
    // the raw signature, as any tool that knows nothing of Sigstore checks it
    const sig = join(w.work, 'lock.sig');
    await writeFile(sig, Buffer.from(json.messageSignature.signature, 'base64'));
    const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', builder.pub, '-signature', sig, join(dir, 'airgap-lock.json')], { encoding: 'utf8' });
    expect(out).toContain('Verified OK');
  });

  it('push --key pushes a bundle its builder signed', async () => {
    const r = await runCli(['push', signed, '--key', builder.pub, '--registry', `${target.host}/ok`], env);
    expect(r.stderr).not.toContain('error');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/bundle signed by sha256:[0-9a-f]{64} \(.*builder\.pub\)/);
    expect((await catalog()).some((c) => c.startsWith('ok/'))).toBe(true);
  });

  it('values says who signed the bundle it read (text and -o json), and that it was not checked without --key', async () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const run = (args: string[]) => execa(bin, args, { reject: false, env, timeout: 120_000, killSignal: 'SIGKILL', stdin: 'ignore' });
    const text = await run(['values', signed, '--key', builder.pub, '--registry', `${target.host}/ok`, '--out-dir', join(w.work, 'values-signed')]);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/bundle signed by sha256:[0-9a-f]{64} \(.*builder\.pub\)/);
    const json = await run(['values', signed, '--key', builder.pub, '--registry', `${target.host}/ok`, '--out-dir', join(w.work, 'values-json'), '-o', 'json']);
    expect(json.exitCode, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { signature: { signer: string } }).signature.signer).toMatch(/^sha256:[0-9a-f]{64}$/);
    const none = await run(['values', signed, '--registry', `${target.host}/ok`, '--out-dir', join(w.work, 'values-unchecked')]);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.stdout).toContain('bundle signature not checked: no --key');
  });

  it('refuses a lock edited in transit, before any byte is pushed (exit 3, names why)', async () => {
    const dir = await untar(signed, join(w.work, 'x-edited'));
    const lockPath = join(dir, 'airgap-lock.json');
    await writeFile(lockPath, (await readFile(lockPath, 'utf8')).replace('"namespace": "default"', '"namespace": "kube-system"'));
    const r = await runCli(['push', dir, '--key', builder.pub, '--registry', `${target.host}/edited`], env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the lock was edited after signing');
    expect(r.stderr).toContain('next:');
    expect((await catalog()).some((c) => c.startsWith('edited/'))).toBe(false);
    const v = await runCli(['verify', dir, '--key', builder.pub, '--registry', `${target.host}/ok`], env);
    expect(v.exitCode).toBe(3);
    const values = await runCli(['values', dir, '--key', builder.pub, '--registry', `${target.host}/ok`, '-o', join(w.work, 'values-out')], env);
    expect(values.exitCode).toBe(3);
    expect(values.stderr).toContain('signature check failed');
    // a signature file of 17 MiB (sparse) is refused by its size, not read
    const huge = await untar(signed, join(w.work, 'x-huge'));
    execFileSync('truncate', ['-s', '17M', join(huge, 'airgap-lock.sigstore.json')]);
    const big = await runCli(['push', huge, '--key', builder.pub, '--registry', `${target.host}/edited`], env);
    expect(big.exitCode).toBe(1);
    expect(big.stderr).toContain('airgap-lock.sigstore.json is 17825792 bytes');
  });

  it('refuses a signature over an older lock', async () => {
    const older = await untar(signed, join(w.work, 'x-older'));
    const newer = join(w.work, 'newer.tar');
    expect(
      (await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '~1.2.0', ...w.mirrors, '--namespace', 'other', '-o', newer], env)).exitCode,
    ).toBe(0);
    const dir = await untar(newer, join(w.work, 'x-newer'));
    await cp(join(older, 'airgap-lock.sigstore.json'), join(dir, 'airgap-lock.sigstore.json'));
    const r = await runCli(['push', dir, '--key', builder.pub, '--registry', `${target.host}/older`], env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('belongs to another (older) lock');
    // unsigned: refused when a key is given, and by --require-signature only with a key to check with
    const unsigned = await runCli(['push', newer, '--key', builder.pub, '--registry', `${target.host}/older`], env);
    expect(unsigned.exitCode).toBe(3);
    expect(unsigned.stderr).toContain('not signed');
    const noKey = await runCli(['push', newer, '--require-signature', '--registry', `${target.host}/older`], env);
    expect(noKey.exitCode).toBe(2);
    expect((await catalog()).some((c) => c.startsWith('older/'))).toBe(false);
    // `sign` signs it afterwards, in place (the tarball rewritten), and push accepts it then
    const other = await keyPair('ed', 'ed25519');
    const s = await runCli(['sign', newer, '--key', other.key], env);
    expect(s.exitCode).toBe(0);
    expect(s.stdout).toContain('PKIX_ED25519');
    const checked = await runCli(['verify', newer, '--key', other.pub, '--registry', `${target.host}/ok`], env);
    expect(checked.stderr).not.toContain('signature');
    expect(checked.exitCode).toBe(0);
    // the rewritten tarball holds every entry it held, in order, and the signature last
    const list = (f: string) => execFileSync('tar', ['-tf', f], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const before = list(signed).filter((n) => !n.startsWith('blobs/sha256/') && n !== 'airgap-lock.sigstore.json');
    const after = list(newer);
    expect(after.at(-1)).toBe('airgap-lock.sigstore.json');
    expect(after.filter((n) => !n.startsWith('blobs/sha256/')).slice(0, -1)).toEqual(before);
    expect(after.length).toBeGreaterThan(10);
    const wrong = await runCli(['push', newer, '--key', builder.pub, '--registry', `${target.host}/older`], env);
    expect(wrong.exitCode).toBe(3);
    expect(wrong.stderr).toContain('signed by another key');
    // Ed25519 over the raw lock, as openssl checks it
    const x = await untar(newer, join(w.work, 'x-ed'));
    const sig = join(w.work, 'ed.sig');
    await writeFile(sig, Buffer.from(JSON.parse(await readFile(join(x, 'airgap-lock.sigstore.json'), 'utf8')).messageSignature.signature, 'base64'));
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', other.pub, '-rawin', '-in', join(x, 'airgap-lock.json'), '-sigfile', sig], {
      encoding: 'utf8',
    });
    expect(out).toContain('Signature Verified Successfully');
  });

  it('a split bundle is signed as it is made, checked from its parts; sign refuses to rewrite one', async () => {
    const split = join(w.work, 'split.tar');
    const made = await runCli(
      ['bundle', 'demo', '--repo', w.repo.url, '--version', '~1.2.0', ...w.mirrors, '--split-size', '64KiB', '--sign-key', builder.key, '-o', split],
      env,
    );
    expect(made.exitCode).toBe(0);
    const v = await runCli(['verify', split, '--key', builder.pub, '--registry', `${target.host}/ok`], env);
    expect(v.exitCode).toBe(0);
    const s = await runCli(['sign', split, '--key', builder.key], env);
    expect(s.exitCode).toBe(2);
    expect(s.stderr).toContain('--sign-key builder.key --split-size');
  });

  it('keys: P-384, RSA and an encrypted key sign a folder; a key others can read, a wrong password, another KMS, and awskms:// for --key are refused', async () => {
    const dir = await untar(signed, join(w.work, 'x-keys'));
    for (const [name, type, o] of [
      ['p384', 'ec', { curve: 'P-384' }],
      ['rsa', 'rsa', {}],
    ] as const) {
      const k = await keyPair(name, type, o);
      expect((await runCli(['sign', dir, '--key', k.key], env)).exitCode).toBe(0);
      expect((await runCli(['verify', dir, '--key', k.pub, '--registry', `${target.host}/ok`], env)).exitCode).toBe(0);
      // the lock file alone: its signature beside it
      expect((await runCli(['verify', join(dir, 'airgap-lock.json'), '--key', k.pub, '--registry', `${target.host}/ok`], env)).exitCode).toBe(0);
      await sigstoreVerify(dir, k.pub, type === 'rsa' ? 'PKIX_RSA_PKCS1V15_2048_SHA256' : 'PKIX_ECDSA_P384_SHA_384');
    }
    const enc = await keyPair('enc', 'ec', { password: 'correct horse' });
    expect((await runCli(['sign', dir, '--key', enc.key], { ...env, HELM_AIRGAP_KEY_PASSWORD: 'correct horse' })).exitCode).toBe(0);
    expect((await runCli(['sign', dir, '--key', enc.key, '--key-password-stdin'], env, 'correct horse\n')).exitCode).toBe(0);
    const bad = await runCli(['sign', dir, '--key', enc.key], { ...env, HELM_AIRGAP_KEY_PASSWORD: 'wrong' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('wrong password');
    await chmod(builder.key, 0o644);
    const loose = await runCli(['sign', dir, '--key', builder.key], env);
    await chmod(builder.key, 0o600);
    expect(loose.exitCode).toBe(2);
    expect(loose.stderr).toContain('UNPROTECTED PRIVATE KEY FILE');
    expect(loose.stderr).toContain(`chmod 600 ${builder.key}`);
    expect(loose.stderr + loose.stdout).not.toContain('PRIVATE KEY-----');
    const kms = await runCli(['sign', dir, '--key', 'gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k'], env);
    expect(kms.exitCode).toBe(2);
    expect(kms.stderr).toContain('only AWS KMS keys (awskms://) are signed with here');
    // the isolated side trusts the exported public key, and asks no KMS
    const trustKms = await runCli(['verify', dir, '--key', 'awskms:///arn:aws:kms:eu-west-1:123456789012:key/abc', '--registry', `${target.host}/ok`], env);
    expect(trustKms.exitCode).toBe(2);
    expect(trustKms.stderr).toContain('a KMS key is not asked here: give its exported public key');
    expect(trustKms.stderr).toContain('next: export it on the connected side: aws kms get-public-key');
    // the configured key, from the environment
    expect((await runCli(['verify', dir, '--registry', `${target.host}/ok`], { ...env, HELM_AIRGAP_BUNDLE_KEY: builder.pub })).exitCode).toBe(3);
  });
});
