// The one HTTP stack every registry call goes through, in the order ggcr composes its
// RoundTrippers: user agent → scheme policy → auth → retry (backoff, Retry-After) → manual
// redirects. Redirects are followed here, not by fetch, so Authorization never reaches another
// host (S3 rejects a second auth mechanism; DS: MUST NOT forward it across hosts).
import { Readable } from 'node:stream';
import type { Ctx } from '../util/ctx.js';
import { logTo } from '../util/ctx.js';
import { findCause, InterruptedError } from '../util/errors.js';
import { markRetriesSpent, withRetry } from '../util/retry.js';
import { ManifestError, readAllBounded } from '../oci/manifest.js';
import { redactUrl, RegistryError, toRegistryError } from './errors.js';
import { isTransient } from '../util/transient.js';
import { rateLimitOf, type RateLimit } from './rate-limit.js';
import { hasOwnCa, wireOf, wireSend, type HttpResponse, type WireRequest } from './transport.js';

export interface Authorizer {
  /** The Authorization value for a request to `host` needing `scopes`, if one is known. */
  authorize(host: string, scopes: string[], c?: Ctx): Promise<string | undefined>;
  /**
   * A 401 arrived with this WWW-Authenticate; true when asking again may succeed. `sent` is the
   * Authorization the refused request carried (undefined when it went without).
   */
  challenged(host: string, header: string | null, scopes: string[], c?: Ctx, sent?: string): Promise<boolean>;
}

