// A keyless policy with no --trusted-root takes Sigstore's trusted_root.json from a TUF
// repository on the connected side, as cosign does: verified from a TUF root (embedded for
// Sigstore's public instance, --tuf-root for another), cached under the cache's rules, carried in
// the bundle and used offline by verify --signatures. The repositories are real ones made and
// signed by the TUF project's own JavaScript tooling, served on 127.0.0.1; the signature is made
// with @sigstore/mock's Fulcio and Rekor.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from '../bundle/run-cli.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { keylessBundle, pushSigstoreReferrers, startMockSigstore, statement, type MockSigstore } from '../support/sigstore-mock.js';
import { expiredTufRepoFiles, serveTufRepo, tufRepoFiles, type TufServer } from '../support/tuf-repo.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const ME = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const IMAGE = 'acme.example/team/tuf-signed:1.0';
let src: SeededSource;
let work: string;
let mock: MockSigstore;
let good: TufServer;
const servers: TufServer[] = [];

const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];
const keyless = ['--certificate-identity', ME, '--certificate-oidc-issuer', ISSUER];
let caches = 0;
const freshCache = () => join(work, `cache-${++caches}`);
const env = (cache: string) => ({ HELM_AIRGAP_CACHE: cache, DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
let outs = 0;
async function bundleWith(cache: string, flags: string[]) {
  const out = join(work, `b-${++outs}.tar`);
  const r = await runCli(['bundle', '--image', IMAGE, ...mirror(), ...keyless, ...flags, '-o', out], env(cache));
  return { ...r, out };
}
async function rootFile(s: TufServer, name: string): Promise<string> {
  const f = join(work, name);
  await writeFile(f, s.root);
  return f;
}
async function serve(files: Map<string, string | Buffer>): Promise<TufServer> {
  const s = await serveTufRepo(files);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-tuf-'));
  src = await startSeededSource([{ name: 'acme.example/team/tuf-signed', tag: '1.0', layers: [{ seed: 'tuf', size: 1_000 }] }]);
  mock = await startMockSigstore();
  const img = src.images[0]!;
  await pushSigstoreReferrers(src.registry.host, 'acme.example/team/tuf-signed', { mediaType: img.mediaType, digest: img.digest, size: img.size }, [
    await keylessBundle(mock, statement(img.digest), ME, ISSUER),
  ]);
  good = await serve(tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('keyless without --trusted-root: the trusted root from a TUF repository', () => {
  it('fresh: fetched and verified from the given TUF root, carried in the lock with where it came from; the cache is private', async () => {
    const cache = freshCache();
    const r = await bundleWith(cache, ['--tuf-mirror', good.url, '--tuf-root', await rootFile(good, 'good-root.json')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`trusted root: trusted_root.json from the TUF repository ${good.url}`);
    const lock = await readBundleLock(r.out);
    expect(lock.signaturePolicy!.trustedRoot).toBe(mock.trustedRoot);
    expect(lock.signaturePolicy!.trustedRootSource).toMatchObject({ tufMirror: good.url });
    expect(lock.images[0]!.signatures![0]).toMatchObject({ format: 'sigstore-bundle', identity: ME, issuer: ISSUER });
    expect(good.hits.get('/targets/trusted_root.json')).toBe(1);
    const dir = join(cache, 'tuf');
    expect(statSync(dir).mode & 0o077).toBe(0);
  });

  it('cached: a second run reuses the verified target (only the timestamp is asked again), and needs no --tuf-root; airgap.yaml names the mirror', async () => {
    const cache = freshCache();
    const first = await bundleWith(cache, ['--tuf-mirror', good.url, '--tuf-root', await rootFile(good, 'good-root.json')]);
    expect(first.exitCode, first.stderr).toBe(0);
    const targetHits = good.hits.get('/targets/trusted_root.json')!;
    const timestampHits = good.hits.get('/timestamp.json')!;
    const spec = join(work, 'airgap-tuf.yaml');
    await writeFile(
      spec,
      ['signatures:', `  tufMirror: ${good.url}`, '  policy:', '    - match: "**"', `      keyless: { issuer: "${ISSUER}", subject: "${ME}" }`, ''].join('\n'),
    );
    const out = join(work, 'spec.tar');
    const again = await runCli(['bundle', '--spec', spec, '--image', IMAGE, ...mirror(), '-o', out], env(cache));
    expect(again.exitCode, again.stderr).toBe(0);
    expect(good.hits.get('/targets/trusted_root.json')).toBe(targetHits);
    expect(good.hits.get('/timestamp.json')).toBe(timestampHits + 1);
    expect((await readBundleLock(out)).signaturePolicy!.trustedRoot).toBe(mock.trustedRoot);
  });

  it('a tampered target is refused: nothing bundled, the mirror and the reason named, a next: step', async () => {
    const files = tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]);
    files.set('/targets/trusted_root.json', mock.trustedRoot.replace('mock fulcio', 'evil fulcio'));
    const s = await serve(files);
    const r = await bundleWith(freshCache(), ['--tuf-mirror', s.url, '--tuf-root', await rootFile(s, 'tampered-root.json')]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`TUF repository ${s.url}`);
    expect(r.stderr).toMatch(/was refused: trusted_root\.json: Expected hash [0-9a-f]{64} but got/);
    expect(r.stderr).toContain('next:');
    expect(existsSync(r.out)).toBe(false);
  });

  it('metadata signed by a key the TUF root does not trust is refused', async () => {
    const other = await serve(tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
    // the client trusts good's root; the mirror serves another repository's metadata
    const r = await bundleWith(freshCache(), ['--tuf-mirror', other.url, '--tuf-root', await rootFile(good, 'good-root-2.json')]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`TUF repository ${other.url}`);
    expect(r.stderr).toContain('was refused: timestamp was signed by 0/1 keys');
    expect(r.stderr).toContain('next:');
    expect(existsSync(r.out)).toBe(false);
  });

  it('expired metadata is refused', async () => {
    const s = await serve(expiredTufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
    const r = await bundleWith(freshCache(), ['--tuf-mirror', s.url, '--tuf-root', await rootFile(s, 'expired-root.json')]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`TUF repository ${s.url}`);
    expect(r.stderr).toMatch(/expired/i);
    expect(r.stderr).toContain('next:');
    expect(existsSync(r.out)).toBe(false);
  });

  it('an unreachable mirror with no cache: refused before any pull, naming the mirror, with a next: step', async () => {
    const closed = await serve(tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
    const rootPath = await rootFile(closed, 'closed-root.json');
    await closed.stop();
    const r = await bundleWith(freshCache(), ['--tuf-mirror', closed.url, '--tuf-root', rootPath, '--retries', '0']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`the TUF repository ${closed.url} cannot be reached`);
    expect(r.stderr).toContain('next:');
    expect(r.stderr).toContain('--trusted-root');
    expect(existsSync(r.out)).toBe(false);
  });

  it('a mirror that accepts and never answers, default timeouts: ends at the TUF walk bound, naming it and the mirror (the built CLI)', async () => {
    const sockets = new Set<Socket>();
    const hang = createServer((c) => void sockets.add(c));
    await new Promise<void>((res) => hang.listen(0, '127.0.0.1', res));
    const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    try {
      const out = join(work, 'hanging.tar');
      const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
      const r = await execa(
        bin,
        ['bundle', '--image', IMAGE, ...mirror(), ...keyless, '--tuf-mirror', url, '--tuf-root', await rootFile(good, 'hang-root.json'), '-o', out],
        {
          reject: false,
          env: env(freshCache()),
          stdin: 'ignore',
          timeout: 110_000,
          killSignal: 'SIGKILL',
        },
      );
      expect(r.timedOut).toBe(false);
      expect(r.exitCode).not.toBe(0);
      // a request ends at 10 s (retried once as a stall), the whole walk at 30 s: whichever comes first is named
      expect(r.stderr).toMatch(
        new RegExp(
          `the TUF repository ${url} cannot be reached \\((no answer within 30 s for the whole TUF refresh|GET ${url}/\\S+: no response head from \\S+ within 10 s)`,
        ),
      );
      expect(r.stderr).toContain('10 s a request, 30 s the whole refresh');
      expect(r.stderr).toContain('next:');
      expect(existsSync(out)).toBe(false);
    } finally {
      for (const c of sockets) c.destroy();
      await new Promise((res) => hang.close(res));
    }
  });

  it('an unreachable mirror with a cache whose TUF metadata is still valid: the cached trusted root is used, with a warning', async () => {
    const s = await serve(tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
    const cache = freshCache();
    const rootPath = await rootFile(s, 'gone-root.json');
    expect((await bundleWith(cache, ['--tuf-mirror', s.url, '--tuf-root', rootPath])).exitCode).toBe(0);
    await s.stop();
    const r = await bundleWith(cache, ['--tuf-mirror', s.url, '--retries', '0']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`the TUF repository ${s.url} cannot be reached: using the trusted root cached`);
    expect((await readBundleLock(r.out)).signaturePolicy!.trustedRoot).toBe(mock.trustedRoot);
  });

  it('another mirror with no TUF root given or cached: refused with the flag to give', async () => {
    const r = await bundleWith(freshCache(), ['--tuf-mirror', good.url]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`no TUF root for ${good.url}`);
    expect(r.stderr).toContain('next: give --tuf-root');
  });

  it("a --tuf-root that is not a TUF root (unsigned, or not one at all) is the file's fault: refused naming the flag", async () => {
    const unsigned = JSON.parse(good.root) as { signatures: unknown[] };
    unsigned.signatures = [];
    for (const text of ['{}', JSON.stringify(unsigned)]) {
      const f = join(work, `bad-root-${text.length}.json`);
      await writeFile(f, text);
      const r = await bundleWith(freshCache(), ['--tuf-mirror', good.url, '--tuf-root', f]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('--tuf-root: not a usable TUF root.json');
      expect(r.stderr).toContain('next:');
    }
  });

  it('--trusted-root and --tuf-mirror are two sources of one thing: refused', async () => {
    const r = await bundleWith(freshCache(), ['--tuf-mirror', good.url, '--trusted-root', join(work, 'x.json')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--trusted-root and --tuf-mirror');
  });

  it("one run at a time refreshes a mirror's cache: a live holder of its lock is waited for at most --timeout, then named", async () => {
    const cache = freshCache();
    const name = encodeURIComponent(new URL(good.url).host);
    await mkdir(join(cache, 'tuf'), { recursive: true, mode: 0o700 });
    // held by a live process of this host (this one, as another run in it would be)
    await writeFile(join(cache, 'tuf', `${name}.lock`), `${process.pid} ${hostname()}\n`);
    const r = await runCli(
      ['--timeout', '1', 'bundle', '--image', IMAGE, ...mirror(), ...keyless, '--tuf-mirror', good.url, '-o', join(work, 'busy.tar')],
      env(cache),
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`the TUF cache of ${good.url} is being updated by another run (pid and host: ${process.pid} ${hostname()})`);
    expect(r.stderr).toContain('next:');
  });

  it('offline: verify --signatures checks the bundle against the snapshot it carries, with the TUF mirror gone', async () => {
    const s = await serve(tufRepoFiles([{ name: 'trusted_root.json', content: mock.trustedRoot }]));
    const b = await bundleWith(freshCache(), ['--tuf-mirror', s.url, '--tuf-root', await rootFile(s, 'offline-root.json')]);
    expect(b.exitCode, b.stderr).toBe(0);
    await s.stop();
    const v = await runCli(['verify', '--signatures', b.out], env(freshCache()));
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`VERIFIED  image ${IMAGE}@${src.images[0]!.digest}  signed by ${ME} (${ISSUER})`);
    expect(v.stdout).toContain(`trusted root: from the TUF repository ${s.url}`);
  });
});
