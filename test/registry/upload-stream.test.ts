// Large blobs as one streamed PATCH then PUT ?digest= (crane's way; protocols.md §1.5, §5.6):
// against a real docker-registry and the ECR stand-in, with the digest checked before the PUT
// and the chunked fallback when the registry refuses the stream.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { staticCredentials } from '../../src/registry/credentials.js';
import { uploadBlob, type UploadTarget } from '../../src/registry/upload.js';
import { Secret } from '../../src/util/secret.js';
import { isTransient } from '../../src/util/transient.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { randomBlob, readStream, sameBytes, stream } from './content.js';

const MiB = 1024 * 1024;

/** A docker-registry behind a logging fault proxy, started for the describe block this is called in. */
function registryBehindProxy(): { readonly proxy: FaultProxy } {
  let reg: RunningRegistry | undefined;
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await startFaultProxy(reg.host);
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });
  return {
    get proxy() {
      return proxy!;
    },
  };
}

describe('streamed blob upload (one PATCH, no Content-Range, then PUT ?digest=)', () => {
  const client = new RegistryClient({ retries: 1, retryBaseMs: 5 });
  const target = (path: string, o: Partial<UploadTarget> = {}): UploadTarget => ({
    http: client.http,
    base: `http://${registry.proxy.host}/v2/${path}`,
    scopes: [],
    monolithicMax: MiB,
    stream: true,
    what: path,
    ...o,
  });
  const requests = (from: number) =>
    registry.proxy.log.slice(from).map((l) => `${l.method} ${l.headers['content-range'] ?? '-'} ${l.headers['content-length'] ?? '-'}`);
  const registry = registryBehindProxy();

  it('sends the whole blob in one PATCH with Content-Length from the descriptor (crane, DS chunked push)', async () => {
    const b = randomBlob(12 * MiB);
    const from = registry.proxy.log.length;
    await uploadBlob(target('s/one'), b.desc, stream(b));
    expect(requests(from)).toEqual(['POST - 0', `PATCH - ${12 * MiB}`, 'PUT - 0']);
    expect(sameBytes(await readStream(await client.repository(`${registry.proxy.host}/s/one`).fetch(b.desc)), b.bytes)).toBe(true);
  });

  it.each([
    ['a byte flipped early', 100],
    ['a byte flipped in the last piece', 12 * MiB - 5],
  ])('refuses a blob whose bytes do not match its digest (%s): no PUT, nothing stored', async (_n, at) => {
    const b = randomBlob(12 * MiB);
    const bad = Buffer.from(b.bytes);
    bad[at]! ^= 1;
    const from = registry.proxy.log.length;
    await expect(uploadBlob(target('s/bad'), b.desc, stream(bad))).rejects.toThrow(/digest mismatch/);
    expect(requests(from).some((r) => r.startsWith('PUT'))).toBe(false);
    expect(await client.repository(`${registry.proxy.host}/s/bad`).exists(b.desc)).toBe(false);
  });

  it('an explicit chunk size still gets chunks (OCI-Chunk-Min-Length and ECR parts are set that way)', async () => {
    const b = randomBlob(3 * MiB);
    const from = registry.proxy.log.length;
    await uploadBlob(target('s/chunks', { chunkSize: MiB }), b.desc, stream(b));
    expect(requests(from).filter((r) => r.startsWith('PATCH'))).toEqual([
      `PATCH 0-${MiB - 1} ${MiB}`,
      `PATCH ${MiB}-${2 * MiB - 1} ${MiB}`,
      `PATCH ${2 * MiB}-${3 * MiB - 1} ${MiB}`,
    ]);
  });

  // refusesStreams is per host: each refusal test reaches the proxy under its own name
  const hostNamed = (name: string, path: string) => ({ base: `http://${name}:${registry.proxy.host.split(':')[1]}/v2/${path}` });

  it('a refused stream is replayed as chunks in a new session (fallback keeps the bytes sent so far)', async () => {
    registry.proxy.inject({ method: 'PATCH', fault: { kind: 'status', status: 413, body: '{"errors":[{"code":"SIZE_INVALID"}]}' } });
    // within the 1 MiB replay window, past the monolithic limit
    const b = randomBlob(768 * 1024);
    const from = registry.proxy.log.length;
    await uploadBlob(target('s/refused', { monolithicMax: 512 * 1024, ...hostNamed('127.0.0.1', 's/refused') }), b.desc, stream(b));
    expect(requests(from)).toEqual([
      'POST - 0',
      `PATCH - ${b.bytes.length}`,
      'DELETE - -',
      'POST - 0',
      `PATCH 0-${b.bytes.length - 1} ${b.bytes.length}`,
      'PUT - 0',
    ]);
    expect(sameBytes(await readStream(await client.repository(`${registry.proxy.host}/s/refused`).fetch(b.desc)), b.bytes)).toBe(true);
  });

  it('a stream refused after more than the window went out fails as transient; the retry goes in chunks at once', async () => {
    registry.proxy.inject({ method: 'PATCH', fault: { kind: 'status', status: 413, body: '{"errors":[{"code":"SIZE_INVALID"}]}' } });
    const b = randomBlob(3 * MiB);
    const t = target('s/refused-late', hostNamed('localhost', 's/refused-late'));
    const err = await uploadBlob(t, b.desc, stream(b)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/refused a streamed PATCH after \d+ bytes/);
    expect(isTransient(err)).toBe(true);
    const from = registry.proxy.log.length;
    await uploadBlob(t, b.desc, stream(b));
    expect(requests(from)).toEqual(['POST - 0', `PATCH 0-${3 * MiB - 1} ${3 * MiB}`, 'PUT - 0']);
    expect(sameBytes(await readStream(await client.repository(`${registry.proxy.host}/s/refused-late`).fetch(b.desc)), b.bytes)).toBe(true);
  });
});

