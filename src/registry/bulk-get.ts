// Blob bodies over a small HTTP/1.1 reader of our own. Through node:http every 64 KiB socket read
// goes through llhttp, an IncomingMessage push and a 'data' event, and each chunk then through the
// blob reader, the digest and the file writer: 4,096 rounds for a 256 MiB layer. Here the socket
// reads (Node's `onread`) straight into 256 KiB buffers of ours: the kernel fills as much of one as
// it has per read (loopback about all of it, TLS a record or more), and the bytes travel on as views
// of that buffer, never copied, mostly in chunks of 128 KiB or more. Copying a 256 MiB image took about
// 0.12 s less CPU (of 0.8 s). Only GETs without a body come here (the caller asks with `bulk`);
// everything else keeps node:http.
// The parts: bulk-conn.ts (connections and their pool), bulk-exchange.ts (a request's response
// and its body stream), http1.ts (heads, framing, the chunked coding).
import type { SecureContext } from 'node:tls';
import { Conn, takeIdle } from './bulk-conn.js';
import { Exchange, type BulkResponse } from './bulk-exchange.js';
import { deadlineError, rateError } from './http1.js';
import { abortError, whenAborted } from '../util/abort-fanout.js';

export type { BulkResponse };

/** One bulk GET: the URL, lowercase header names, and how long without a byte fails it. */
export interface BulkRequest {
  url: URL;
  headers: Record<string, string>;
  signal?: AbortSignal;
  idleTimeoutMs: number;
  /** The response head must arrive within this long (a head dripped a byte a second never idles). */
  headDeadlineMs?: number;
  /**
   * A body slower than this over a whole idle-timeout window (the time our reader held it aside)
   * fails as stalled: a byte now and then keeps an idle timeout from ever firing.
   */
  minBytesPerSecond?: number;
  /** The TLS context (undefined: Node's defaults). */
  secureContext?: SecureContext;
  /** False only for a host named by --insecure-skip-tls-verify (or its repository's setting). */
  rejectUnauthorized?: boolean;
}

export async function bulkGet(r: BulkRequest): Promise<BulkResponse> {
  const unverified = r.rejectUnauthorized === false;
  const key = `${r.url.protocol}//${r.url.host}${r.secureContext ? `#tls${trustId(r.secureContext)}` : ''}${unverified ? '#unverified' : ''}`;
  const head = requestHead(r);
  const attempt = (fresh: boolean): Promise<BulkResponse> =>
    new Promise<BulkResponse>((resolve, reject) => {
      if (r.signal?.aborted) return reject(abortError(r.signal));
      const idle = fresh ? undefined : takeIdle(key);
      const conn = idle ?? new Conn(key, r.url, r.secureContext, !unverified);
      const x = new Exchange(r.url, conn, idle !== undefined, resolve, (e, retryFresh) => {
        if (retryFresh && !r.signal?.aborted) attempt(true).then(resolve, reject);
        else reject(e);
      });
      conn.exchange = x;
      conn.socket.setTimeout(r.idleTimeoutMs);
      const stopWaiting = r.signal ? whenAborted(r.signal, () => x.fail(abortError(r.signal!))) : undefined;
      const deadline =
        r.headDeadlineMs === undefined ? undefined : setTimeout(() => x.failHead(deadlineError(r.url, r.headDeadlineMs!, true)), r.headDeadlineMs);
      deadline?.unref();
      const watch = r.minBytesPerSecond ? watchRate(x, r.url, r.idleTimeoutMs, r.minBytesPerSecond) : undefined;
      x.cleanup = () => (clearTimeout(deadline), clearInterval(watch), stopWaiting?.());
      conn.socket.write(head);
      conn.socket.resume();
    });
  return attempt(false);
}

/**
 * Checks the body's rate once per idle-timeout window; the window the head arrived in only sets
 * the baseline, and a window our reader held the socket for half of is not the peer's fault.
 */
function watchRate(x: Exchange, url: URL, windowMs: number, minRate: number): NodeJS.Timeout {
  let baseline: { received: number; held: number } | undefined;
  const t = setInterval(() => {
    if (!x.headDone) return;
    const now = { received: x.received, held: x.held() };
    const before = baseline;
    baseline = now;
    if (!before || now.held - before.held > windowMs / 2) return;
    const got = now.received - before.received;
    if (got < (minRate * windowMs) / 1000) x.fail(rateError(url, got, windowMs, minRate));
  }, windowMs);
  t.unref();
  return t;
}

const trustIds = new WeakMap<SecureContext, number>();
let lastTrustId = 0;

/** Connections are shared only under the same trust: the same TLS context (the wire keeps one per host). */
function trustId(ctx: SecureContext): number {
  let id = trustIds.get(ctx);
  if (id === undefined) trustIds.set(ctx, (id = ++lastTrustId));
  return id;
}

function requestHead(r: BulkRequest): string {
  let head = `GET ${r.url.pathname}${r.url.search} HTTP/1.1\r\nhost: ${r.url.host}\r\n`;
  for (const [name, value] of Object.entries(r.headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new TypeError(`header ${name}: a line break in a header`);
    head += `${name}: ${value}\r\n`;
  }
  return head + '\r\n';
}
