// `helm airgap push oci://HOST:PORT` from a running `serve` (its own process) of a real signed
// bundle: the lock and its signature read from the served registry and checked as for the file
// (`--key` good and wrong, a lock edited in the served bundle refused before any byte moves),
// `--verify-signatures` offline against the carried policy, then every image and chart by the
// lock's digest into a real docker-registry and into the ECR stand-in (-o json), re-run idempotent.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { MANIFEST_ACCEPT } from '../../src/oci/media-types.js';
import type { BundleLock } from '../../src/bundle/lock.js';
import { FIXTURE_IMAGES, startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { opensslKey, pushCosignSignature, type TestKey } from '../support/cosign-sign.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { rebind } from '../support/lock-edit.js';
import { makeTestCa } from '../support/test-ca.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startServe, type RunningServe } from './serve-helpers.js';

let w: BundleWorld;
let target: RunningRegistry;
let ecr: EcrStandin;
let env: Record<string, string>;
let builder: TestKey;
let other: TestKey;
let bundle: string;
let lock: BundleLock;
let served: RunningServe;

const MANIFESTS = MANIFEST_ACCEPT.join(', ');

const CLI = fileURLToPath(new URL('../../bin/helm-airgap.mjs', import.meta.url));
const runBuilt = async (args: string[], e: Record<string, string>) => {
  const r = await execa(process.execPath, [CLI, ...args], { env: e, extendEnv: false, reject: false });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
};

const catalog = async () => ((await (await fetch(`http://${target.host}/v2/_catalog`)).json()) as { repositories: string[] }).repositories;
const headDigest = async (host: string, repo: string, tag: string) =>
  (await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept: MANIFESTS } })).headers.get('docker-content-digest');

beforeAll(async () => {
  [w, target, ecr] = await Promise.all([startBundleWorld(), startRegistry(), startEcrStandin({ region: 'eu-west-1' })]);
  env = worldEnv(w);
  const keys = join(w.work, 'keys');
  await mkdir(keys);
  builder = opensslKey(keys, 'builder', 'p256');
  other = opensslKey(keys, 'other', 'p256');
  const release = opensslKey(keys, 'release', 'p256');
  for (const i of FIXTURE_IMAGES.filter((x) => x.name.startsWith('registry.example.com/'))) {
    const img = w.images.get(`${i.name}:${i.tag}`)!;
    await pushCosignSignature({ host: w.registry.host, repo: img.name, tagDigest: img.digest, key: release, dir: keys });
  }
  const spec = join(w.work, 'airgap.yaml');
  await writeFile(
    spec,
    [
      'apiVersion: helm-airgap/v1',
      'charts:',
      '  - name: demo',
      `    repo: ${w.repo.url}`,
      '    version: 1.2.1',
      'signatures:',
      '  policy:',
      '    - match: "registry.example.com/acme/**"',
      `      key: ${release.publicFile}`,
      '    - match: "docker.io/library/**"',
      '      require: none',
      '',
    ].join('\n'),
  );
  bundle = join(w.work, 'bundle.tar');
  const r = await runCli(['bundle', '--spec', spec, ...w.mirrors, '--sign-key', builder.privateFile, '-o', bundle], env);
  expect(r.exitCode, r.stderr).toBe(0);
  lock = await readBundleLock(bundle);
  served = await startServe([bundle]);
}, 180_000);

afterAll(async () => {
  await served?.stop();
  await Promise.all([w?.stop(), target?.stop(), ecr?.stop()]);
});