describe('small blobs streamed in their PUT (streamSmall: a copy that reads its source again on a retry)', () => {
  const client = new RegistryClient({ retries: 1, retryBaseMs: 5 });
  const target = (base: string, path: string): UploadTarget => ({
    http: client.http,
    base: `http://${base}/v2/${path}`,
    scopes: [],
    monolithicMax: MiB,
    streamSmall: true,
    stream: true,
    what: path,
  });
  /** The blob in 64 KiB pieces, as a socket gives it. */
  const pieces = (bytes: Buffer) =>
    Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
  const registry = registryBehindProxy();

  it('goes as POST, then one PUT ?digest= carrying the bytes (Content-Length from the descriptor)', async () => {
    const b = randomBlob(700 * 1024);
    const from = registry.proxy.log.length;
    await uploadBlob(target(registry.proxy.host, 'small/one'), b.desc, pieces(Buffer.from(b.bytes)));
    expect(registry.proxy.log.slice(from).map((l) => `${l.method} ${l.headers['content-length'] ?? '-'}`)).toEqual(['POST 0', `PUT ${b.bytes.length}`]);
    expect(sameBytes(await readStream(await client.repository(`${registry.proxy.host}/small/one`).fetch(b.desc)), b.bytes)).toBe(true);
  });

  it('a blob whose last piece is wrong never reaches its full length at the registry, even one that checks no digest', async () => {
    // a registry that stores whatever a PUT brings: only the client's check stands between
    let received = -1;
    const lax: Server = createServer((req, res) => {
      if (req.method === 'POST') return void res.writeHead(202, { location: '/v2/lax/app/blobs/uploads/1', 'content-length': '0' }).end();
      received = 0;
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => res.writeHead(201, { 'content-length': '0' }).end());
    });
    await new Promise<void>((r) => lax.listen(0, '127.0.0.1', r));
    try {
      const b = randomBlob(700 * 1024);
      const bad = Buffer.from(b.bytes);
      bad[bad.length - 3]! ^= 1;
      const host = `127.0.0.1:${(lax.address() as AddressInfo).port}`;
      await expect(uploadBlob(target(host, 'lax/app'), b.desc, pieces(bad))).rejects.toThrow(/digest mismatch/);
      expect(received).toBeGreaterThanOrEqual(0);
      expect(received).toBeLessThan(b.bytes.length);
    } finally {
      lax.closeAllConnections();
      await new Promise((r) => lax.close(r));
    }
  });
});

describe('streamed blob upload into the ECR stand-in (ECR takes one PATCH of any size through /v2/: protocols.md §5.6)', () => {
  let ecr: EcrStandin;
  beforeAll(async () => {
    ecr = await startEcrStandin();
  });
  afterAll(async () => {
    await ecr?.stop();
  });

  it('a 12 MiB layer goes in one PATCH (201, as ECR answers) and is committed by the PUT', async () => {
    const repo = 'stream/app';
    ecr.state.repositories.set(repo, { ...ecr.state.repositories.values().next().value!, repositoryName: repo, imageTagMutability: 'MUTABLE' });
    const password = ecr.state.issuePassword().password;
    const client = new RegistryClient({ credentials: staticCredentials({ username: 'AWS', password: new Secret(password) }, [ecr.registryHost]) });
    const b = randomBlob(12 * MiB);
    ecr.state.resetLogs();
    await uploadBlob(
      {
        http: client.http,
        base: `http://${ecr.registryHost}/v2/${repo}`,
        scopes: [`repository:${repo}:pull,push`],
        monolithicMax: MiB,
        stream: true,
        what: repo,
      },
      b.desc,
      stream(b),
    );
    const patches = ecr.state.frontRequests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => [p.status, p.bytesIn])).toEqual([[201, 12 * MiB]]);
    expect(await client.repository(`${ecr.registryHost}/${repo}`).exists(b.desc)).toBe(true);
  });
});
