import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { staticCredentials } from '../../src/registry/credentials.js';
import { HttpClient } from '../../src/registry/http.js';
import { Secret } from '../../src/util/secret.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { image, randomBlob, readStream, sameBytes, stream } from './content.js';

const fast = { retryBaseMs: 5, retryMaxMs: 50 };

describe('transient faults through the fault proxy', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  let client: RegistryClient;
  const big = randomBlob(600 * 1024);
  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await startFaultProxy(reg.host);
    client = new RegistryClient({ ...fast, chunkSize: 128 * 1024, monolithicMax: 64 * 1024 });
    await client.repository(`${reg.host}/f/app`).push(big.desc, stream(big));
  });
  afterAll(async () => {
    await proxy.stop();
    await reg.stop();
  });

  it('retries 429 honouring Retry-After, then succeeds (DS: TOOMANYREQUESTS)', async () => {
    proxy.inject({ method: 'HEAD', path: '/blobs/', fault: { kind: 'status', status: 429, retryAfter: '0' } });
    expect(await client.repository(`${proxy.host}/f/app`).exists(big.desc)).toBe(true);
    expect(proxy.pending()).toBe(0);
  });

  it('waits what Retry-After asks rather than its own backoff (DS main: 429 SHOULD carry Retry-After)', async () => {
    const patient = new RegistryClient({ retryBaseMs: 5, retryMaxMs: 5_000 });
    const logs: string[] = [];
    const ctx = { onProgress: (e: { type: string; message?: string }) => void (e.message && logs.push(e.message)) };
    proxy.inject({ method: 'HEAD', path: '/blobs/', fault: { kind: 'status', status: 429, retryAfter: '1' } });
    expect(await patient.repository(`${proxy.host}/f/app`).exists(big.desc, ctx)).toBe(true);
    expect(logs.some((m) => /retry 1 of 4 in 1000 ms after: .*429/.test(m))).toBe(true);
  });

  it('retries a failed small-blob PUT in a fresh upload session', async () => {
    const b = randomBlob(10_000);
    proxy.inject({ method: 'PUT', path: '/blobs/uploads/', fault: { kind: 'status', status: 500 } });
    const before = proxy.log.length;
    const repo = client.repository(`${proxy.host}/f/small`);
    await repo.push(b.desc, stream(b));
    expect(await repo.exists(b.desc)).toBe(true);
    expect(proxy.log.slice(before).filter((l) => l.method === 'POST')).toHaveLength(2);
  });

  it('retries 500 and 503 answers', async () => {
    proxy.inject({ method: 'GET', path: big.desc.digest, times: 2, fault: { kind: 'status', status: 500 } });
    proxy.inject({ method: 'GET', path: big.desc.digest, fault: { kind: 'status', status: 503 } });
    expect(sameBytes(await readStream(await client.repository(`${proxy.host}/f/app`).fetch(big.desc)), big.bytes)).toBe(true);
    expect(proxy.pending()).toBe(0);
  });

  it('gives up after the retry budget with the status in the error', async () => {
    const once = new RegistryClient({ ...fast, retries: 1 });
    proxy.inject({ method: 'HEAD', path: '/blobs/', times: 2, fault: { kind: 'status', status: 500 } });
    await expect(once.repository(`${proxy.host}/f/app`).exists(big.desc)).rejects.toMatchObject({ status: 500, transient: true });
  });

  it('resumes a blob cut mid-body with Range and verifies the whole (DS: Range SHOULD be supported)', async () => {
    proxy.inject({ method: 'GET', path: big.desc.digest, fault: { kind: 'cut', afterBytes: 200_000 } });
    const before = proxy.log.length;
    const got = await readStream(await client.repository(`${proxy.host}/f/app`).fetch(big.desc));
    expect(sameBytes(got, big.bytes)).toBe(true);
    const gets = proxy.log.slice(before).filter((l) => l.method === 'GET');
    expect(gets[0]?.fault).toBe('cut');
    expect(gets[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/bytes=(\d+)-/.exec(String(gets[1]?.headers.range))?.[1])).toBeGreaterThan(0);
  });

  it('continues from an offset (resume across runs)', async () => {
    const tail = await readStream(await client.repository(`${proxy.host}/f/app`).fetch(big.desc, undefined, { offset: 500_000 }));
    expect(sameBytes(tail, big.bytes.subarray(500_000))).toBe(true);
  });

  it('refuses bytes that do not match the digest (corrupted in transit)', async () => {
    proxy.inject({ method: 'GET', path: big.desc.digest, fault: { kind: 'corrupt', at: 1234 } });
    await expect(readStream(await client.repository(`${proxy.host}/f/app`).fetch(big.desc))).rejects.toThrow(/digest mismatch/);
  });

  it('survives a reset on a manifest HEAD', async () => {
    const repo = client.repository(`${proxy.host}/f/app`);
    const img = image([randomBlob(100)]);
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.push(img.manifest.desc, stream(img.manifest));
    await repo.tag(img.manifest.desc, 'v1');
    proxy.inject({ method: 'HEAD', path: '/manifests/v1', fault: { kind: 'reset' } });
    expect((await repo.resolve('v1')).digest).toBe(img.manifest.desc.digest);
  });

  it('a registry that fails a mount request gets a normal upload instead (ggcr#1404)', async () => {
    const b = randomBlob(5000);
    const repo = client.repository(`${proxy.host}/f/nomount`);
    proxy.inject({ method: 'POST', path: 'mount=', times: 2, fault: { kind: 'status', status: 400, body: '{"errors":[{"code":"UNSUPPORTED"}]}' } });
    expect(await repo.mount(b.desc, 'f/app')).toBe(false);
    await repo.push(b.desc, stream(b), undefined, { mountFrom: 'f/app' });
    expect(await repo.exists(b.desc)).toBe(true);
    expect(proxy.pending()).toBe(0);
  });

  it('uploads large blobs in PATCH chunks with Content-Range (DS chunked push)', async () => {
    const before = proxy.log.length;
    const b = randomBlob(300 * 1024);
    await client.repository(`${proxy.host}/f/chunks`).push(b.desc, stream(b));
    const patches = proxy.log.slice(before).filter((l) => l.method === 'PATCH');
    expect(patches.map((p) => p.headers['content-range'])).toEqual(['0-131071', '131072-262143', '262144-307199']);
  });

  it('falls back to one streamed PUT when the registry refuses chunks', async () => {
    proxy.inject({ method: 'PATCH', fault: { kind: 'status', status: 405, body: '{"errors":[{"code":"UNSUPPORTED"}]}' } });
    const b = randomBlob(300 * 1024);
    const repo = client.repository(`${proxy.host}/f/nochunks`);
    await repo.push(b.desc, stream(b));
    expect(sameBytes(await readStream(await repo.fetch(b.desc)), b.bytes)).toBe(true);
  });
});

