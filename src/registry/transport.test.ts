// The wire's responses read like fetch's (the registry code was written against WHATWG Response)
// without being one: headers by any case, repeated ones joined; the body once, as text, JSON,
// bytes or a web stream; and no undici loaded for any of it.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { borrow, lend, LENT_BUFFER_SIZE, retire } from '../util/lent-buffers.js';
import { wireOf, wireSend } from './transport.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/drip' || req.url === '/drip-head') {
      // a byte every 50 ms: never idle, never done
      const bytes = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n${'x'.repeat(1000)}`);
      if (req.url === '/drip') res.writeHead(200, { 'content-length': 1000 }).flushHeaders();
      let at = req.url === '/drip' ? bytes.indexOf('\r\n\r\n') + 4 : 0;
      const t = setInterval(() => res.socket?.write(bytes.subarray(at, ++at)), 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (req.url === '/echo-size') {
      let n = 0;
      req.on('data', (d: Buffer) => (n += d.length));
      req.on('end', () => res.end(String(n)));
      return;
    }
    res.setHeader('Link', ['<a>; rel="next"', '<b>; rel="last"']);
    res.setHeader('Docker-Content-Digest', 'sha256:abc');
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end(JSON.stringify({ path: req.url, ua: req.headers['user-agent'] ?? null }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const get = (path: string, headers: Record<string, string> = {}) => wireSend({ url: new URL(base + path), method: 'GET', headers, idleTimeoutMs: 5000 });

describe('wire responses', () => {
  it('read headers by any case, repeated ones joined as fetch joins them, and the status as ok or not', async () => {
    const res = await get('/x', { 'user-agent': 'airgap-test' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.url).toBe(`${base}/x`);
    expect(res.headers.get('docker-content-digest')).toBe('sha256:abc');
    expect(res.headers.get('DOCKER-Content-Digest')).toBe('sha256:abc');
    expect(res.headers.get('link')).toBe('<a>; rel="next", <b>; rel="last"');
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toEqual({ path: '/x', ua: 'airgap-test' });
    const missing = await get('/missing');
    expect([missing.status, missing.ok]).toEqual([404, false]);
    expect(JSON.parse(await missing.text())).toMatchObject({ path: '/missing' });
  });

  it('give the body as bytes, as a web stream, or as the socket’s own Node stream', async () => {
    const bytes = Buffer.from(await (await get('/b')).arrayBuffer());
    expect(JSON.parse(bytes.toString())).toMatchObject({ path: '/b' });
    const web = (await get('/w')).body!;
    let text = '';
    for await (const chunk of web as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString();
    expect(JSON.parse(text)).toMatchObject({ path: '/w' });
    const res = await get('/n');
    expect(wireOf(res)?.node).toBeDefined();
    expect(wireOf(new Response('x') as never)).toBeUndefined();
  });

  it('load no undici (fetch’s Response and Headers cost 26 ms of a start; an ES import of node:http loads it on Node 24: 13 MiB)', async () => {
    // a child process: this one has loaded undici already (vitest); the server here answers it
    const { execa } = await import('execa');
    const undici = `process.moduleLoadList.some((m) => m.includes('undici'))`;
    const script = `const before = ${undici}; import('${new URL('./transport.ts', import.meta.url).pathname}').then(async (t) => { const r = await t.wireSend({ url: new URL('${base}/u'), method: 'GET', headers: {}, idleTimeoutMs: 5000 }); r.headers.get('link'); await r.text(); console.log(JSON.stringify({ before, after: ${undici} })); })`;
    const { stdout } = await execa(process.execPath, ['--import', 'tsx', '-e', script]);
    expect(JSON.parse(stdout.trim())).toEqual({ before: false, after: false });
  });

  it('answer a bulk GET (a blob) through the bulk reader with the same status, headers and body', async () => {
    const bulk = await wireSend({ url: new URL(`${base}/blob`), method: 'GET', headers: { 'user-agent': 'ua' }, idleTimeoutMs: 5000, bulk: true });
    expect(wireOf(bulk)?.node.constructor.name).not.toBe('IncomingMessage');
    expect([bulk.status, bulk.ok, bulk.url, bulk.headers.get('Link')]).toEqual([200, true, `${base}/blob`, '<a>; rel="next", <b>; rel="last"']);
    expect(await bulk.json()).toEqual({ path: '/blob', ua: 'ua' });
    const missing = await wireSend({ url: new URL(`${base}/missing`), method: 'GET', headers: {}, idleTimeoutMs: 5000, bulk: true });
    expect(missing.status).toBe(404);
  });

  it('end a small exchange that drips a byte every 50 ms at its deadline, head or body; a bulk GET at its head', async () => {
    const drip = (path: string, bulk: boolean) =>
      wireSend({ url: new URL(base + path), method: 'GET', headers: {}, idleTimeoutMs: 5000, deadlineMs: 300, bulk });
    const started = Date.now();
    const body = await drip('/drip', false);
    await expect(body.text()).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: expect.stringMatching(/the response body not complete from 127\.0\.0\.1:\d+ within 0\.3 s/),
    });
    await expect(drip('/drip-head', false)).rejects.toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/no response head from/) });
    await expect(drip('/drip-head', true)).rejects.toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/no response head from/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('give a streamed body’s lent chunks back once the socket took them (an upload’s read buffers are read into again)', async () => {
    const bufs = [borrow(LENT_BUFFER_SIZE).fill(1), borrow(LENT_BUFFER_SIZE).fill(2)];
    const views = [bufs[0]!, bufs[1]!.subarray(0, 1000)];
    for (const [i, v] of views.entries()) (lend(v), retire(bufs[i]!));
    const size = LENT_BUFFER_SIZE + 1000;
    const res = await wireSend({
      url: new URL(base + '/echo-size'),
      method: 'PUT',
      headers: { 'content-length': String(size) },
      body: Readable.from(views),
      idleTimeoutMs: 5000,
    });
    expect(await res.text()).toBe(String(size));
    const again = [borrow(LENT_BUFFER_SIZE), borrow(LENT_BUFFER_SIZE)];
    again.forEach(retire);
    expect(again.every((b) => bufs.includes(b))).toBe(true);
  });
});
