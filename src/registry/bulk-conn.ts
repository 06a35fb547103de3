// The bulk reader's connections: each reads (Node's `onread`) into a buffer of ours, chosen before
// every read, and hands what arrived to the exchange that owns it now; kept-alive connections wait
// in a pool per host and trust.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type SecureContext } from 'node:tls';
import type { Exchange } from './bulk-exchange.js';
import { idleError } from './http1.js';
import { borrow, LENT_BUFFER_SIZE, retire } from '../util/lent-buffers.js';

// 1 MiB buffers were no faster and held 30 MiB more over 8 layers
export const BATCH = LENT_BUFFER_SIZE;
/**
 * Each connection reads response heads into one buffer of its own, reused: a body gets buffers
 * only as large as what is left of it. (A 512 KiB buffer per response, however small, made a sync
 * of 150 tags spend 40% more time collecting garbage.)
 */
const HEAD = 16 * 1024;
/** An idle kept-alive connection is closed after this long. */
const POOL_IDLE_MS = 15_000;

/** A connection, with the exchange (one request and its response) that owns its reads now. */
export class Conn {
  head: Buffer = Buffer.allocUnsafe(HEAD);
  /** Where the next read goes: buf[used, end). */
  buf: Buffer = this.head;
  used = 0;
  exchange: Exchange | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  readonly socket: Socket;

  constructor(
    readonly key: string,
    url: URL,
    secureContext: SecureContext | undefined,
    rejectUnauthorized = true,
  ) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const https = url.protocol === 'https:';
    const port = Number(url.port || (https ? 443 : 80));
    const onread = { buffer: () => this.buf.subarray(this.used), callback: (n: number) => this.onRead(n) };
    // tls.connect takes onread as net.connect does (Node 15.1+), though its typings leave it out
    const tlsOptions = { host, port, servername: isIP(host) ? undefined : host, onread, rejectUnauthorized, ...(secureContext ? { secureContext } : {}) };
    this.socket = https ? tlsConnect(tlsOptions as ConnectionOptions) : netConnect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.on('error', (e) => this.end(e));
    this.socket.on('end', () => this.end());
    this.socket.on('close', () => this.end());
    this.socket.on('timeout', () => this.exchange?.fail(idleError(this.exchange.url, this.socket.timeout ?? 0)));
  }

  /** Bytes arrived at buf[used, used + n). */
  private onRead(n: number): boolean {
    const x = this.exchange;
    if (!x) {
      // nothing was asked: a server that talks out of turn cannot be kept
      this.socket.destroy();
      return false;
    }
    this.used += n;
    x.got = true;
    return x.onBytes(this.used - n, this.used);
  }

  /** The next reads go to a new buffer of `size` bytes (at most BATCH; a full one may be recycled). */
  fresh(size: number): void {
    this.retireBody();
    this.buf = borrow(Math.min(size, BATCH));
    this.used = 0;
  }

  /** The next reads go to the head buffer again (the body is done with its own). */
  toHead(): void {
    this.retireBody();
    this.buf = this.head;
    this.used = 0;
  }

  /** No more reads go to the body buffer: it returns to the pool once its views are given back. */
  private retireBody(): void {
    if (this.buf !== this.head) retire(this.buf);
  }

  private end(e?: Error): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    pools.get(this.key)?.delete(this);
    this.exchange?.closed(e);
    this.exchange = undefined;
  }
}

const pools = new Map<string, Set<Conn>>();

export function takeIdle(key: string): Conn | undefined {
  const pool = pools.get(key);
  for (const c of pool ?? []) {
    pool!.delete(c);
    if (c.socket.destroyed) continue;
    clearTimeout(c.idleTimer);
    c.socket.ref();
    return c;
  }
  return undefined;
}

export function release(c: Conn): void {
  c.exchange = undefined;
  c.socket.setTimeout(0);
  if (c.socket.destroyed) return;
  let pool = pools.get(c.key);
  if (!pool) pools.set(c.key, (pool = new Set()));
  pool.add(c);
  c.socket.unref();
  // reading on, so a server that closes the idle connection is noticed before the next request
  c.socket.resume();
  c.idleTimer = setTimeout(() => c.socket.destroy(), POOL_IDLE_MS);
  c.idleTimer.unref();
}
