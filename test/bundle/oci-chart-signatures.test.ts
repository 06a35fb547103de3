// An OCI chart's cosign signature, checked exactly as an image's: a Helm chart pushed as an OCI
// artifact to a real docker-registry, its manifest signed by openssl in cosign's .sig layout.
// What passes is carried (the .sig manifest beside the chart, evidence in charts[].signatures)
// and checked again offline; what fails names the chart, the entry and why, and writes no bundle.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { readBundleLock } from '../../src/bundle/open.js';
import { rebind } from '../support/lock-edit.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { opensslKey, pushCosignSignature, type TestKey } from '../support/cosign-sign.js';
import { runCli } from './run-cli.js';
import { pushTinyChart } from '../support/tiny-chart.js';

let registry: RunningRegistry;
let work: string;
let key: TestKey;
let other: TestKey;
const manifest: Record<string, string> = {};
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
const fingerprint = (pub: string) =>
  `sha256:${createHash('sha256')
    .update(createPublicKey(pub).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
const chartRef = () => `oci://${registry.host}/charts/tiny`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-ocisig-'));
  registry = await startRegistry();
  key = opensslKey(work, 'k', 'p256');
  other = opensslKey(work, 'o', 'p256');
  for (const v of ['1.0.0', '2.0.0', '3.0.0', '4.0.0']) manifest[v] = (await pushTinyChart(registry.host, 'charts/tiny', 'tiny', v, work)).digest;
  const sign = (v: string, k: TestKey, signedDigest?: string) =>
    pushCosignSignature({ host: registry.host, repo: 'charts/tiny', tagDigest: manifest[v]!, key: k, dir: work, ...(signedDigest ? { signedDigest } : {}) });
  await sign('1.0.0', key);
  await sign('3.0.0', other);
  await sign('4.0.0', key, manifest['1.0.0']);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('OCI chart signatures (cosign .sig tag over the chart manifest)', () => {
  it('a signed chart is bundled with its evidence and .sig carried; verify --signatures checks it again offline', async () => {
    const out = join(work, 'ok.tar');
    const r = await runCli(['bundle', chartRef(), '--version', '1.0.0', '--verify-key', key.publicFile, '-o', out], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(out);
    const chart = lock.charts[0]!;
    expect(chart.manifestDigest).toBe(manifest['1.0.0']);
    const sig = chart.artifacts!.find((a) => a.tag === `${manifest['1.0.0']!.replace(':', '-')}.sig`)!;
    expect(sig.layoutRef).toBe(`${registry.host}/charts/tiny:${sig.tag}`);
    expect(chart.signatures).toEqual([
      {
        format: 'cosign-tag',
        digest: sig.digest,
        keyFingerprint: fingerprint(await readFile(key.publicFile, 'utf8')),
        signedDigest: manifest['1.0.0'],
        policy: '**',
      },
    ]);
    const v = await runCli(['verify', '--signatures', out, '-o', 'json'], { ...env(), HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1' });
    expect(v.exitCode, v.stderr).toBe(0);
    const report = JSON.parse(v.stdout) as { items: { kind: string; ref: string; status: string }[]; totals: Record<string, number> };
    expect(report.items).toEqual([expect.objectContaining({ kind: 'chart', ref: 'tiny:1.0.0', status: 'verified', digest: chart.digest })]);
    expect(report.totals).toEqual({ verified: 1, refused: 0, notRequired: 0 });
    // push --verify-signatures checks it again and puts the .sig beside the chart in the target
    const p = await runCli(['push', out, '--registry', `${registry.host}/mirror`, '--verify-signatures', '--trust-carried-keys'], env());
    expect(p.exitCode, p.stderr).toBe(0);
    const pushed = await new RegistryClient().repository(`${registry.host}/mirror/charts/tiny`).resolve(sig.tag!);
    expect(pushed.digest).toBe(sig.digest);
  });

  it('the lock edited in transit (the policy key swapped, index.json rebound): verify --signatures refuses the chart', async () => {
    const out = join(work, 'ok.tar');
    const dir = join(work, 'edited');
    await mkdir(dir, { recursive: true });
    execFileSync('tar', ['-xf', out, '-C', dir]);
    const lockFile = join(dir, 'airgap-lock.json');
    const lock = JSON.parse(await readFile(lockFile, 'utf8'));
    const pem = await readFile(other.publicFile, 'utf8');
    lock.signaturePolicy.keys = { [fingerprint(pem)]: pem };
    lock.signaturePolicy.entries[0].key = fingerprint(pem);
    await writeFile(lockFile, JSON.stringify(lock, null, 2));
    await rebind(dir);
    const v = await runCli(['verify', '--signatures', dir], env());
    expect(v.exitCode).toBe(3);
    expect(v.stdout).toMatch(/REFUSED {2}chart tiny:1\.0\.0.*chart tiny 1\.0\.0: signature policy "\*\*" \(command line\) refused it: .*wrong key/);
  });

  it.each([
    ['2.0.0', /no signature: neither a sha256-<hex>\.sig tag nor a Sigstore bundle referrer/],
    ['3.0.0', /wrong key: the signature over payload sha256:[0-9a-f]{64} does not verify/],
    ['4.0.0', /digest mismatch: the signature is for sha256:[0-9a-f]{64}, the image is sha256:/],
  ])('%s: refused with exit 3 naming the chart, the entry and why; no bundle written', async (version, reason) => {
    const out = join(work, `bad-${version}.tar`);
    const r = await runCli(['bundle', chartRef(), '--version', version, '--verify-key', key.publicFile, '-o', out], env());
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain(`chart tiny ${version}: signature policy "**" (command line) refused it:`);
    expect(r.stderr).toMatch(reason);
    expect(existsSync(out)).toBe(false);
  });
});
