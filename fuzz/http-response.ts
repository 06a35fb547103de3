// Fuzz target: the bulk reader's HTTP/1.1 parsing (src/registry/bulk-get.ts and http1.ts), which reads what a
// registry, a CDN or anything between answers. Responses are built from status lines, headers and
// the three framings (Content-Length, chunked with extensions and trailers, end at close), then
// often damaged (bytes flipped, cut, inserted, repeated), and a loopback server sends them in
// random pieces. Properties: a response and a body that ends or fails with the reader's own
// error, nothing else; an undamaged response arrives exactly as built; a body never passes its
// Content-Length.
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { bulkGet } from '../src/registry/bulk-get.js';
import { chance, int, pick, some, type Rng } from './rng.js';
import { PropertyViolation, type FuzzTarget } from './runner.js';

type Framing = 'length' | 'chunked' | 'close';

interface ResponseInput {
  wire: Buffer;
  /** Where the server cuts `wire` into writes. */
  splits: number[];
  damaged: boolean;
  status: number;
  framing: Framing;
  body: Buffer;
}

const STATUSES = [200, 200, 200, 206, 204, 304, 404, 500, 301, 307];
const NOISE = ['content-type: application/octet-stream', 'docker-content-digest: sha256:00', 'x-a: b', 'etag: "x"', 'connection: keep-alive', 'server: s'];
const DAMAGE = ['\r\n', '\r\n\r\n', ':', ' ', '0', 'f', ';', 'HTTP/1.1 200 OK\r\n', 'content-length: 5\r\n', 'transfer-encoding: chunked\r\n', '\x00', '\xff'];

function bodyOf(r: Rng): Buffer {
  const size = chance(r, 0.1) ? int(r, 300_000, 1_200_000) : chance(r, 0.3) ? 0 : int(r, 1, 20_000);
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += 4096) b[i] = int(r, 0, 255);
  return b.fill(int(r, 0, 255), 0, Math.min(size, 16));
}

