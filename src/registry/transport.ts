// The wire under HttpClient: node:http(s) with keep-alive agents instead of fetch. fetch (undici's
// WHATWG machinery: Request clones, Headers guards, web streams, a signal per request) cost more
// CPU than the bytes it moved: a sync of 150 tags spent 3.9 of 6.6 CPU seconds inside it. The
// answer has the shape of a WHATWG Response (HttpResponse: a real one fits too, as tests build),
// but is not one: Response and Headers load undici, 26 ms of every start here. Its body is the
// socket's own Node stream (`wireOf`), wrapped as a web stream only when someone asks for `body`.
// Every request also gets an idle timeout: no byte either way for that long (connecting included)
// fails it with ETIMEDOUT, which the retry layer treats as transient. An idle timeout never fires
// on a peer that drips a byte a second, so a small exchange (a token, a manifest, a tag page, a
// HEAD, an error) also gets a deadline for the whole of it, head and body (`deadlineMs`); a bulk
// GET gets it for its head only, its body may take hours.
import type { ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { bulkGet } from './bulk-get.js';
import { abortError, whenAborted } from '../util/abort-fanout.js';
import { deadlineError, idleError } from './http1.js';
import { giveBack } from '../util/lent-buffers.js';
import { pipeQuietly } from '../util/pipe-quietly.js';
import { extraTrust, pemCertificates, type ExtraTrust } from './extra-trust.js';
import { nodeHttp } from '../util/lazy-builtins.js';

// not an ES import: util/lazy-builtins.ts says why (undici loaded for nothing)
const { Agent: HttpAgent, request: httpRequest } = nodeHttp();

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
  /** A large body to stream (a blob): a GET goes over bulk-get's reader instead of node:http. */
  bulk?: boolean;
  /** The whole exchange (the head only, for bulk or `largeBody`) must be over within this long (ETIMEDOUT). */
  deadlineMs?: number;
  /** The body may be large (a chart archive, an index.yaml): the deadline covers the head only. */
  largeBody?: boolean;
}

/** A blob body slower than this for a whole --idle-timeout window is stalled (a slow satellite link moves far more). */
export const MIN_BODY_RATE = 1024;

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * TLS a chart repository's settings ask for on one host[:port] (Helm's caFile, certFile/keyFile,
 * insecure_skip_tls_verify, from repositories.yaml or the chart flags): added while a run goes,
 * when a repository is first used.
 */
export interface HostTls {
  /** PEM certificates trusted for this host beside the others. */
  ca?: string[];
  /** PEM client certificate chain and its key. */
  cert?: string;
  key?: string;
  /** No verification of the host's certificate (Helm --insecure-skip-tls-verify). */
  insecureSkipVerify?: boolean;
}

const tlsByHost = new Map<string, HostTls>();

/** Adds a host's own TLS settings to the process-wide trust (later settings add to earlier ones). */
export function addHostTls(host: string, t: HostTls): void {
  const key = host.toLowerCase();
  const before = tlsByHost.get(key) ?? {};
  tlsByHost.set(key, {
    ca: [...(before.ca ?? []), ...(t.ca ?? [])],
    cert: t.cert ?? before.cert,
    key: t.key ?? before.key,
    insecureSkipVerify: Boolean(before.insecureSkipVerify || t.insecureSkipVerify),
  });
  contextByHost.delete(key);
}

/**
 * Forgets every host's own TLS settings. A process that runs one command after another (a test
 * worker) needs it: a later server may listen on a port an earlier command's host:port had.
 */
export function forgetHostTls(): void {
  tlsByHost.clear();
  contextByHost.clear();
}

/** False for a host whose certificate is not to be verified (Helm --insecure-skip-tls-verify). */
export function verifiesTls(host: string): boolean {
  return !tlsByHost.get(host.toLowerCase())?.insecureSkipVerify;
}
/**
 * contextFor's answers: one TLS context per trust (per host with a CA of its own, one for every
 * other host), built once. Built from a `ca` list it would be per connection, and a context of
 * 300 certificates takes ~45 ms. One context per host also lets the bulk reader pool by it.
 */
const contextByHost = new Map<string, SecureContext | undefined>();
let shared: { ctx: SecureContext | undefined } | undefined;
let extraCerts: string[] | undefined;
let builtFor = 0;

/** The extra trust's current setting; the contexts built here are dropped when it changes. */
function current(): ExtraTrust {
  const now = extraTrust();
  if (now.generation !== builtFor) {
    builtFor = now.generation;
    contextByHost.clear();
    shared = undefined;
    extraCerts = undefined;
  }
  return now.trust;
}

/** A CA (or any TLS setting) given for this very host means it speaks TLS, loopback included. */
export function hasOwnCa(host: string): boolean {
  const key = host.toLowerCase();
  return current().byHost.has(key) || tlsByHost.has(key);
}

/** extraFile's certificates, read once; a file that cannot be read is skipped with Node's own warning. */
function extra(trust: ExtraTrust): string[] {
  if (!trust.extraFile) return [];
  if (!extraCerts) {
    try {
      extraCerts = pemCertificates(readFileSync(trust.extraFile, 'utf8'));
    } catch (e) {
      extraCerts = [];
      process.emitWarning(`Ignoring extra certs from \`${trust.extraFile}\`, load failed: ${(e as Error).message}`);
    }
  }
  return extraCerts;
}

