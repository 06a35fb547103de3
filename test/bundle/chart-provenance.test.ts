// A repository chart's .prov at bundle time: made by real GnuPG keys and real `helm package
// --sign`, judged by real `helm verify --keyring` too; our accept/refuse must be Helm's on each
// case (good, signed by another key, a .prov over another archive, none). What passes leaves the
// signer's fingerprint and the .prov itself in the lock, checked again offline.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from './run-cli.js';
import { cyclonedx16, sbomSignatures } from '../support/cyclonedx-schema.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { realHelm } from '../support/tools.js';
import { rebind } from '../support/lock-edit.js';

let work: string;
let repo: RunningChartRepo;
let helm: string;
let repoDir: string;
const fingerprint: Record<string, string> = {};
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true', GNUPGHOME: join(work, 'gnupg') });
const gpg = (...args: string[]) =>
  execa('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env: { GNUPGHOME: join(work, 'gnupg') }, encoding: 'buffer' });

async function chart(name: string, note = ''): Promise<string> {
  const dir = join(work, 'src', name);
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  await writeFile(join(dir, 'templates', 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {note: "${note}"}\n`);
  return dir;
}

async function signWith(signer: 'A' | 'B', name: string): Promise<void> {
  await execa(helm, ['package', '--sign', '--key', `Chart Signer ${signer}`, '--keyring', join(work, `sec-${signer}.gpg`), await chart(name), '-d', repoDir]);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-prov-'));
  helm = (await realHelm(3)).helm;
  await mkdir(join(work, 'gnupg'), { mode: 0o700 });
  repoDir = join(work, 'repo');
  await mkdir(repoDir);
  for (const s of ['A', 'B'] as const) {
    await gpg('--quick-gen-key', `Chart Signer ${s} <${s.toLowerCase()}@example.com>`, 'rsa2048', 'sign', 'never');
    await writeFile(join(work, `sec-${s}.gpg`), (await gpg('--export-secret-keys', `${s.toLowerCase()}@example.com`)).stdout);
    await writeFile(join(work, `pub-${s}.gpg`), (await gpg('--export', `${s.toLowerCase()}@example.com`)).stdout);
    const colons = Buffer.from((await gpg('--with-colons', '--fingerprint', `${s.toLowerCase()}@example.com`)).stdout).toString('utf8');
    fingerprint[s] = /^fpr:+([0-9A-F]{40}):/m.exec(colons)![1]!.toLowerCase();
  }
  await signWith('A', 'good');
  await signWith('B', 'stranger');
  // a .prov over another archive: signed, then the chart changed and packaged again beside it
  await signWith('A', 'swapped');
  await copyFile(join(repoDir, 'swapped-1.0.0.tgz.prov'), join(work, 'swapped.prov'));
  await execa(helm, ['package', await chart('swapped', 'changed after signing'), '-d', repoDir]);
  await copyFile(join(work, 'swapped.prov'), join(repoDir, 'swapped-1.0.0.tgz.prov'));
  await execa(helm, ['package', await chart('unsigned'), '-d', repoDir]);
  await writeRepoIndex(repoDir);
  repo = await startChartRepo({ dir: repoDir });
});

afterAll(async () => {
  await repo?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const helmVerifies = (name: string) =>
  execa(helm, ['verify', '--keyring', join(work, 'pub-A.gpg'), join(repoDir, `${name}-1.0.0.tgz`)], { reject: false }).then((r) => r.exitCode === 0);

describe('bundle --keyring: a repository chart .prov, judged as helm verify judges it', () => {
  it.each([
    ['good', true, ''],
    ['stranger', false, 'wrong key: the .prov is signed by key'],
    ['swapped', false, 'digest mismatch: the .prov signs swapped-1.0.0.tgz as sha256:'],
    ['unsigned', false, 'no signature: the repository has no '],
  ])('%s: helm verify and we agree (accepted: %s)', async (name, accepted, reason) => {
    expect(await helmVerifies(name)).toBe(accepted);
    const out = join(work, `${name}.tar`);
    const r = await runCli(['bundle', name, '--repo', repo.url, '--version', '1.0.0', '--keyring', join(work, 'pub-A.gpg'), '-o', out], env());
    if (accepted) {
      expect(r.exitCode, r.stderr).toBe(0);
      const sig = (await readBundleLock(out)).charts[0]!.signatures![0]!;
      expect(sig).toMatchObject({ format: 'helm-prov', keyFingerprint: fingerprint.A, file: 'good-1.0.0.tgz', policy: '**' });
      expect(sig.provenance).toBe(await readFile(join(repoDir, 'good-1.0.0.tgz.prov'), 'utf8'));
      const v = await runCli(['verify', '--signatures', out], env());
      expect(v.exitCode, v.stdout + v.stderr).toBe(0);
      // the SBOM's chart component states the same signer, valid CycloneDX 1.6
      const sbom = await runCli(['inspect', out, '--sbom'], env());
      const bom = JSON.parse(sbom.stdout);
      expect((await cyclonedx16())(bom)).toEqual([]);
      const chart = (await readBundleLock(out)).charts[0]!;
      expect(sbomSignatures(bom, `chart:${chart.layoutRef}:${chart.releaseName}`)).toEqual([
        { format: 'helm-prov', digest: sig.digest, keyFingerprint: fingerprint.A, policy: '**' },
      ]);
      expect(v.stdout).toContain(`VERIFIED  chart good:1.0.0@${sig.fileDigest}  signed by ${fingerprint.A}`);
      // the .prov in the lock edited in transit: refused offline
      const edited = join(work, 'edited');
      await mkdir(edited, { recursive: true });
      await execa('tar', ['-xf', out, '-C', edited]);
      const lock = JSON.parse(await readFile(join(edited, 'airgap-lock.json'), 'utf8'));
      lock.charts[0].signatures[0].provenance = sig.provenance!.replace('version: 1.0.0', 'version: 1.0.1');
      await writeFile(join(edited, 'airgap-lock.json'), JSON.stringify(lock));
      await rebind(edited);
      const bad = await runCli(['verify', '--signatures', edited], env());
      expect(bad.exitCode).toBe(3);
      expect(bad.stdout).toContain('REFUSED  chart good:1.0.0');
      expect(bad.stdout).toContain('the .prov signature does not verify');
    } else {
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain(`chart ${name} 1.0.0: signature policy "**" (command line) refused it: ${reason}`);
      expect(existsSync(out)).toBe(false);
    }
  });
});
