// A registry behind a private CA, as air-gapped registries usually are: TLS verification stays on;
// `--ca-file HOST=ca.pem` makes the CA trusted for that host (and says the host speaks TLS, loopback
// included); a wrong CA fails with the reason and the flag to use. What lands is read back by skopeo.
import { execa } from 'execa';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { makeTestCa, type TestCa } from '../support/test-ca.js';
import { requireTool } from '../support/tools.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { startChartRepo } from '../support/chart-repo-server.js';
import { makeFixtureRepo } from '../charts/chart-fixtures.js';

let src: SeededSource;
let secure: RunningRegistry;
let ca: TestCa;
let other: TestCa;
let work: string;
const env = () => ({ DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'no-helm.json'), CI: 'true' });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-tls-'));
  ca = await makeTestCa(join(work, 'ca'), 'corp');
  other = await makeTestCa(join(work, 'other'), 'someone else');
  src = await startSeededSource([{ name: 'team/app', tag: '1.0', layers: [{ seed: 'app', size: 300_000 }] }]);
  secure = await startRegistry({ tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
  return async () => {
    await secure.stop();
    await src.stop();
    await rm(work, { recursive: true, force: true });
  };
});

describe('a registry behind a private CA', () => {
  it('--ca-file HOST=ca.pem: copy lands with its digest, read back by skopeo trusting the same CA', async () => {
    const r = await runCli(
      ['copy', `docker://${src.registry.host}/team/app:1.0`, `docker://${secure.host}/team/app:1.0`, '--ca-file', `${secure.host}=${ca.caFile}`],
      env(),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const skopeo = await requireTool('skopeo', 'skopeo');
    const certDir = join(work, 'skopeo-certs');
    await mkdir(certDir, { recursive: true });
    await copyFile(ca.caFile, join(certDir, 'ca.crt'));
    const inspect = await execa(skopeo, ['inspect', '--raw', '--cert-dir', certDir, `docker://${secure.host}/team/app:1.0`]);
    const { createHash } = await import('node:crypto');
    expect(`sha256:${createHash('sha256').update(inspect.stdout).digest('hex')}`).toBe(src.images[0]!.digest);
  });

  it('--ca-file: copy reads the blobs back over TLS (the bulk reader) into a layout umoci accepts, digests unchanged', async () => {
    const out = join(work, 'from-tls');
    const r = await runCli(['copy', `docker://${secure.host}/team/app:1.0`, `oci:${out}:app`, '--ca-file', `${secure.host}=${ca.caFile}`], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests.map((m) => m.digest)).toContain(src.images[0]!.digest);
    const umoci = await requireTool('umoci', 'umoci');
    await execa(umoci, ['stat', '--image', `${out}:app`]);
    // with a CA that did not sign the certificate, the same read is refused
    const refused = await runCli(
      ['copy', `docker://${secure.host}/team/app:1.0`, `oci:${join(work, 'refused')}:app`, '--ca-file', `${secure.host}=${other.caFile}`],
      env(),
    );
    expect(refused.exitCode).toBe(1);
  });

  // --ca-file HOST=other.pem makes the host speak TLS with a context of our own; NODE_EXTRA_CA_CERTS
  // holds the CA that signed it. Node's own trust (its roots and that file) is kept beside --ca-file,
  // whether Node loaded the file at its start or bin/helm-airgap handed it on unread (copy).
  it.each([
    ['loaded by Node (NODE_EXTRA_CA_CERTS)', 'NODE_EXTRA_CA_CERTS'],
    ['handed on by the launcher (HELM_AIRGAP_EXTRA_CA_CERTS)', 'HELM_AIRGAP_EXTRA_CA_CERTS'],
  ])('the extra CA file %s is trusted beside --ca-file', async (_, name) => {
    const out = join(work, `extra-${name}`);
    const args = ['copy', `docker://${secure.host}/team/app:1.0`, `oci:${out}:app`, '--ca-file', `${secure.host}=${other.caFile}`];
    const r = await runCli(args, { ...env(), [name]: ca.caFile });
    expect(r.exitCode, r.stderr).toBe(0);
    const refused = await runCli([...args.slice(0, 2), `oci:${out}-none:app`, ...args.slice(3)], { ...env(), [name]: other.caFile });
    expect(refused.exitCode).toBe(1);
  });

  it('through the launcher: copy takes NODE_EXTRA_CA_CERTS over TLS, and an unreadable one gets Node’s warning and no trust', async () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const args = (out: string) => ['copy', `docker://${secure.host}/team/app:1.0`, `oci:${join(work, out)}:app`, '--ca-file', `${secure.host}=${other.caFile}`];
    const ok = await execa(bin, args('launcher-ok'), { reject: false, env: { ...env(), NODE_EXTRA_CA_CERTS: ca.caFile } });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const missing = await execa(bin, args('launcher-missing'), { reject: false, env: { ...env(), NODE_EXTRA_CA_CERTS: join(work, 'no-such.pem') } });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`Ignoring extra certs from \`${join(work, 'no-such.pem')}\``);
    expect(missing.stderr).toContain('not signed by a CA this machine trusts');
  });

  // template, like copy, starts without Node reading NODE_EXTRA_CA_CERTS (bin/helm-airgap says why):
  // the file is trusted all the same for a chart repository over HTTPS, and only that file.
  it('through the launcher: template fetches from an HTTPS chart repository its CA in NODE_EXTRA_CA_CERTS signed', async () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const repo = await startChartRepo({ dir: await makeFixtureRepo(), tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
    try {
      const args = ['template', 'r', 'demo', '--repo', repo.url, '--version', '1.1.0'];
      const cache = (n: string) => ({ ...env(), HELM_AIRGAP_CACHE: join(work, n) });
      const ok = await execa(bin, args, { reject: false, env: { ...cache('tpl-ok'), NODE_EXTRA_CA_CERTS: ca.caFile } });
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('# Source: demo/templates/');
      const wrong = await execa(bin, args, { reject: false, env: { ...cache('tpl-wrong'), NODE_EXTRA_CA_CERTS: other.caFile } });
      expect(wrong.exitCode).not.toBe(0);
      expect(wrong.stderr).toContain('not signed by a CA this machine trusts');
    } finally {
      await repo.stop();
    }
  });

  it('a CA that did not sign the certificate: refused, with the reason and the flag to use', async () => {
    const r = await runCli(
      ['copy', `docker://${src.registry.host}/team/app:1.0`, `docker://${secure.host}/team/app:2.0`, '--ca-file', `${secure.host}=${other.caFile}`],
      env(),
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    expect(r.stderr).toContain(`next: ${secure.host}'s certificate is not signed by a CA this machine trusts: pass --ca-file ${secure.host}=ca.pem`);
  });

  it('a --ca-file that is not a certificate is a usage error naming the file', async () => {
    const bad = join(work, 'not-a-cert.pem');
    await writeFile(bad, 'hello\n');
    const r = await runCli(['copy', `docker://${src.registry.host}/team/app:1.0`, `docker://${secure.host}/team/app:3.0`, '--ca-file', bad], env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`--ca-file ${bad}: ${bad} holds no PEM certificate`);
  });

  // skopeo's cert-dir (containers-certs.d): `images -o skopeo-sync --cert-dir` writes it; real skopeo
  // and our sync each run the file from the registry behind the private CA; without it, refused
  it('a skopeo file with cert-dir: images writes it, skopeo and helm airgap sync both run it; without it, refused', async () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const certs = join(work, 'certs.d');
    await mkdir(certs, { recursive: true });
    await copyFile(ca.caFile, join(certs, 'ca.crt'));
    const list = join(work, 'tls-list.txt');
    await writeFile(list, `${secure.host}/team/app:1.0\n`);
    const gen = await runCli(['images', list, '-o', 'skopeo-sync', '--cert-dir', `${secure.host}=${certs}`], env());
    expect(gen.exitCode, gen.stderr).toBe(0);
    expect(gen.stdout).toContain(`cert-dir: ${certs}`);
    const file = join(work, 'tls-sync.yaml');
    await writeFile(file, gen.stdout);
    const skopeo = await requireTool('skopeo', 'skopeo');
    const sk = await execa(skopeo, ['sync', '--src', 'yaml', '--dest', 'dir', file, join(work, 'tls-dir')], { reject: false, all: true });
    expect(sk.exitCode, sk.all).toBe(0);
    const dst = await startRegistry();
    try {
      const ours = await execa(bin, ['sync', file, `docker://${dst.host}/t`], { reject: false, all: true, env: env() });
      expect(ours.exitCode, ours.all).toBe(0);
      await writeFile(file, gen.stdout.replace(/\s*cert-dir: .*\n/, '\n'));
      const refused = await execa(bin, ['sync', file, `docker://${dst.host}/u`], { reject: false, all: true, env: env() });
      expect(refused.exitCode).toBe(1);
      // (a loopback host without its CA is spoken to in plain HTTP, which a TLS registry answers 400)
      expect(refused.all).toMatch(/1 failed/);
    } finally {
      await dst.stop();
    }
  });
});
