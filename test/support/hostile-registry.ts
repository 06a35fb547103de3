// A misbehaving registry of ours on 127.0.0.1, for tests that a hostile or broken peer never hangs
// a run. It serves one small image (`app:1`: a config and one layer) through the distribution API
// and misbehaves where `faults` says, which a test may change between runs:
//
//   const h = await startHostileRegistry({ auth: 'bearer' });
//   h.faults.token = 'silent';   // the realm accepts and never answers
//   ... run the CLI against h.host ...
//   h.seen                        // every request: method, path, authorization
//   await h.stop();
//
// A second listener (`h.farHost`) stands for another host blobs are redirected to (S3, a CDN):
// it serves the blobs too and records the Authorization each request carried.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a small answer misbehaves: never a byte, a byte every 250 ms, or without end. */
export type Stall = 'silent' | 'drip' | 'endless';

export interface HostileFaults {
  /** The Bearer realm: never answers, drips, answers without end (chunked) or with 100 MB of JSON. */
  token?: Stall | 'huge';
  /** Manifest GET and HEAD: a stalled answer, or an error whose body carries terminal escapes (and NUL). */
  manifest?: Stall | 'drip-head' | 'escapes' | 'huge-error';
  /** tags/list and _catalog: stalled, endless chunked, or 10,000+ tags paged by `n` and Link. */
  listing?: Stall;
  /** Blob GETs: redirected to the far host, to themselves without end, or the body dripped (the layer's alone: the config arrives). */
  blob?: 'redirect-far' | 'loop' | 'drip' | 'drip-layer' | 'long-length' | 'oversize';
  /** A listed tag whose manifest is unknown (404 after a second, so other transfers are under way by then). */
  goneTag?: string;
}

export interface HostileRegistry {
  /** 127.0.0.1:port */
  host: string;
  /** The far host blobs are redirected to. */
  farHost: string;
  faults: HostileFaults;
  /** Tags each repository lists (default ['1']); set a long list for a paged listing. */
  tags: string[];
  /** Repositories the catalog lists, each serving the same image (default ['app']). */
  repositories: string[];
  /** Every request to the registry and to the far host. */
  seen: { host: 'registry' | 'far'; method: string; path: string; authorization?: string }[];
  /** The served image: its root manifest digest and the blob digests. */
  image: { digest: string; blobs: string[] };
  stop(): Promise<void>;
}

export interface HostileOptions {
  /** No auth, Basic (user "u", password "p"), or Bearer tokens from our own realm. */
  auth?: 'none' | 'basic' | 'bearer';
}

/** The escapes a hostile error body carries: a window title with BEL, a screen clear, fake green text, NUL. */
export const TERMINAL_ESCAPES = '\x1b]0;owned\x07\x1b[2J\x1b[32mall images pushed\x1b[0m\x00\x9b31m';

/** A dripping peer sends a byte this often: never idle for long, never finishing either. */
const DRIP_MS = 250;

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const BASIC = `Basic ${Buffer.from('u:p').toString('base64')}`;
const TOKEN = 'hostile-token';

