// The wire under HttpClient: node:http(s) with keep-alive agents instead of fetch. fetch (undici's
// WHATWG machinery: Request clones, Headers guards, web streams, a signal per request) cost more
// CPU than the bytes it moved: a sync of 150 tags spent 3.9 of 6.6 CPU seconds inside it. The
// answer is still a WHATWG Response, so callers keep one type; its body is the socket's own Node
// stream (`nodeBodyOf`), wrapped as a web stream only when someone asks for `body`.
// Every request also gets an idle timeout: no byte either way for that long (connecting included)
// fails it with ETIMEDOUT, which the retry layer treats as transient.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export type WireBody = Uint8Array | string | Readable;

export interface WireRequest {
  url: URL;
  method: string;
  headers: Headers;
  body?: WireBody;
  signal?: AbortSignal;
  /** No byte sent or received for this long fails the request (ETIMEDOUT). */
  idleTimeoutMs: number;
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** Certificates trusted beside the system's (`--ca-file`): for every host, or for one host[:port]. */
export interface ExtraTrust {
  all: string[];
  byHost: Map<string, string[]>;
}

let trust: ExtraTrust = { all: [], byHost: new Map() };

/** Process-wide, like NODE_EXTRA_CA_CERTS: set once by the CLI from --ca-file. */
export function setExtraTrust(t: ExtraTrust): void {
  trust = t;
}

/** A CA given for this very host means it speaks TLS, loopback included. */
export function hasOwnCa(host: string): boolean {
  return trust.byHost.has(host.toLowerCase());
}

/** The `ca` option for a host: undefined keeps Node's defaults (system roots, NODE_EXTRA_CA_CERTS). */
function caFor(host: string): string[] | undefined {
  const own = trust.byHost.get(host.toLowerCase()) ?? [];
  if (trust.all.length === 0 && own.length === 0) return undefined;
  return [...rootCertificates, ...trust.all, ...own];
}

const nodeBodies = new WeakMap<Response, IncomingMessage>();

/** The socket's Node stream behind a Response of ours; undefined for any other Response. */
export function nodeBodyOf(res: Response): IncomingMessage | undefined {
  return nodeBodies.get(res);
}

/** A Response whose body is the socket's Node stream (own properties shadow Response's getters). */
function wireResponse(msg: IncomingMessage, url: string): Response {
  const res = new Response(null, { status: msg.statusCode ?? 502, statusText: msg.statusMessage ?? '', headers: headersOf(msg.rawHeaders) });
  nodeBodies.set(res, msg);
  let web: ReadableStream<Uint8Array> | undefined;
  const text = async () => (await readAll(msg)).toString('utf8');
  Object.defineProperties(res, {
    url: { value: url },
    body: { get: () => (web ??= Readable.toWeb(msg) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>) },
    bodyUsed: { get: () => msg.readableDidRead || msg.destroyed },
    arrayBuffer: {
      value: async () => {
        const b = await readAll(msg);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      },
    },
    text: { value: text },
    json: { value: async () => JSON.parse(await text()) as unknown },
  });
  return res;
}

export function wireSend(r: WireRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => (headers[k] = v));
  const fixed = typeof r.body === 'string' ? Buffer.from(r.body) : r.body instanceof Readable ? undefined : r.body;
  if (fixed && headers['content-length'] === undefined) headers['content-length'] = String(fixed.byteLength);
  const https = r.url.protocol === 'https:';
  return new Promise<Response>((resolve, reject) => {
    const ca = https ? caFor(r.url.host) : undefined;
    const options = { method: r.method, headers, agent: agents[https ? 'https' : 'http'], signal: r.signal, ...(ca ? { ca } : {}) };
    const req = (https ? httpsRequest : httpRequest)(r.url, options);
    req.setTimeout(r.idleTimeoutMs, () => req.destroy(idleError(r)));
    req.once('error', reject);
    req.once('response', (msg) => {
      // a stall while the body streams ends the body with the same error
      msg.once('error', () => undefined);
      resolve(wireResponse(msg, r.url.toString()));
    });
    if (r.body instanceof Readable) pipeline(r.body, req).catch((e: unknown) => req.destroy(e as Error));
    else req.end(fixed);
  });
}

function idleError(r: WireRequest): Error {
  const e = new Error(`no bytes from ${r.url.host} for ${r.idleTimeoutMs / 1000} s (idle timeout)`);
  return Object.assign(e, { code: 'ETIMEDOUT' });
}

function headersOf(raw: readonly string[]): Headers {
  const h = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      h.append(raw[i]!, raw[i + 1]!);
    } catch {
      // a header Headers refuses (bytes outside Latin-1) is one we never read
    }
  }
  return h;
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of s) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
