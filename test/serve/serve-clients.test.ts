// `helm airgap serve bundle.tar` judged by real clients: skopeo, Helm 4's `helm pull oci://`,
// and `helm airgap copy` into a real docker-registry, digests compared with the bundle's lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packFixture } from '../charts/chart-fixtures.js';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { realHelm, requireTool } from '../support/tools.js';
import { runCli } from '../bundle/run-cli.js';
import { writeArchive } from '../../src/layout/archive-writer.js';
import { LOCK_FILE_NAME } from '../../src/bundle/lock.js';
import { get, startServe, type RunningServe } from './serve-helpers.js';

let work = '';
let bundle: FixtureBundle;
let chart: Buffer;
let served: RunningServe;
let registry: RunningRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-serve-'));
  chart = await readFile(await packFixture('demo', work, '1.2.1'));
  bundle = await writeFixtureBundle(
    work,
    [
      { name: 'registry.example.com/acme/app', tag: '1.0.0', platforms: ['linux/amd64', 'linux/arm64'], layers: [{ seed: 'app', size: 200 * 1024 }] },
      { name: 'docker.io/library/busybox', tag: '1.36', layers: [{ seed: 'busybox', size: 32 * 1024 }], mediaTypes: 'docker' },
    ],
    [{ name: 'demo', version: '1.2.1', archive: chart }],
  );
  registry = await startRegistry();
  served = await startServe([bundle.file]);
}, 60_000);

