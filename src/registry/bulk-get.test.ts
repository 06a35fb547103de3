// The bulk reader against real servers on loopback: node:http ones for the ordinary framings
// (Content-Length, chunked, kept-alive connections, TLS with a private CA) and raw sockets for what
// node:http would not send (a close-delimited body, an interim 1xx, a broken status line, a stall or
// a cut mid-body, an idle connection the server closed).
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { createSecureContext, type SecureContext } from 'node:tls';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestCa } from '../../test/support/test-ca.js';
import { bulkGet, type BulkResponse } from './bulk-get.js';
import { BATCH } from './bulk-conn.js';

const servers = new Map<Server, Set<Socket>>();
// our kept-alive connections would hold close() until they time out: the server ends them
afterAll(() =>
  Promise.all(
    [...servers].map(([s, open]) => {
      const closed = new Promise<void>((r) => s.close(() => r()));
      for (const sock of open) sock.destroy();
      return closed;
    }),
  ),
);

async function listen(s: Server): Promise<string> {
  const open = new Set<Socket>();
  servers.set(s, open);
  s.on('connection', (sock: Socket) => (open.add(sock), sock.once('close', () => open.delete(sock))));
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return `127.0.0.1:${(s.address() as { port: number }).port}`;
}

function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return listen(createServer({ keepAliveTimeout: 30_000 }, handler));
}

/** A server that answers every connection's first request with `answer` (raw bytes) and then does `then`. */
function rawServer(answer: (sock: Socket, n: number) => void) {
  let n = 0;
  return listen(
    createNetServer((sock) => {
      const mine = n++;
      sock.once('data', () => answer(sock, mine));
      sock.on('error', () => undefined);
    }),
  );
}

const get = (url: string, o: { headers?: Record<string, string>; idleTimeoutMs?: number; signal?: AbortSignal; secureContext?: SecureContext } = {}) =>
  bulkGet({ url: new URL(url), headers: o.headers ?? {}, idleTimeoutMs: o.idleTimeoutMs ?? 5000, signal: o.signal, secureContext: o.secureContext });