/** The TLS context for a host: undefined keeps Node's defaults (its roots, and NODE_EXTRA_CA_CERTS when Node loaded it). */
function contextFor(host: string): SecureContext | undefined {
  const key = host.toLowerCase();
  const trust = current();
  if (contextByHost.has(key)) return contextByHost.get(key);
  const own = trust.byHost.get(key);
  const tls = tlsByHost.get(key);
  const built = (more: string[], client: { cert?: string; key?: string } = {}) =>
    createSecureContext({ ca: [...rootCertificates, ...extra(trust), ...trust.all, ...more], ...client });
  let ctx: SecureContext | undefined;
  // a host with settings of its own gets a context of its own: the bulk reader pools by context
  if (own || tls) ctx = built([...(own ?? []), ...(tls?.ca ?? [])], { cert: tls?.cert, key: tls?.key });
  else {
    const needed = trust.all.length > 0 || (trust.extraFile !== undefined && trust.nodeLoadedExtra === false);
    shared ??= { ctx: needed ? built([]) : undefined };
    ctx = shared.ctx;
  }
  contextByHost.set(key, ctx);
  return ctx;
}

const httpsAgents = new WeakMap<SecureContext, HttpsAgent>();

/** Keep-alive connections are shared only under the same trust: an agent per context. */
function httpsAgentFor(ctx: SecureContext | undefined): HttpsAgent {
  if (!ctx) return agents.https;
  let agent = httpsAgents.get(ctx);
  if (!agent) httpsAgents.set(ctx, (agent = new HttpsAgent({ keepAlive: true })));
  return agent;
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
    readonly status: number,
    rawHeaders: readonly string[],
    /** The body as the wire gives it: node:http's IncomingMessage or bulk-get's stream. */
    readonly node: Readable,
    readonly url: string,
    readonly method: string,
  ) {
    this.headers = new WireHeaders(rawHeaders);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): ReadableStream<Uint8Array> {
    return (this.#web ??= Readable.toWeb(this.node) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>);
  }

  async text(): Promise<string> {
    return (await readAll(this.node)).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await readAll(this.node);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
}

/** The body's Node stream and the request's method behind a response of ours; undefined for any other. */
export function wireOf(res: HttpResponse): { node: Readable; method: string } | undefined {
  return res instanceof WireResponse ? res : undefined;
}

export function wireSend(r: WireRequest): Promise<HttpResponse> {
  const headers = { ...r.headers };
  const fixed = typeof r.body === 'string' ? Buffer.from(r.body) : r.body instanceof Readable ? undefined : r.body;
  if (fixed && headers['content-length'] === undefined) headers['content-length'] = String(fixed.byteLength);
  const https = r.url.protocol === 'https:';
  const secureContext = https ? contextFor(r.url.host) : undefined;
  const rejectUnauthorized = !https || verifiesTls(r.url.host);
  if (r.bulk && r.method === 'GET' && r.body === undefined) {
    return bulkGet({
      url: r.url,
      headers,
      signal: r.signal,
      idleTimeoutMs: r.idleTimeoutMs,
      headDeadlineMs: r.deadlineMs,
      minBytesPerSecond: MIN_BODY_RATE,
      secureContext,
      rejectUnauthorized,
    }).then((res) => new WireResponse(res.status, res.rawHeaders, res.body, r.url.toString(), r.method));
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    const agent = https ? httpsAgentFor(secureContext) : agents.http;
    const options = {
      method: r.method,
      headers,
      agent,
      ...(secureContext ? { secureContext } : {}),
      ...(rejectUnauthorized ? {} : { rejectUnauthorized: false }),
    };
    const req = (https ? httpsRequest : httpRequest)(r.url, options);
    req.setTimeout(r.idleTimeoutMs, () => req.destroy(idleError(r.url, r.idleTimeoutMs)));
    let answer: Readable | undefined;
    // the run's signal through its one listener (util/abort-fanout.ts), not node:http's `signal`,
    // which adds one per request; an abort ends the answer's body too
    if (r.signal) {
      const signal = r.signal;
      const stopWaiting = whenAborted(signal, () => {
        const e = abortError(signal);
        req.destroy(e);
        answer?.destroy(e);
      });
      req.once('close', stopWaiting);
    }
    const deadline =
      r.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            const e = deadlineError(r.url, r.deadlineMs!, answer === undefined);
            req.destroy(e);
            answer?.destroy(e);
          }, r.deadlineMs);
    // a timer of a small request never holds the process open by itself
    deadline?.unref();
    const over = () => clearTimeout(deadline);
    req.once('error', (e) => (over(), reject(e)));
    req.once('response', (msg) => {
      answer = msg;
      if (r.largeBody) over();
      // a stall while the body streams ends the body with the same error
      msg.on('error', () => undefined);
      msg.once('end', over);
      msg.once('close', over);
      resolve(new WireResponse(msg.statusCode ?? 502, msg.rawHeaders, msg, r.url.toString(), r.method));
    });
    if (r.body instanceof Readable) void pipeQuietly(r.body, givingBack(req));
    else req.end(fixed);
  });
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of s) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * A streamed request body is this request's alone: each chunk is given back (util/lent-buffers.ts)
 * once the socket took it (the write's callback; on a failure nothing more is sent from it), so an
 * upload's read buffers are read into again instead of left to the garbage collector.
 */
function givingBack(req: ClientRequest): ClientRequest {
  const write = req.write.bind(req) as (chunk: unknown, encoding: BufferEncoding | undefined, cb: (e?: Error | null) => void) => boolean;
  req.write = ((chunk: unknown, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void): boolean => {
    const done = typeof encoding === 'function' ? encoding : cb;
    return write(chunk, typeof encoding === 'function' ? undefined : encoding, (e) => {
      if (Buffer.isBuffer(chunk)) giveBack(chunk);
      done?.(e);
    });
  }) as ClientRequest['write'];
  return req;
}