export async function startHostileRegistry(o: HostileOptions = {}): Promise<HostileRegistry> {
  const auth = o.auth ?? 'none';
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = Buffer.alloc(4096, 7);
  const blobs = new Map([
    [sha256(config), config],
    [sha256(layer), layer],
  ]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
    }),
  );
  const timers = new Set<NodeJS.Timeout>();
  const h: HostileRegistry = {
    host: '',
    farHost: '',
    faults: {},
    tags: ['1'],
    repositories: ['app'],
    seen: [],
    image: { digest: sha256(manifest), blobs: [...blobs.keys()] },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all([close(registry), close(far)]);
    },
  };

  /** Misbehaves as `stall` says with a small answer; `ok` is what a good server would send. */
  const stalled = (res: ServerResponse, stall: Stall | 'huge' | 'drip-head', ok: Buffer): void => {
    if (stall === 'silent') return; // the connection stays open, nothing is ever sent
    if (stall === 'drip-head') {
      // the head itself, a byte at a time: no idle timeout ever fires
      const head = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${ok.length}\r\n\r\n`);
      return dripRaw(res, Buffer.concat([head, ok]));
    }
    if (stall === 'drip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': ok.length }).flushHeaders();
      return dripRaw(res, ok, false);
    }
    if (stall === 'huge') {
      // 100 MB of one JSON string, as fast as the socket takes it
      const size = 100 * 1024 * 1024;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
      return pour(res, size);
    }
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked, never ended
    pour(res, Number.POSITIVE_INFINITY);
  };

  const dripRaw = (res: ServerResponse, bytes: Buffer, raw = true): void => {
    let at = 0;
    const t = setInterval(() => {
      if (at >= bytes.length || res.destroyed) return clearInterval(t);
      const b = bytes.subarray(at, ++at);
      if (raw) res.socket?.write(b);
      else res.write(b);
    }, DRIP_MS);
    timers.add(t);
    res.on('close', () => (clearInterval(t), timers.delete(t)));
  };

  const pour = (res: ServerResponse, size: number): void => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const more = (): void => {
      while (sent < size && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      if (sent >= size) res.end();
    };
    more();
  };

  const authorized = (req: IncomingMessage, res: ServerResponse): boolean => {
    const got = req.headers.authorization;
    if (auth === 'none') return true;
    if (auth === 'basic' && got === BASIC) return true;
    if (auth === 'bearer' && got === `Bearer ${TOKEN}`) return true;
    const challenge = auth === 'basic' ? 'Basic realm="hostile"' : `Bearer realm="http://${h.host}/token",service="hostile"`;
    res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    return false;
  };

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://${h.host}`);
    const path = url.pathname;
    h.seen.push({ host: 'registry', method: req.method ?? '', path, authorization: req.headers.authorization });
    if (path === '/token') {
      if (h.faults.token) return stalled(res, h.faults.token, Buffer.from(JSON.stringify({ token: TOKEN })));
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
    }
    if (!authorized(req, res)) return;
    if (path === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const listing = /^\/v2\/(.+)\/tags\/list$/.exec(path);
    if (path === '/v2/_catalog' || (listing && h.repositories.includes(listing[1]!))) {
      const all = path === '/v2/_catalog' ? h.repositories : h.tags;
      const key = path === '/v2/_catalog' ? 'repositories' : 'tags';
      const n = Number(url.searchParams.get('n') ?? 100);
      const last = url.searchParams.get('last');
      const from = last === null ? 0 : all.indexOf(last) + 1;
      const page = Buffer.from(JSON.stringify({ name: listing?.[1] ?? 'app', [key]: all.slice(from, from + n) }));
      if (h.faults.listing) return stalled(res, h.faults.listing, page);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (from + n < all.length) headers.link = `<${path}?n=${n}&last=${encodeURIComponent(all[from + n - 1]!)}>; rel="next"`;
      return void res.writeHead(200, headers).end(page);
    }
    const served = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    const m = served && h.repositories.includes(served[1]!) ? [served[0], served[2], served[3]] : null;
    if (!m) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: path }] }));
    if (m[1] === 'manifests') {
      const fault = h.faults.manifest;
      if (fault === 'escapes') {
        const body = JSON.stringify({ errors: [{ code: 'DENIED', message: `no${TERMINAL_ESCAPES}` }] });
        return void res.writeHead(403, { 'content-type': 'application/json' }).end(body);
      }
      if (fault === 'huge-error') return void (res.writeHead(500, { 'content-type': 'text/plain' }), pour(res, 100 * 1024 * 1024));
      if (fault) return stalled(res, fault, manifest);
      if (m[2] === h.faults.goneTag) {
        const t = setTimeout(() => res.writeHead(404).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'gone' }] })), 1000);
        timers.add(t);
        return;
      }
      if (!h.tags.includes(m[2]!) && m[2] !== h.image.digest) return void res.writeHead(404).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }));
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'content-length': manifest.length,
        'docker-content-digest': h.image.digest,
      });
      return void res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    const blob = blobs.get(m[2]!);
    if (!blob) return void res.writeHead(404).end();
    if (h.faults.blob === 'redirect-far') return void res.writeHead(307, { location: `http://${h.farHost}/blobs/${m[2]}?sig=x` }).end();
    if (h.faults.blob === 'drip' || (h.faults.blob === 'drip-layer' && blob === layer && req.method === 'GET')) return stalled(res, 'drip', blob);
    if (h.faults.blob === 'long-length' && req.method === 'GET') {
      // a Content-Length longer than the body: the whole blob, then the connection closed
      if (req.headers.range) return void res.writeHead(416, { 'content-range': `bytes */${blob.length}` }).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length + 100 });
      return void res.write(blob, () => res.socket?.destroy());
    }
    if (h.faults.blob === 'oversize' && req.method === 'GET') {
      // more bytes than the descriptor's size, framed honestly: the blob and 1 MiB after it
      const more = Buffer.concat([blob, Buffer.alloc(1024 * 1024, 9)]);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': more.length });
      return void res.end(more);
    }
    if (h.faults.blob === 'loop') return void res.writeHead(302, { location: `${path}?hop=${Number(url.searchParams.get('hop') ?? 0) + 1}` }).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length, 'docker-content-digest': m[2]! });
    res.end(req.method === 'HEAD' ? undefined : blob);
  };

  const registry = createServer(serve);
  const far = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://far').pathname;
    h.seen.push({ host: 'far', method: req.method ?? '', path, authorization: req.headers.authorization });
    const blob = blobs.get(path.replace(/^\/blobs\//, ''));
    if (!blob) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length }).end(blob);
  });
  h.host = await listen(registry);
  h.farHost = await listen(far);
  return h;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