describe('push oci://HOST:PORT from a running serve', () => {
  it('refuses another key before any byte is pushed (exit 3), and pushes with the builder key: every image and chart by the lock digest', async () => {
    const wrong = await runCli(['push', `oci://${served.host}`, '--key', other.publicFile, '--registry', `${target.host}/wrong`], env);
    expect(wrong.exitCode, wrong.stderr).toBe(3);
    expect(wrong.stderr).toContain('signed by another key');
    expect(wrong.stderr).toContain(`oci://${served.host}`);
    expect((await catalog()).some((c) => c.startsWith('wrong/'))).toBe(false);

    const r = await runCli(['push', `oci://${served.host}`, '--key', builder.publicFile, '--require-signature', '--registry', `${target.host}/site`], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bundle signed by sha256:[0-9a-f]{64} \(.*builder\.pub\)/);
    expect(lock.images.length).toBeGreaterThan(1);
    for (const i of lock.images) {
      const [path, tag] = [i.ref.replace(/:[^:/]+$/, ''), i.ref.slice(i.ref.lastIndexOf(':') + 1)];
      expect(await headDigest(target.host, `site/${path}`, tag), i.ref).toBe(i.digest);
    }
    for (const c of lock.charts) expect(await headDigest(target.host, `site/charts/${c.name}`, c.version), c.name).toBe(c.manifestDigest);
    // nothing of the served-bundle artifact itself travels: only the lock's images and charts
    expect((await catalog()).some((c) => c.includes('helm-airgap/bundle'))).toBe(false);
    // the other readers of a bundle take the served form too: verify checks the push by the served lock
    const v = await runCli(['verify', `oci://${served.host}`, '--key', builder.publicFile, '--registry', `${target.host}/site`], env);
    expect(v.exitCode, v.stderr + v.stdout).toBe(0);
    const missing = await runCli(['verify', `oci://${served.host}`, '--key', builder.publicFile, '--registry', `${target.host}/elsewhere`], env);
    expect(missing.exitCode, missing.stderr).not.toBe(0);
    const values = await runCli(
      ['values', `oci://${served.host}`, '--key', builder.publicFile, '--registry', `${target.host}/site`, '-o', join(w.work, 'values')],
      env,
    );
    expect(values.exitCode, values.stderr + values.stdout).toBe(0);
    expect(await readFile(join(w.work, 'values', 'demo.values.yaml'), 'utf8')).toContain(`${target.host}/site/`);
  });

  it('re-checks every carried signature offline from the served registry (--verify-signatures), into the ECR stand-in, -o json; a re-run uploads nothing', async () => {
    // the built CLI in its own process: the AWS SDK reads its credentials from the process environment
    const ecrEnv = { ...env, ...standinEnv(ecr, w.work, { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true' }) };
    const args = [
      'push',
      `oci://${served.host}`,
      '--key',
      builder.publicFile,
      '--verify-signatures',
      '--type',
      'ecr',
      '--region',
      ecr.region,
      '--registry',
      `${ecr.registryHost}/platform`,
      '-o',
      'json',
    ];
    const r = await runBuilt(args, ecrEnv);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as {
      bundle: string;
      signature?: { signer: string };
      totals: { images: { pushed: number }; charts: { pushed: number } };
    };
    expect(report.bundle).toBe(`oci://${served.host}`);
    expect(report.signature?.signer).toMatch(/^sha256:/);
    expect(report.totals.images.pushed).toBe(lock.images.length);
    expect(report.totals.charts.pushed).toBe(lock.charts.length);
    const repos = [...ecr.state.repositories.keys()];
    for (const i of lock.images) expect(repos).toContain(`platform/${i.ref.replace(/:[^:/]+$/, '')}`);
    const again = await runBuilt(args, ecrEnv);
    expect(again.exitCode, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { totals: { bytesUploaded: number; images: { present: number } } };
    expect(second.totals.bytesUploaded).toBe(0);
    expect(second.totals.images.present).toBe(lock.images.length);
  });

  it('refuses a lock edited in the served bundle (its index binding edited too) before any byte is pushed, exit 3', async () => {
    const dir = join(w.work, 'edited');
    await mkdir(dir);
    execFileSync('tar', ['-xf', bundle, '-C', dir]);
    const lockPath = join(dir, 'airgap-lock.json');
    const text = await readFile(lockPath, 'utf8');
    const edited = text.replace('"namespace": "default"', '"namespace": "kube-system"');
    expect(edited).not.toBe(text);
    await writeFile(lockPath, edited);
    await rebind(dir);
    const tampered = await startServe([dir]);
    try {
      const r = await runCli(['push', `oci://${tampered.host}`, '--key', builder.publicFile, '--registry', `${target.host}/edited`], env);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toContain('the lock was edited after signing');
      expect(r.stderr).toContain('next:');
      expect((await catalog()).some((c) => c.startsWith('edited/'))).toBe(false);
    } finally {
      await tampered.stop();
    }
  });

  it('--verify-signatures judges what the served registry answers: a carried policy key swapped (lock rebound, unsigned) is refused before push', async () => {
    const dir = join(w.work, 'swapped');
    await mkdir(dir);
    execFileSync('tar', ['-xf', bundle, '-C', dir]);
    const lockPath = join(dir, 'airgap-lock.json');
    const edited = JSON.parse(await readFile(lockPath, 'utf8')) as { signaturePolicy: { keys: Record<string, string> } };
    const fingerprints = Object.keys(edited.signaturePolicy.keys);
    expect(fingerprints).toHaveLength(1);
    edited.signaturePolicy.keys[fingerprints[0]!] = await readFile(other.publicFile, 'utf8');
    await writeFile(lockPath, JSON.stringify(edited, null, 2));
    await rebind(dir);
    await rm(join(dir, 'airgap-lock.sigstore.json'));
    const swapped = await startServe([dir]);
    try {
      // nothing given vouches for the keys it carries: refused before they are even read
      const anchorless = await runCli(['push', `oci://${swapped.host}`, '--verify-signatures', '--registry', `${target.host}/swapped`], env);
      expect(anchorless.exitCode, anchorless.stderr).toBe(3);
      expect(anchorless.stderr).toContain('next: give --key builder.pub');
      const r = await runCli(['push', `oci://${swapped.host}`, '--verify-signatures', '--trust-carried-keys', '--registry', `${target.host}/swapped`], env);
      // as for a bundle file: the carried key no longer has the fingerprint the policy names it by
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/the lock's policy key sha256:[0-9a-f]{64} is the key sha256:/);
      expect(r.stderr).toContain('next: the lock was edited');
      expect((await catalog()).some((c) => c.startsWith('swapped/'))).toBe(false);
    } finally {
      await swapped.stop();
    }
  });

  it('refuses a served blob or manifest whose bytes are not the digest the lock names (a proxy flips a byte), before any push', async () => {
    const proxy = await startFaultProxy(served.host);
    try {
      for (const [i, path] of [/\/registry\.example\.com\/acme\/[^/]+\/blobs\/sha256:/, /\/manifests\/sha256:/, /\/helm-airgap\/bundle\/blobs\//].entries()) {
        proxy.clear();
        proxy.inject({ method: 'GET', path, times: 10_000, fault: { kind: 'corrupt', at: 5 } });
        const r = await runCli(['push', `oci://${proxy.host}`, '--registry', `${target.host}/corrupt${i}`], env);
        expect(r.exitCode, `${path}: ${r.stderr}`).toBe(1);
        expect(r.stderr, String(path)).toMatch(/digest|sha256:[0-9a-f]{64}/);
        expect(
          proxy.log.some((x) => x.fault === 'corrupt'),
          String(path),
        ).toBe(true);
        expect((await catalog()).some((c) => c.startsWith(`corrupt${i}/`))).toBe(false);
      }
    } finally {
      await proxy.stop();
    }
  });

  it('pushes from a serve over TLS whose CA --ca-file trusts; refuses it untrusted, before any push', async () => {
    const ca = await makeTestCa(join(w.work, 'ca'), 'serve-push');
    const tls = await startServe([bundle, '--cert-file', ca.certFile, '--key-file', ca.keyFile]);
    try {
      expect(tls.url).toMatch(/^https:/);
      const untrusted = await runCli(['push', `oci://${tls.host}`, '--key', builder.publicFile, '--registry', `${target.host}/tls-untrusted`], env);
      expect(untrusted.exitCode, untrusted.stderr).not.toBe(0);
      expect(untrusted.stderr).toMatch(/next:.*serves HTTPS.*--ca-file 127\.0\.0\.1:\d+=ca\.pem/);
      expect((await catalog()).some((c) => c.startsWith('tls-untrusted/'))).toBe(false);
      const r = await runCli(
        ['push', `oci://${tls.host}`, '--key', builder.publicFile, '--ca-file', `${tls.host}=${ca.caFile}`, '--registry', `${target.host}/tls`],
        env,
      );
      expect(r.exitCode, r.stderr).toBe(0);
      const app = lock.images.find((i) => i.ref.startsWith('registry.example.com/acme/app'))!;
      expect(await headDigest(target.host, 'tls/registry.example.com/acme/app', app.ref.slice(app.ref.lastIndexOf(':') + 1))).toBe(app.digest);
    } finally {
      await tls.stop();
    }
  });

  it('names what is wrong with an address that serves no bundle, or is not one', async () => {
    const plain = await runCli(['push', `oci://${target.host}`, '--registry', `${target.host}/x`], env);
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('serves no bundle lock at helm-airgap/bundle:lock');
    expect(plain.stderr).toContain('next:');
    const path = await runCli(['push', `oci://${served.host}/charts`, '--registry', `${target.host}/x`], env);
    expect(path.exitCode).toBe(2);
    expect(path.stderr).toContain('with no path');
  });
});
