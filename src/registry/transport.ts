// The wire under HttpClient: node:http(s) with keep-alive agents instead of fetch. fetch (undici's
// WHATWG machinery: Request clones, Headers guards, web streams, a signal per request) cost more
// CPU than the bytes it moved: a sync of 150 tags spent 3.9 of 6.6 CPU seconds inside it. The
// answer has the shape of a WHATWG Response (HttpResponse: a real one fits too, as tests build),
// but is not one: Response and Headers load undici, 26 ms of every start here. Its body is the
// socket's own Node stream (`nodeBodyOf`), wrapped as a web stream only when someone asks for `body`.
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
  /** Lowercase names. */
  headers: Record<string, string>;
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

/** Response headers by name, any case (repeated ones joined with ", ", as fetch's Headers does). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What the registry code reads of a response: a part of WHATWG Response's shape. */
export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: HeaderReader;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

class WireHeaders implements HeaderReader {
  readonly #byName = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const before = this.#byName.get(name);
      this.#byName.set(name, before === undefined ? raw[i + 1]! : `${before}, ${raw[i + 1]!}`);
    }
  }

  get(name: string): string | null {
    return this.#byName.get(name.toLowerCase()) ?? null;
  }
}

class WireResponse implements HttpResponse {
  readonly headers: WireHeaders;
  #web: ReadableStream<Uint8Array> | undefined;

  constructor(
    readonly msg: IncomingMessage,
    readonly url: string,
  ) {
    this.headers = new WireHeaders(msg.rawHeaders);
  }

  get status(): number {
    return this.msg.statusCode ?? 502;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): ReadableStream<Uint8Array> {
    return (this.#web ??= Readable.toWeb(this.msg) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>);
  }

  async text(): Promise<string> {
    return (await readAll(this.msg)).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await readAll(this.msg);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
}

/** The socket's Node stream behind a response of ours; undefined for any other. */
export function nodeBodyOf(res: HttpResponse): IncomingMessage | undefined {
  return res instanceof WireResponse ? res.msg : undefined;
}

export function wireSend(r: WireRequest): Promise<HttpResponse> {
  const headers = { ...r.headers };
  const fixed = typeof r.body === 'string' ? Buffer.from(r.body) : r.body instanceof Readable ? undefined : r.body;
  if (fixed && headers['content-length'] === undefined) headers['content-length'] = String(fixed.byteLength);
  const https = r.url.protocol === 'https:';
  return new Promise<HttpResponse>((resolve, reject) => {
    const ca = https ? caFor(r.url.host) : undefined;
    const options = { method: r.method, headers, agent: agents[https ? 'https' : 'http'], signal: r.signal, ...(ca ? { ca } : {}) };
    const req = (https ? httpsRequest : httpRequest)(r.url, options);
    req.setTimeout(r.idleTimeoutMs, () => req.destroy(idleError(r)));
    req.once('error', reject);
    req.once('response', (msg) => {
      // a stall while the body streams ends the body with the same error
      msg.once('error', () => undefined);
      resolve(new WireResponse(msg, r.url.toString()));
    });
    if (r.body instanceof Readable) pipeline(r.body, req).catch((e: unknown) => req.destroy(e as Error));
    else req.end(fixed);
  });
}

function idleError(r: WireRequest): Error {
  const e = new Error(`no bytes from ${r.url.host} for ${r.idleTimeoutMs / 1000} s (idle timeout)`);
  return Object.assign(e, { code: 'ETIMEDOUT' });
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of s) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