function chunked(r: Rng, body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const n = Math.min(body.length - at, chance(r, 0.5) ? int(r, 1, 64) : int(r, 1, 300_000));
    const ext = chance(r, 0.1) ? ';name=value' : '';
    const size = chance(r, 0.5) ? n.toString(16) : n.toString(16).toUpperCase();
    parts.push(Buffer.from(`${size}${ext}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from(`0\r\n${chance(r, 0.2) ? 'x-trailer: t\r\n' : ''}\r\n`));
  return Buffer.concat(parts);
}

function damage(r: Rng, wire: Buffer): Buffer {
  let w = wire;
  for (const _ of some(r, 1, 3, () => 0)) {
    const at = int(r, 0, Math.max(0, Math.min(w.length - 1, chance(r, 0.7) ? 400 : w.length - 1)));
    switch (int(r, 0, 4)) {
      case 0:
        w = Buffer.from(w);
        if (w.length > 0) w[at] = int(r, 0, 255);
        break;
      case 1:
        w = w.subarray(0, at);
        break;
      case 2:
        w = Buffer.concat([w.subarray(0, at), Buffer.from(pick(r, DAMAGE), 'latin1'), w.subarray(at)]);
        break;
      case 3:
        w = Buffer.concat([w.subarray(0, at), w.subarray(at, at + int(r, 1, 200)), w.subarray(at)]);
        break;
      default:
        w = Buffer.concat([w.subarray(0, at), w.subarray(Math.min(w.length, at + int(r, 1, 40)))]);
    }
  }
  return w;
}

function generate(r: Rng): ResponseInput {
  const status = pick(r, STATUSES);
  const noBody = status === 204 || status === 304;
  const body = noBody ? Buffer.alloc(0) : bodyOf(r);
  const framing: Framing = noBody ? 'length' : pick(r, ['length', 'length', 'chunked', 'close'] as const);
  const version = framing === 'close' && chance(r, 0.5) ? '1.0' : '1.1';
  const lines = [`HTTP/${version} ${status} ${pick(r, ['OK', 'Whatever', ''])}`];
  if (chance(r, 0.1)) lines.unshift('HTTP/1.1 100 Continue', '');
  lines.push(...some(r, 0, 4, () => pick(r, NOISE)));
  if (framing === 'length' && !noBody) lines.push(`${pick(r, ['content-length', 'Content-Length', 'CONTENT-LENGTH'])}: ${body.length}`);
  if (framing === 'chunked') lines.push(`transfer-encoding: ${pick(r, ['chunked', 'Chunked', 'gzip, chunked'])}`);
  if (framing === 'close' || chance(r, 0.2)) lines.push('connection: close');
  if (chance(r, 0.05)) lines.push(`x-long: ${'h'.repeat(int(r, 10_000, 70_000))}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  // gzip is not a framing this reader knows: such an answer is refused, never misread
  const refusedTe = lines.some((l) => l.includes('gzip'));
  let wire: Buffer = Buffer.concat([head, framing === 'chunked' ? chunked(r, body) : body]);
  const damaged = refusedTe || lines.some((l) => l.startsWith('x-long') && l.length > 60_000) || chance(r, 0.5);
  if (damaged && chance(r, 0.9)) wire = damage(r, wire);
  const splits = some(r, 0, 6, () => int(r, 0, wire.length)).sort((a, b) => a - b);
  return { wire, splits, damaged, status, framing, body };
}

let server: Server | undefined;
let host = '';
let current: ResponseInput | undefined;
// Server-side sockets not yet closed. The reader pools a connection once its response is whole;
// a damaged wire may hold a second response whose bytes the server writes after that, which then
// reach whichever request takes the pooled connection next, another input's. Each input starts
// once every earlier connection is closed at both ends (serve ends each one after its wire).
const open = new Set<Promise<void>>();

async function serve(sock: Socket): Promise<void> {
  sock.on('error', () => undefined);
  await once(sock, 'data');
  const x = current!;
  let at = 0;
  for (const cut of [...x.splits, x.wire.length]) {
    if (sock.destroyed) return;
    sock.write(x.wire.subarray(at, cut));
    at = cut;
    await new Promise((r) => setImmediate(r));
  }
  sock.end();
}

/** The head the reader answers by: the first one that is not an interim 1xx (damage may move its end). */
function finalHead(wire: Buffer): string {
  const text = wire.toString('latin1', 0, 80_000);
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) return '';
    const head = text.slice(at, end);
    if (!/^HTTP\/1\.[01] 1\d\d/.test(head)) return head;
    at = end + 4;
  }
}

function isReaderError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return e instanceof Error && typeof code === 'string' && ['HPE_INVALID', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code);
}

export const httpResponseTarget: FuzzTarget<ResponseInput> = {
  name: 'http-response',
  fullCount: 100_000,
  timeoutMs: 2000,
  async setup() {
    if (server) return;
    server = createServer((sock) => {
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      open.add(closed);
      void closed.then(() => open.delete(closed));
      void serve(sock).catch(() => sock.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  },
  teardown() {
    server?.close();
    server = undefined;
  },
  generate,
  async run(x) {
    await Promise.all(open);
    current = x;
    const res = await bulkGet({ url: new URL(`http://${host}/v2/f/blobs/x`), headers: {}, idleTimeoutMs: 500 });
    const parts: Buffer[] = [];
    for await (const c of res.body) parts.push(c as Buffer);
    const got = Buffer.concat(parts);
    const head = finalHead(x.wire);
    const length = /\r\ncontent-length: *(\d+)\r\n/i.exec(head + '\r\n')?.[1];
    if (length !== undefined && !/\r\ntransfer-encoding:/i.test(head) && got.length > Number(length)) {
      throw new PropertyViolation(`a body of ${got.length} bytes past its content-length ${length}`);
    }
    if (!x.damaged) {
      if (res.status !== x.status) throw new PropertyViolation(`status ${res.status}, sent ${x.status}`);
      if (!got.equals(x.body)) throw new PropertyViolation(`a body of ${got.length} bytes, sent ${x.body.length} (${x.framing})`);
    }
  },
  isDomain: isReaderError,
  describe: (x) =>
    `${x.damaged ? 'damaged ' : ''}${x.framing} ${x.status}, ${x.wire.length} bytes in ${x.splits.length + 1} writes: ${JSON.stringify(x.wire.toString('latin1', 0, 300))}`,
};
