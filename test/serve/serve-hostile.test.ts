// `helm airgap serve` against what goes wrong: a damaged blob in an unpacked bundle (never
// served as good: Helm's pull fails, a range is refused), hostile clients (oversized heads, a
// head that never ends, more connections than allowed), and TLS with a private CA. Also the
// referrers API over a bundle folder that carries an SBOM about an image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { packFixture } from '../charts/chart-fixtures.js';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { formatLock, LOCK_FILE_NAME } from '../../src/bundle/lock.js';
import { LayoutStore } from '../../src/layout/layout-store.js';
import { makeTestCa } from '../support/test-ca.js';
import { realHelm } from '../support/tools.js';
import { runCli } from '../bundle/run-cli.js';
import { get, startServe } from './serve-helpers.js';

let work = '';
let bundle: FixtureBundle;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-serve-hostile-'));
  const chart = await readFile(await packFixture('demo', work, '1.2.1'));
  bundle = await writeFixtureBundle(
    work,
    [
      { name: 'registry.example.com/acme/app', tag: '1.0.0', layers: [{ seed: 'app', size: 64 * 1024 }] },
      // more than the socket buffers hold: a reader that stops reading holds the server's write
      { name: 'registry.example.com/acme/big', tag: '1.0.0', layers: [{ seed: 'big', size: 64 * 1024 * 1024 }] },
    ],
    [{ name: 'demo', version: '1.2.1', archive: chart }],
  );
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `p`, or a failure naming `step` when it has not happened within 30 s (not the test's 120 s timeout). */
async function within<T>(step: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${step}: did not happen within 30 s`)), 30_000)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blobFile = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));

describe('serve: damaged content is not served as good', () => {
  it('a blob whose bytes no longer match its digest: the response is cut before its last bytes, helm pull fails, a range is refused', async () => {
    const dir = join(work, 'damaged');
    await cp(bundle.dir, dir, { recursive: true });
    const layer = bundle.charts[0]!.blobs[1]!;
    const size = (await stat(blobFile(dir, layer))).size;
    await writeFile(blobFile(dir, layer), Buffer.alloc(size, 0x41));
    const s = await startServe([dir]);
    try {
      await expect(fetch(`${s.url}/v2/charts/demo/blobs/${layer}`).then((r) => r.arrayBuffer())).rejects.toThrow();
      const ranged = await get(`${s.url}/v2/charts/demo/blobs/${layer}`, { headers: { Range: 'bytes=0-9' } });
      expect(ranged.status).toBe(500);
      expect(ranged.body.toString()).toContain('damaged');
      const { helm } = await realHelm(4);
      const dest = join(work, 'pulled-damaged');
      await mkdir(dest);
      const r = await execa(helm, ['pull', `oci://${s.host}/charts/demo`, '--version', '1.2.1', '--plain-http', '-d', dest], {
        reject: false,
        env: { HELM_CONFIG_HOME: join(work, 'hc'), HELM_CACHE_HOME: join(work, 'hk') },
      });
      expect(r.exitCode).not.toBe(0);
      await expect(stat(join(dest, 'demo-1.2.1.tgz'))).rejects.toThrow();
      expect(s.stderr()).toContain(layer);
    } finally {
      await s.stop();
    }
  });
});