async function drain(res: BulkResponse): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const c of res.body) parts.push(c as Buffer);
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('bulk GET', () => {
  const big = randomBytes(5 * 1024 * 1024 + 123);

  it('reads a Content-Length body whole, in large chunks gathered from small writes, and sends the headers asked for', async () => {
    let seen: IncomingMessage | undefined;
    const host = await httpServer((req, res) => {
      seen = req;
      res.setHeader('content-length', big.length);
      res.setHeader('docker-content-digest', 'sha256:x');
      // small writes: the reader gathers them
      for (let i = 0; i < big.length; i += 16 * 1024) res.write(big.subarray(i, i + 16 * 1024));
      res.end();
    });
    const res = await get(`http://${host}/v2/a/blobs/x?y=1`, { headers: { authorization: 'Bearer t', 'user-agent': 'ua' } });
    expect(res.status).toBe(200);
    expect(res.rawHeaders).toContain('sha256:x');
    const parts: Buffer[] = [];
    for await (const c of res.body) parts.push(c as Buffer);
    expect(sha(Buffer.concat(parts))).toBe(sha(big));
    // gathered from 16 KiB writes: a buffer (BATCH) gives one chunk of half of it or more, and at
    // most one more of what is left when less than an eighth of it is left as room
    expect(parts.slice(0, -1).every((p) => p.length >= BATCH / 8)).toBe(true);
    expect(parts.length).toBeLessThanOrEqual(2 * Math.ceil(big.length / (BATCH - BATCH / 8)) + 1);
    expect(seen?.url).toBe('/v2/a/blobs/x?y=1');
    expect(seen?.headers).toMatchObject({ authorization: 'Bearer t', 'user-agent': 'ua', host });
  });

  it('keeps the connection for the next request, and opens a fresh one when the server closed the idle one', async () => {
    const sockets = new Set<unknown>();
    let closeAfter = false;
    const host = await httpServer((req, res) => {
      sockets.add(req.socket);
      res.setHeader('content-length', 5);
      res.end('hello', () => {
        if (closeAfter) req.socket.destroy();
      });
    });
    for (let i = 0; i < 3; i++) expect((await drain(await get(`http://${host}/k`))).bytes.toString()).toBe('hello');
    expect(sockets.size).toBe(1);
    closeAfter = true;
    expect((await drain(await get(`http://${host}/k`))).bytes.toString()).toBe('hello');
    // the server closed that connection after answering: the next request must not fail for it
    closeAfter = false;
    expect((await drain(await get(`http://${host}/k`))).bytes.toString()).toBe('hello');
    expect(sockets.size).toBe(2);
  });

  it('asks again on a fresh connection when a kept-alive one closes as the request goes out', async () => {
    let connections = 0;
    const host = await listen(
      createNetServer((sock) => {
        connections++;
        let requests = 0;
        sock.on('data', () => {
          // the first request is answered and the connection kept; the next one finds it closing
          if (requests++ === 0) sock.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
          else sock.destroy();
        });
      }),
    );
    expect((await drain(await get(`http://${host}/r`))).bytes.toString()).toBe('ok');
    expect((await drain(await get(`http://${host}/r`))).bytes.toString()).toBe('ok');
    expect(connections).toBe(2);
  });

  it('reads response headers longer than the first head buffer, up to 64 KiB, and refuses longer ones', async () => {
    const answer = (size: number) => `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(size)}\r\ncontent-length: 3\r\n\r\nabc`;
    const long = await rawServer((sock) => sock.write(answer(40_000)));
    const res = await get(`http://${long}/h`);
    expect(res.rawHeaders[1]).toHaveLength(40_000);
    expect((await drain(res)).bytes.toString()).toBe('abc');
    const tooLong = await rawServer((sock) => sock.write(answer(70_000)));
    await expect(get(`http://${tooLong}/h`)).rejects.toThrow(/response headers longer than 65536 bytes/);
  });

  it('decodes a chunked body, extensions and trailers included', async () => {
    const host = await rawServer((sock) => {
      const data = big.subarray(0, 300_000);
      const parts = [data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)];
      sock.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
      for (const p of parts) (sock.write(`${p.length.toString(16)};ext=1\r\n`), sock.write(p), sock.write('\r\n'));
      sock.write('0\r\nx-trailer: y\r\n\r\n');
    });
    const { bytes } = await drain(await get(`http://${host}/c`));
    expect(sha(bytes)).toBe(sha(big.subarray(0, 300_000)));
  });

  it('reads a body that ends with the connection (no length, no chunks), after an interim 100', async () => {
    const host = await rawServer((sock) => {
      sock.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nx-a: 1\r\n\r\n');
      sock.end(big.subarray(0, 1_000_000));
    });
    const res = await get(`http://${host}/e`);
    expect(res.status).toBe(200);
    expect(sha((await drain(res)).bytes)).toBe(sha(big.subarray(0, 1_000_000)));
  });

  it('fails a cut body with ECONNRESET, a stalled one with ETIMEDOUT, and a broken status line as a protocol error', async () => {
    const cut = await rawServer((sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n');
      sock.end(big.subarray(0, 400_000));
    });
    // what arrived before the cut reaches the reader first (less than a chunk: it was still gathering)
    let before = 0;
    const cutBody = (await get(`http://${cut}/x`)).body.on('data', (c: Buffer) => (before += c.length));
    await expect(once(cutBody, 'end')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(before).toBe(400_000);
    const stall = await rawServer((sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n');
      sock.write(big.subarray(0, 1000));
    });
    await expect(drain(await get(`http://${stall}/x`, { idleTimeoutMs: 300 }))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const silent = await rawServer(() => undefined);
    await expect(get(`http://${silent}/x`, { idleTimeoutMs: 300 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const broken = await rawServer((sock) => sock.end('SPDY/3 200 OK\r\n\r\n'));
    await expect(get(`http://${broken}/x`)).rejects.toMatchObject({ code: 'HPE_INVALID', message: expect.stringContaining('status line') });
    const longer = await rawServer((sock) => sock.end('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabcdef'));
    await expect(drain(await get(`http://${longer}/x`))).rejects.toThrow(/more bytes than the content-length/);
    await expect(get('http://127.0.0.1:1/refused')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops at an abort, before the answer and while the body streams', async () => {
    const host = await rawServer((sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n');
      sock.write(big.subarray(0, 300_000));
    });
    const early = new AbortController();
    early.abort(new Error('stop now'));
    await expect(get(`http://${host}/a`, { signal: early.signal })).rejects.toThrow('stop now');
    const late = new AbortController();
    const res = await get(`http://${host}/a`, { signal: late.signal });
    const reading = drain(res);
    res.body.once('data', () => late.abort(new Error('stopped mid-body')));
    await expect(reading).rejects.toThrow('stopped mid-body');
  });

  it('speaks TLS to a server with a private CA, and refuses it without the CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulk-tls-'));
    try {
      const ca = await makeTestCa(dir, 'bulk');
      const server = createHttpsServer({ cert: await readFile(ca.certFile), key: await readFile(ca.keyFile) }, (_req, res) => {
        res.setHeader('content-length', big.length);
        res.end(big);
      });
      const host = await listen(server);
      const pem = await readFile(ca.caFile, 'utf8');
      const res = await get(`https://${host}/t`, { secureContext: createSecureContext({ ca: [pem] }) });
      expect(sha((await drain(res)).bytes)).toBe(sha(big));
      await expect(get(`https://${host}/t`)).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SELF_SIGNED|VERIFY/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a header value with a line break instead of sending it', async () => {
    await expect(get('http://127.0.0.1:1/x', { headers: { 'x-a': 'a\r\nx-b: b' } })).rejects.toThrow(/line break/);
  });
});