afterAll(async () => {
  await served?.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

const app = () => bundle.lock.images.find((i) => i.ref.startsWith('registry.example.com/acme/app'))!;
const busybox = () => bundle.lock.images.find((i) => i.ref.startsWith('docker.io/library/busybox'))!;

describe('serve: real clients pull from the bundle as carried', () => {
  it('prints where it listens (loopback, a port the system picked) and each repository with its tags', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.stdout()).toContain('charts/demo  1.2.1');
    expect(served.stdout()).toContain('registry.example.com/acme/app  1.0.0');
  });

  it('skopeo inspects and copies every platform, digests as the lock has them', async () => {
    const skopeo = await requireTool('skopeo', 'skopeo');
    const ref = `docker://${served.host}/registry.example.com/acme/app:1.0.0`;
    const inspected = JSON.parse((await execa(skopeo, ['inspect', '--tls-verify=false', ref])).stdout) as { Digest: string; RepoTags: string[] };
    expect(inspected.Digest).toBe(app().digest);
    expect(inspected.RepoTags).toEqual(['1.0.0']);
    const out = join(work, 'skopeo-out');
    await execa(skopeo, [
      'copy',
      '--all',
      '--preserve-digests',
      '--src-tls-verify=false',
      '--quiet',
      `docker://${served.host}/docker.io/library/busybox:1.36`,
      `oci:${out}:bb`,
    ]);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests[0]!.digest).toBe(busybox().digest);
  });

  it('Helm 4 pulls the chart with helm pull oci:// --plain-http, byte for byte, and installs it (--dry-run=client)', async () => {
    const { helm } = await realHelm(4);
    const dest = join(work, 'pulled');
    await mkdir(dest);
    const r = await execa(helm, ['pull', `oci://${served.host}/charts/demo`, '--version', '1.2.1', '--plain-http', '-d', dest], {
      env: { HELM_CONFIG_HOME: join(work, 'helm-config'), HELM_CACHE_HOME: join(work, 'helm-cache') },
    });
    expect(r.stderr + r.stdout).toContain(`Digest: ${bundle.charts[0]!.manifestDigest}`);
    expect(await readFile(join(dest, 'demo-1.2.1.tgz'))).toEqual(chart);
    const installed = await execa(helm, ['install', 'demo', `oci://${served.host}/charts/demo`, '--version', '1.2.1', '--plain-http', '--dry-run=client'], {
      env: { HELM_CONFIG_HOME: join(work, 'helm-config'), HELM_CACHE_HOME: join(work, 'helm-cache') },
    });
    expect(installed.stdout).toContain('Dry run complete');
  });

  it('helm airgap copy fills a real docker-registry from it, digests unchanged', async () => {
    for (const img of [app(), busybox()]) {
      const path = img.ref.replace(/:[^:/]+$/, '');
      const tag = img.ref.slice(path.length + 1);
      const r = await runCli(['copy', `docker://${served.host}/${path}:${tag}`, `docker://${registry.host}/site/${path}:${tag}`]);
      expect(r.exitCode, r.stderr).toBe(0);
      const head = await fetch(`http://${registry.host}/v2/site/${path}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { Accept: [img.mediaType, 'application/vnd.oci.image.index.v1+json'].join(', ') },
      });
      expect(head.headers.get('docker-content-digest')).toBe(img.digest);
    }
  });

  it("containerd's ctr fetches every platform of an image (its own containerd, temp root)", async () => {
    const [containerd, ctr] = [await requireTool('containerd', 'containerd'), await requireTool('ctr', 'containerd')];
    const dir = await mkdtemp(join(tmpdir(), 'ctrd-'));
    const sock = join(dir, 'c.sock');
    await writeFile(join(dir, 'config.toml'), 'version = 2\n');
    const daemon = execa(containerd, ['-c', join(dir, 'config.toml'), '--root', join(dir, 'root'), '--state', join(dir, 'state'), '--address', sock], {
      reject: false,
    });
    try {
      // ready once containerd says it booted: the socket file can exist before it listens, and a
      // refused dial is not waited on by `ctr --timeout` (seen once on a loaded 2-core run)
      await new Promise<void>((resolve, reject) => {
        let said = '';
        const timer = setTimeout(() => reject(new Error(`containerd did not boot in 30 s: ${said.slice(-500)}`)), 30_000);
        daemon.stderr!.on('data', (chunk: Buffer) => {
          said += chunk.toString();
          if (said.includes('successfully booted')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void daemon.then((r) => {
          clearTimeout(timer);
          reject(new Error(`containerd exited (${r.exitCode}): ${said.slice(-500)}`));
        });
      });
      await execa(ctr, ['--address', sock, '--timeout', '10s', 'version'], { timeout: 15_000 });
      const ref = `${served.host}/registry.example.com/acme/app:1.0.0`;
      await execa(ctr, ['--address', sock, 'content', 'fetch', '--plain-http', '--all-platforms', ref]);
      const listed = (await execa(ctr, ['--address', sock, 'images', 'ls'])).stdout;
      expect(listed).toContain(app().digest);
      expect(listed).toContain('linux/amd64,linux/arm64');
    } finally {
      daemon.kill('SIGTERM');
      await daemon;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers the catalog, tag lists (paged) and manifests by tag and by digest, GET and HEAD', async () => {
    const cat = JSON.parse((await get(`${served.url}/v2/_catalog`)).body.toString());
    expect(cat.repositories).toEqual(['charts/demo', 'docker.io/library/busybox', 'registry.example.com/acme/app']);
    const paged = await get(`${served.url}/v2/_catalog?n=1`);
    expect(JSON.parse(paged.body.toString()).repositories).toEqual(['charts/demo']);
    expect(paged.headers.get('link')).toContain('last=charts%2Fdemo');
    expect(JSON.parse((await get(`${served.url}/v2/charts/demo/tags/list`)).body.toString())).toEqual({ name: 'charts/demo', tags: ['1.2.1'] });
    const byTag = await get(`${served.url}/v2/registry.example.com/acme/app/manifests/1.0.0`, { method: 'HEAD' });
    expect(byTag.status).toBe(200);
    expect(byTag.headers.get('docker-content-digest')).toBe(app().digest);
    expect(byTag.headers.get('content-type')).toBe(app().mediaType);
    const byDigest = await get(`${served.url}/v2/registry.example.com/acme/app/manifests/${app().digest}`);
    expect(byDigest.body.length).toBe(Number(byTag.headers.get('content-length')));
  });

  it('serves a blob range (206) and refuses an unsatisfiable one (416)', async () => {
    const layer = bundle.charts[0]!.blobs[1]!;
    const part = await get(`${served.url}/v2/charts/demo/blobs/${layer}`, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${chart.length}`);
    expect(part.body).toEqual(chart.subarray(10, 20));
    const tail = await get(`${served.url}/v2/charts/demo/blobs/${layer}`, { headers: { Range: 'bytes=-5' } });
    expect(tail.body).toEqual(chart.subarray(chart.length - 5));
    const past = await get(`${served.url}/v2/charts/demo/blobs/${layer}`, { headers: { Range: `bytes=${chart.length}-` } });
    expect(past.status).toBe(416);
  });

  it('refuses every write with 405 UNSUPPORTED in the spec error format', async () => {
    const cases: [string, string][] = [
      ['POST', '/v2/charts/demo/blobs/uploads/'],
      ['PUT', '/v2/charts/demo/manifests/1.2.1'],
      ['PATCH', '/v2/charts/demo/blobs/uploads/x'],
      ['DELETE', `/v2/charts/demo/manifests/${bundle.charts[0]!.manifestDigest}`],
    ];
    for (const [method, path] of cases) {
      const r = await get(`${served.url}${path}`, { method, body: method === 'DELETE' ? undefined : 'x' });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
      expect(JSON.parse(r.body.toString()).errors[0].code).toBe('UNSUPPORTED');
    }
    // and nothing changed
    expect(JSON.parse((await get(`${served.url}/v2/charts/demo/tags/list`)).body.toString()).tags).toEqual(['1.2.1']);
  });

  it('answers what is not there with NAME_UNKNOWN, MANIFEST_UNKNOWN, BLOB_UNKNOWN; path tricks reach nothing', async () => {
    const code = async (path: string) => {
      const r = await get(`${served.url}${path}`);
      return `${r.status} ${JSON.parse(r.body.toString()).errors[0].code}`;
    };
    expect(await code('/v2/nobody/here/tags/list')).toBe('404 NAME_UNKNOWN');
    expect(await code('/v2/charts/demo/manifests/9.9.9')).toBe('404 MANIFEST_UNKNOWN');
    expect(await code(`/v2/charts/demo/blobs/sha256:${'0'.repeat(64)}`)).toBe('404 BLOB_UNKNOWN');
    // a blob of another repository is not this one's
    expect(await code(`/v2/charts/demo/blobs/${app().digest}`)).toBe('404 BLOB_UNKNOWN');
    expect(await code('/v2/charts/demo/blobs/sha256:%2e%2e%2f%2e%2e')).toBe('400 DIGEST_INVALID');
    // as sent, not as a URL parser would tidy them
    const curl = async (path: string) => (await execa('curl', ['-s', '--path-as-is', `${served.url}${path}`])).stdout;
    expect(await curl('/v2/%2e%2e/%2e%2e/etc/manifests/passwd')).toContain('NAME_INVALID');
    expect(await curl('/v2/charts%2fdemo/tags/list')).toContain('NAME_INVALID');
    expect(await curl('/v2/charts/demo/../../../../etc/passwd')).toContain('NOT_FOUND');
    expect(await curl('/v2/charts/demo/blobs/..%2f..%2fetc%2fpasswd')).toContain('DIGEST_INVALID');
  });

  it('serves a bundle split into parts (NAME.tar.000…) as carried, a layer across parts included', async () => {
    const file = join(work, 'split', 'bundle.tar');
    await mkdir(join(work, 'split'));
    await writeArchive(bundle.dir, file, { extra: [{ name: LOCK_FILE_NAME, bytes: await readFile(join(bundle.dir, LOCK_FILE_NAME)) }], splitSize: 64 * 1024 });
    const own = await startServe([file]);
    try {
      const out = join(work, 'split-out');
      const r = await runCli(['copy', `docker://${own.host}/registry.example.com/acme/app:1.0.0`, `oci:${out}:app`]);
      expect(r.exitCode, r.stderr).toBe(0);
      const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
      expect(index.manifests[0]!.digest).toBe(app().digest);
    } finally {
      await own.stop();
    }
  });

  it('ends cleanly on SIGTERM with exit 143', async () => {
    const own = await startServe([bundle.file]);
    expect((await get(`${own.url}/v2/`)).status).toBe(200);
    expect(await own.stop('SIGTERM')).toBe(143);
    expect(own.stderr()).toContain('stopped serving');
  });
});