describe('serve: an unpacked bundle folder with an SBOM about its image', () => {
  it('lists the SBOM through the referrers API, filtered by artifactType', async () => {
    const dir = join(work, 'with-sbom');
    await cp(bundle.dir, dir, { recursive: true });
    const store = await LayoutStore.open(dir);
    const image = bundle.lock.images[0]!;
    const empty = Buffer.from('{}');
    const emptyD = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha(empty), size: empty.length };
    await store.push(emptyD, Readable.from([empty]));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/spdx+json',
        config: emptyD,
        layers: [emptyD],
        subject: { mediaType: image.mediaType, digest: image.digest, size: (await stat(blobFile(dir, image.digest))).size },
      }),
    );
    const md = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length };
    await store.push(md, Readable.from([manifest]));
    await store.tag(md, 'sbom/app');
    const lock = { ...bundle.lock, images: [{ ...image, artifacts: [{ ...md, artifactType: 'application/spdx+json', layoutRef: 'sbom/app' }] }] };
    await writeFile(join(dir, LOCK_FILE_NAME), formatLock(lock));
    const s = await startServe([dir]);
    try {
      const base = `${s.url}/v2/registry.example.com/acme/app/referrers/${image.digest}`;
      const all = JSON.parse((await get(base)).body.toString()) as { manifests: { digest: string; artifactType: string }[] };
      expect(all.manifests).toEqual([expect.objectContaining({ digest: md.digest, artifactType: 'application/spdx+json' })]);
      const other = await get(`${base}?artifactType=application/vnd.example.other`);
      expect(other.headers.get('oci-filters-applied')).toBe('artifactType');
      expect(JSON.parse(other.body.toString()).manifests).toEqual([]);
      // the referrer itself is pullable by digest from the same repository
      expect((await get(`${s.url}/v2/registry.example.com/acme/app/manifests/${md.digest}`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe('serve: hostile clients are bounded', () => {
  it('refuses an oversized request head (431), cuts a head that never ends and a reader that stops, and closes connections past --max-connections', async () => {
    const s = await startServe([bundle.file, '--max-connections', '4', '--idle-timeout', '1', '-v']);
    const port = Number(new URL(s.url).port);
    try {
      const oversized = await get(`${s.url}/v2/`, { headers: { 'X-Big': 'a'.repeat(20_000) } });
      expect(oversized.status).toBe(431);
      // a head that never ends (slowloris): closed by the server, not left open
      const slow = connect(port, '127.0.0.1');
      await within('the slow client connects', once(slow, 'connect'));
      slow.write('GET /v2/ HTTP/1.1\r\nHost: x\r\n');
      const t0 = Date.now();
      await within('the server closes a head that never ends', once(slow, 'close'));
      expect(Date.now() - t0).toBeLessThan(5_000);
      // a reader that asks for a large blob and stops reading: cut once nothing moves for the idle
      // time (the server says so under -v); what it then reads is short of the blob
      const big = bundle.images.find((i) => i.name.endsWith('/big'))!;
      const layer = big.blobs.at(-1)!;
      // the server's line names the reader's own port (the slow client's cut is said too, and may
      // reach us late); watched from the request's start: on a loaded machine the test may read the
      // first bytes only after the server has already cut the reader and said so
      const reader = connect(port, '127.0.0.1');
      const readerClosed = once(reader, 'close');
      await within('the reader connects', once(reader, 'connect'));
      const readerCut = `:${reader.localPort}: nothing moved`;
      const cutSeen = new Promise<void>((resolve) => {
        const check = () => s.stderr().includes(readerCut) && resolve();
        s.child.stderr!.on('data', check);
        check();
      });
      reader.write(`GET /v2/registry.example.com/acme/big/blobs/${layer} HTTP/1.1\r\nHost: x\r\n\r\n`);
      let received = 0;
      const counting = (b: Buffer) => void (received += b.length);
      await within("the blob's first bytes arrive", once(reader, 'data'));
      reader.pause();
      const t1 = Date.now();
      await within('the server says it cut the reader (-v)', cutSeen);
      expect(Date.now() - t1).toBeLessThan(5_000);
      reader.on('data', counting);
      reader.resume();
      await within("the cut reader's socket closes", readerClosed);
      expect(received).toBeLessThan(64 * 1024 * 1024);
      // more connections than allowed: the extra ones are closed at once
      const sockets: Socket[] = [];
      const closedByServer: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) {
        const c = connect(port, '127.0.0.1');
        sockets.push(c);
        closedByServer.push(once(c, 'close'));
        await within(`connection ${i + 1} of 12 connects`, once(c, 'connect'));
      }
      const settled = await Promise.race([Promise.all(closedByServer.slice(4)), new Promise((r) => setTimeout(() => r('timeout'), 5_000))]);
      expect(settled).not.toBe('timeout');
      for (const c of sockets) c.destroy();
      // the server frees a connection's slot once it has seen it close, which may come after our
      // next connect on a loaded machine: ask again (bounded) until it serves
      let status = 0;
      for (let i = 0; i < 250 && status !== 200; i++) {
        status = await get(`${s.url}/v2/`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe('serve: TLS with the given certificate', () => {
  it('serves HTTPS that a client trusting the CA copies from', async () => {
    const ca = await makeTestCa(join(work, 'ca'), 'serve');
    const s = await startServe([bundle.file, '--cert-file', ca.certFile, '--key-file', ca.keyFile]);
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const out = join(work, 'tls-out');
      const r = await runCli(['copy', `docker://${s.host}/registry.example.com/acme/app:1.0.0`, `oci:${out}:app`, '--ca-file', `${s.host}=${ca.caFile}`]);
      expect(r.exitCode, r.stderr).toBe(0);
      const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
      expect(index.manifests[0]!.digest).toBe(bundle.lock.images[0]!.digest);
    } finally {
      await s.stop();
    }
  });

  it('says which port is taken and what to give instead', async () => {
    const s = await startServe([bundle.file]);
    try {
      const r = await runCli(['serve', bundle.file, '--port', new URL(s.url).port]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('EADDRINUSE');
      expect(r.stderr).toContain('next: another process listens on');
    } finally {
      await s.stop();
    }
  });

  it('refuses a certificate without its key, naming the missing flag', async () => {
    const r = await runCli(['serve', bundle.file, '--cert-file', join(work, 'ca', 'server.pem')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--key-file');
  });
});

describe('serve: a blob whose file changes after it was verified', () => {
  const rangeOf = (url: string) => get(url, { headers: { Range: 'bytes=0-9' } });

  it('unpacked: the changed blob file is verified again and refused as damaged; put back, served again', async () => {
    const dir = join(work, 'changing');
    await cp(bundle.dir, dir, { recursive: true });
    const layer = bundle.charts[0]!.blobs[1]!;
    const file = blobFile(dir, layer);
    const good = await readFile(file);
    const s = await startServe([dir]);
    try {
      const url = `${s.url}/v2/charts/demo/blobs/${layer}`;
      const first = await rangeOf(url);
      expect(first.status).toBe(206);
      expect(first.body).toEqual(good.subarray(0, 10));
      await writeFile(file, Buffer.alloc(good.length, 0x41));
      const changed = await rangeOf(url);
      expect(changed.status).toBe(500);
      expect(changed.body.toString()).toContain('damaged');
      await writeFile(file, good);
      const back = await rangeOf(url);
      expect(back.status).toBe(206);
      expect(back.body).toEqual(good.subarray(0, 10));
      expect(s.stderr()).toContain(`blob ${layer} of charts/demo: its file changed since it was verified: verifying it again`);
    } finally {
      await s.stop();
    }
  });

  it('a bundle file changed in place under a running serve: the range is not answered with the new bytes', async () => {
    const file = join(work, 'changing.tar');
    await cp(bundle.file, file);
    const layer = bundle.charts[0]!.blobs[1]!;
    const good = await readFile(blobFile(bundle.dir, layer));
    const s = await startServe([file]);
    try {
      const url = `${s.url}/v2/charts/demo/blobs/${layer}`;
      expect((await rangeOf(url)).status).toBe(206);
      const tar = await readFile(file);
      const at = tar.indexOf(good);
      expect(at).toBeGreaterThan(0);
      const { open } = await import('node:fs/promises');
      const fh = await open(file, 'r+');
      await fh.write(Buffer.alloc(10, 0x41), 0, 10, at);
      await fh.close();
      const changed = await rangeOf(url);
      expect(changed.status).toBe(500);
      expect(changed.body.includes(Buffer.alloc(10, 0x41))).toBe(false);
    } finally {
      await s.stop();
    }
  });
});