export interface HttpClientOptions {
  userAgent?: string;
  /** Hosts (host or host:port) allowed over plain HTTP besides loopback ones. */
  insecureHosts?: string[];
  /** Extra attempts on transient failures (default 4). */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxRedirects?: number;
  auth?: Authorizer;
  /** No byte either way for this long (connecting included) fails a request as transient. */
  idleTimeoutMs?: number;
  /** A small exchange (not a blob body) not over within this long fails as transient. */
  exchangeTimeoutMs?: number;
  /** The flag that allows plain HTTP to a host, named in hints (default --insecure-registry). */
  plainHttpFlag?: string;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/**
 * The whole of a small exchange: a token, a manifest, a tag page, a HEAD, an error. Slow links
 * move a few KiB in far less; a peer that drips or never finishes is ended by this, not by the
 * idle timeout (which a byte a second keeps resetting).
 */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 30_000;
/** Retries of an exchange that stalled (idle or past its deadline); other transient failures get --retries. */
const STALL_RETRIES = 1;
/** A request body larger than this is not a small exchange (a monolithic blob upload). */
const SMALL_BODY = 256 * 1024;

export type HttpBody = Uint8Array | string | Readable;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Bytes and strings are replayed on retries; a Readable is sent once (no retry after it). */
  body?: HttpBody;
  /** Token scopes this request needs, e.g. ['repository:app:pull']. */
  scopes?: string[];
  /** Statuses returned to the caller; anything else throws RegistryError (default: 2xx). */
  expect?: number[];
  /** Retry transient failures in place (default true; streamed bodies never are). */
  retry?: boolean;
  /** A large body to stream (a blob GET): read with the wire's bulk reader. */
  bulk?: boolean;
  /** A body that may be large but is read over node:http (chart archives, index.yaml): --timeout bounds its head only. */
  largeBody?: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const DEFAULT_USER_AGENT = 'helm-airgap';

export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host without port and brackets: '[::1]:5000' → '::1', 'r.io:443' → 'r.io'. */
export function hostName(host: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (m) return m[1]!.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

export class HttpClient {
  readonly userAgent: string;
  readonly #o: HttpClientOptions;
  readonly #insecure: Set<string>;
  /** Shared with clients made by withAuth: one record per host for the whole run. */
  readonly #rateLimits: Map<string, RateLimit>;

  constructor(o: HttpClientOptions = {}, rateLimits = new Map<string, RateLimit>()) {
    this.#o = o;
    this.#rateLimits = rateLimits;
    this.userAgent = o.userAgent ?? DEFAULT_USER_AGENT;
    this.#insecure = new Set((o.insecureHosts ?? []).map((h) => h.toLowerCase()));
  }

  /** A client with the same policy but another authorizer (token exchange uses none). */
  withAuth(auth: Authorizer | undefined): HttpClient {
    return new HttpClient({ ...this.#o, auth }, this.#rateLimits);
  }

  /** The last rate limit each host announced (Docker Hub's ratelimit-remaining). */
  rateLimits(): RateLimit[] {
    return [...this.#rateLimits.values()];
  }

  /** Attempts and backoff this client uses, for callers that retry a larger unit themselves. */
  get retryPolicy(): { retries: number; baseMs: number; maxMs: number } {
    return { retries: this.#o.retries ?? 4, baseMs: this.#o.retryBaseMs ?? 200, maxMs: this.#o.retryMaxMs ?? 10_000 };
  }

  /** Plain HTTP only for loopback or hosts named insecure; HTTPS (verified TLS) otherwise. */
  schemeFor(host: string): 'http' | 'https' {
    return this.allowsPlainHttp(host) && !hasOwnCa(host) ? 'http' : 'https';
  }

  allowsPlainHttp(host: string): boolean {
    const h = host.toLowerCase();
    return isLoopbackHost(h) || this.#insecure.has(h) || this.#insecure.has(hostName(h));
  }

  /** Sends with auth, retries and redirects; throws RegistryError unless the status is expected. */
  send(req: HttpRequest, c?: Ctx): Promise<HttpResponse> {
    return this.#run(req, c, async (res) => res);
  }

  /**
   * Sends and reads the whole body (a small document: token, tag page, manifest) in the same
   * attempt, so a body cut or stalled midway is retried like a refused request; a body past
   * `maxBytes` is refused (not retried), however it is framed.
   */
  fetchSmall(req: HttpRequest, maxBytes: number, what: string, c?: Ctx): Promise<{ res: HttpResponse; bytes: Buffer }> {
    return this.#run(req, c, async (res) => {
      try {
        return { res, bytes: await readAllBounded(bodyStream(res), maxBytes, what) };
      } catch (e) {
        if (c?.signal?.aborted) throw e;
        const url = res.url || req.url;
        const host = new URL(url).host;
        if (e instanceof ManifestError)
          throw new RegistryError(
            `${what}: ${host} sent more than ${maxBytes} bytes`,
            { method: req.method, url, status: res.status, transient: false },
            { cause: e, hint: `${host} answers with an endless or oversized body where a small document belongs: check the server (or a proxy in between)` },
          );
        throw new RegistryError(
          `${req.method} ${redactUrl(url)}: ${safeMessage(e)}`,
          { method: req.method, url, transient: isTransient(e) },
          { cause: e, hint: networkHint(e, new URL(url), this.#plainHttpFlag(host)) },
        );
      }
    });
  }

  async #run<T>(req: HttpRequest, c: Ctx | undefined, then: (res: HttpResponse) => Promise<T>): Promise<T> {
    const replayable = !(req.body instanceof Readable) && req.retry !== false;
    const attempt = async (): Promise<T> => {
      const res = await this.#sendAuthorized(req, c);
      const limit = rateLimitOf(new URL(req.url).host, res.headers);
      if (limit) this.#rateLimits.set(limit.host, limit);
      if ((req.expect ?? []).includes(res.status) || (!req.expect && res.ok)) return then(res);
      throw await toRegistryError(res, req.method, res.url || req.url);
    };
    if (!replayable) return attempt();
    const policy = { ...this.retryPolicy, ...(c?.retries !== undefined ? { retries: c.retries } : {}) };
    // a peer that let one small exchange stall twice is taken for dead: with the defaults it ends
    // the run in about a minute (2 x 30 s), not after five stalls
    let stalls = 0;
    return withRetry(attempt, {
      ...policy,
      signal: c?.signal,
      isTransient: (e) => {
        if (!isTransient(e)) return false;
        if (!isStall(e) || ++stalls <= Math.min(policy.retries, STALL_RETRIES)) return true;
        // final for the loops around too (a token exchange runs inside the request that needs it)
        markRetriesSpent(e);
        return false;
      },
      retryAfterMs: (e) => (e instanceof RegistryError ? e.retryAfterMs : undefined),
      // a stall is worth a line: minutes of silence look like a hang
      onRetry: (e, n, ms) => logTo(c, isStall(e) ? 'warn' : 'debug', `retry ${n} of ${policy.retries} in ${ms} ms after: ${safeMessage(e)}`),
    });
  }

  #plainHttpFlag(host: string): string {
    const flag = this.#o.plainHttpFlag ?? '--insecure-registry';
    return flag === '--plain-http' ? flag : `${flag} ${host}`;
  }

  async #sendAuthorized(req: HttpRequest, c?: Ctx): Promise<HttpResponse> {
    const host = new URL(req.url).host;
    const scopes = req.scopes ?? [];
    const auth = this.#o.auth;
    const sent = await auth?.authorize(host, scopes, c);
    const first = await this.#follow(req, sent, c);
    if (first.status !== 401 || !auth || req.body instanceof Readable) return first;
    const header = first.headers.get('www-authenticate');
    if (!(await auth.challenged(host, header, scopes, c, sent))) return first;
    await discard(first);
    return this.#follow(req, await auth.authorize(host, scopes, c), c);
  }

  /** One logical request: follows redirects by hand, dropping Authorization on an origin change. */
  async #follow(req: HttpRequest, authorization: string | undefined, c?: Ctx): Promise<HttpResponse> {
    const origin = new URL(req.url);
    let url = origin;
    let method = req.method;
    let body = req.body;
    for (let hops = 0; ; hops++) {
      this.#checkScheme(url, method);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
      headers['user-agent'] = this.userAgent;
      // only where it was given: scheme, host and port (an http:// hop of an https:// origin too)
      if (authorization && url.origin === origin.origin) headers.authorization = authorization;
      const idleTimeoutMs = c?.idleTimeoutMs ?? this.#o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
      const deadlineMs = isSmall(body) ? (c?.exchangeTimeoutMs ?? this.#o.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS) : undefined;
      const res = await send(
        { url, method, headers, body, idleTimeoutMs, deadlineMs, bulk: req.bulk, largeBody: req.largeBody },
        c,
        this.#plainHttpFlag(url.host),
      );
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      await discard(res);
      if (hops >= (this.#o.maxRedirects ?? 5)) {
        throw new RegistryError(`${method} ${redactUrl(url.toString())}: more than ${hops} redirects`, { method, url: url.toString(), status: res.status });
      }
      url = new URL(location, url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      } else if (body instanceof Readable) {
        throw new RegistryError(`${method} ${redactUrl(url.toString())}: redirect ${res.status} would resend a streamed body`, {
          method,
          url: url.toString(),
          status: res.status,
        });
      }
    }
  }

  #checkScheme(url: URL, method: string): void {
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && this.allowsPlainHttp(url.host)) return;
    throw new RegistryError(
      `${method} ${url.protocol}//${url.host}: plain HTTP refused for a non-loopback host`,
      {
        method,
        url: url.toString(),
        transient: false,
      },
      { hint: `if ${url.host} really serves plain HTTP on a trusted network, pass ${this.#plainHttpFlag(url.host)}` },
    );
  }
}

async function send(r: Omit<WireRequest, 'signal'>, c: Ctx | undefined, plainHttpFlag: string): Promise<HttpResponse> {
  const { url, method } = r;
  try {
    return await wireSend({ ...r, signal: c?.signal });
  } catch (e) {
    if (c?.signal?.aborted) throw new InterruptedError({ cause: e });
    throw new RegistryError(
      `${method} ${url.protocol}//${url.host}${url.pathname}: ${networkReason(e)}`,
      {
        method,
        url: url.toString(),
        transient: isTransient(e),
      },
      { cause: e, hint: networkHint(e, url, plainHttpFlag) },
    );
  }
}

// Node's names for certificates it cannot trust (openssl verify codes and its own host check)
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

function networkHint(e: unknown, url: URL, plainHttpFlag: string): string {
  const host = url.host;
  if ((e as { stall?: unknown }).stall)
    return `${host} answers too slowly or never finishes: check the network path (proxy, firewall) and the server; a slow link may need a longer --timeout`;
  const code = String((e as { code?: unknown }).code ?? (e as { cause?: { code?: unknown } }).cause?.code ?? '');
  if (UNTRUSTED.has(code))
    return `${host}'s certificate is not signed by a CA this machine trusts: pass --ca-file ${host}=ca.pem (or set NODE_EXTRA_CA_CERTS=ca.pem); TLS verification stays on`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `${host}'s certificate is outside its validity dates: check the clock here and the certificate there`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${host}'s certificate does not name ${hostName(host)}: reach it by a name the certificate lists`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the name ${hostName(host)} does not resolve here: check its spelling, and the DNS or proxy (HTTPS_PROXY) of this machine`;
  if (code === 'ECONNREFUSED')
    return `nothing accepts connections at ${host}: check the port and that the registry or repository runs there (a firewall may refuse too)`;
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER')
    return `${host} does not speak TLS here: if it serves plain HTTP on a trusted network, pass ${plainHttpFlag}`;
  // a TLS server hangs up on a plain-HTTP request: loopback hosts are asked over HTTP unless a CA is named for them
  if (code === 'ECONNRESET' && url.protocol === 'http:')
    return `${host} cut the connection to a plain-HTTP request: if it serves HTTPS (helm airgap serve --cert-file, a registry with TLS), pass --ca-file ${host}=ca.pem to reach it over verified TLS`;
  return `check that ${host} is reachable from here (DNS, proxy, firewall) and answering; a slow link may need a longer --idle-timeout`;
}

const NETWORK_WORDS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function networkReason(e: unknown): string {
  const own = e as { code?: unknown; message?: string };
  if (typeof own.code === 'string' && (UNTRUSTED.has(own.code) || own.code.startsWith('CERT_') || own.code.startsWith('ERR_TLS')))
    return `${own.message ?? 'TLS'} (${own.code})`;
  if (typeof own.code === 'string' && NETWORK_WORDS[own.code]) return `${own.code} (${NETWORK_WORDS[own.code]})`;
  if (typeof own.code === 'string' && own.code !== 'ETIMEDOUT') return own.code;
  if (own.code === 'ETIMEDOUT') return own.message ?? 'ETIMEDOUT';
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

/** Releases a response we will not read, so the connection returns to the pool. */
export async function discard(res: HttpResponse): Promise<void> {
  const wire = wireOf(res);
  if (wire) {
    // a small body is read to its end so the connection is kept; a large one closes it
    const len = wire.method === 'HEAD' || res.status === 204 || res.status === 304 ? 0 : Number(res.headers.get('content-length') ?? 'NaN');
    if (len <= 64 * 1024) await res.arrayBuffer().catch(() => undefined);
    else wire.node.destroy();
    return;
  }
  await res.body?.cancel().catch(() => undefined);
}

/** A Buffer view over the same memory (Buffer.from(Uint8Array) would copy every chunk). */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** Streams a response body as a Node Readable. */
export function bodyStream(res: HttpResponse): Readable {
  const wire = wireOf(res);
  if (wire) return wire.node;
  if (!res.body) return Readable.from([]);
  return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
}

/** A request body that leaves the exchange small (the deadline covers it; a bulk GET's head only). */
function isSmall(body: HttpBody | undefined): boolean {
  if (body instanceof Readable) return false;
  return body === undefined || (typeof body === 'string' ? body.length : body.byteLength) <= SMALL_BODY;
}

/** An idle timeout or a deadline that fired. */
function isStall(e: unknown): boolean {
  return findCause(e, (x) => (x as { code?: unknown })?.code === 'ETIMEDOUT') !== undefined;
}

function safeMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