describe('redirects (DS: MUST NOT forward Authorization across hosts)', () => {
  let reg: RunningRegistry;
  let blobStore: Server;
  let redirector: Server;
  const seen: IncomingHttpHeaders[] = [];
  const b = randomBlob(5000);
  let redirectHost = '';
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('carol', 'pw-carol-1') } });
    const c = new RegistryClient({ credentials: staticCredentials({ username: 'carol', password: new Secret('pw-carol-1') }, [reg.host]) });
    await c.repository(`${reg.host}/r/app`).push(b.desc, stream(b));
    // "S3": another host serving the blob bytes, recording what headers arrive
    blobStore = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-length': String(b.bytes.length) }).end(b.bytes);
    });
    await new Promise<void>((r) => blobStore.listen(0, '127.0.0.2', r));
    const storeUrl = `http://127.0.0.2:${(blobStore.address() as AddressInfo).port}/bucket/blob?X-Amz-Signature=abc`;
    // the "registry": passes everything to docker-registry except blob GETs, which it redirects
    redirector = createServer((req, res) => {
      if (req.method === 'GET' && req.url?.includes('/blobs/')) {
        seen.push(req.headers);
        res.writeHead(307, { location: storeUrl }).end();
        return;
      }
      void fetch(`${reg.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string> }).then(async (up) => {
        res.writeHead(up.status, Object.fromEntries(up.headers)).end(Buffer.from(await up.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectHost = `127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    blobStore.close();
    redirector.close();
    await reg.stop();
  });

  it('follows a blob redirect to another host without Authorization', async () => {
    const c = new RegistryClient({ credentials: staticCredentials({ username: 'carol', password: new Secret('pw-carol-1') }, [redirectHost]) });
    const repo = c.repository(`${redirectHost}/r/app`);
    expect(await repo.exists(b.desc)).toBe(true); // learns the Basic challenge
    seen.length = 0;
    expect(sameBytes(await readStream(await repo.fetch(b.desc)), b.bytes)).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.authorization).toMatch(/^Basic /);
    expect(seen[1]?.authorization).toBeUndefined();
  });
});

describe('scheme policy (HTTPS by default; HTTP only for loopback or --insecure-registry)', () => {
  it.each([
    ['registry.example.com', 'https'],
    ['localhost:5000', 'http'],
    ['127.0.0.1:5000', 'http'],
    ['127.1.2.3', 'http'],
    ['[::1]:5000', 'http'],
    ['10.0.0.5:5000', 'https'],
  ])('%s → %s', (host, scheme) => {
    expect(new HttpClient().schemeFor(host)).toBe(scheme);
  });

  it('an insecure host may use plain HTTP', () => {
    expect(new HttpClient({ insecureHosts: ['10.0.0.5:5000'] }).schemeFor('10.0.0.5:5000')).toBe('http');
  });

  it('refuses plain HTTP to a non-loopback host, naming --insecure-registry', async () => {
    const err = await new HttpClient().send({ method: 'GET', url: 'http://registry.example.com/v2/' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ transient: false });
    expect(String(err)).toMatch(/plain HTTP refused/);
    expect((err as { hint: string }).hint).toMatch(/--insecure-registry registry.example.com/);
  });

  it('refuses a redirect from loopback to plain HTTP on another host', async () => {
    const srv = createServer((_req, res) => res.writeHead(302, { location: 'http://registry.example.com/x' }).end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v2/`;
      await expect(new HttpClient().send({ method: 'GET', url })).rejects.toThrow(/plain HTTP refused/);
    } finally {
      srv.close();
    }
  });
});
