// One request and its response on a bulk connection: the head parsed (http1.ts), then the body
// handed on as views of the connection's buffers, gathered into chunks of EMIT_AT or more, with
// backpressure passed back to the socket; and the body stream a caller reads.
import { Readable } from 'node:stream';
import { BATCH, release, type Conn } from './bulk-conn.js';
import { lend } from '../util/lent-buffers.js';
import { framingOf, hangUp, parseHead, protocolError, type Framing, type ResponseHead } from './http1.js';

/** What the wire makes of a response: its status, raw header pairs and the body as a Node stream. */
export interface BulkResponse {
  status: number;
  rawHeaders: string[];
  body: Readable;
}

/** A chunk leaves when this much has gathered (or its buffer is full, or the body ends): half a buffer. */
const EMIT_AT = BATCH / 2;
/** Less room than this left in a buffer after a chunk left: the next read goes to a new one. */
const MIN_ROOM = BATCH / 8;
const MAX_HEAD = 64 * 1024;

/** One request and its response on a connection. */
export class Exchange {
  got = false;
  private inHead = true;
  private mode: Framing = { kind: 'close' };
  /** Start of the bytes of `conn.buf` not yet given to the body. */
  private from = 0;
  private body: BulkBody | undefined;
  private settled = false;
  private keepAlive = false;
  /** Runs once when the exchange is over (removes its abort listener). */
  cleanup: (() => void) | undefined;
  /** Bytes read from the socket for this exchange (the rate watch reads it). */
  received = 0;
  /** Milliseconds the socket was paused because our reader had not asked for more (not the peer's doing). */
  heldMs = 0;
  private heldSince: number | undefined;

  constructor(
    readonly url: URL,
    private readonly conn: Conn,
    private readonly reused: boolean,
    private readonly resolve: (r: BulkResponse) => void,
    private readonly reject: (e: Error, retryFresh: boolean) => void,
  ) {}

  /** New bytes at conn.buf[start, end); false stops reading until the body is read on. */
  onBytes(start: number, end: number): boolean {
    this.received += end - start;
    if (this.inHead) return this.onHead(start, end);
    return this.onBody(start, end);
  }

  private onHead(start: number, end: number): boolean {
    const c = this.conn;
    const at = c.buf.subarray(0, end).indexOf('\r\n\r\n', Math.max(0, start - 3), 'latin1');
    if (at < 0) {
      if (end < c.buf.length) return true;
      if (end >= MAX_HEAD) return (this.fail(protocolError(this.url, `response headers longer than ${MAX_HEAD} bytes`)), false);
      const bigger = Buffer.allocUnsafe(c.buf.length * 2);
      c.buf.copy(bigger, 0, 0, end);
      c.head = c.buf = bigger;
      return true;
    }
    let parsed: ResponseHead;
    let interim: boolean;
    try {
      parsed = parseHead(c.buf.toString('latin1', 0, at), this.url);
      interim = parsed.status >= 100 && parsed.status < 200;
      if (!interim) ({ framing: this.mode, keepAlive: this.keepAlive } = framingOf(parsed, this.url));
    } catch (e) {
      this.fail(e as Error);
      return false;
    }
    const bodyStart = at + 4;
    if (interim) {
      // an interim answer: the real one follows (its bytes may already be here)
      c.buf.copyWithin(0, bodyStart, end);
      c.used = end - bodyStart;
      return c.used > 0 ? this.onHead(0, c.used) : true;
    }
    this.inHead = false;
    this.body = new BulkBody(this);
    this.settled = true;
    this.resolve({ status: parsed.status, rawHeaders: parsed.rawHeaders, body: this.body });
    // the body's first bytes move from the head buffer (the next response reuses it) to its own
    const prefix = end - bodyStart;
    const m = this.mode;
    if (m.kind === 'length' && m.left === 0 && prefix === 0) return this.finish(undefined);
    const headBuf = c.buf;
    c.fresh(Math.max(prefix, m.kind === 'length' ? m.left : BATCH));
    headBuf.copy(c.buf, 0, bodyStart, end);
    c.used = prefix;
    this.from = 0;
    return prefix > 0 ? this.onBody(0, prefix) : true;
  }

  private onBody(start: number, end: number): boolean {
    const m = this.mode;
    const c = this.conn;
    if (m.kind === 'length') {
      if (end - start > m.left) {
        c.used = start;
        this.fail(protocolError(this.url, `more bytes than the content-length announced`));
        return false;
      }
      m.left -= end - start;
      if (m.left === 0) return this.finish(c.buf.subarray(this.from, end));
      return this.gathered(end);
    }
    if (m.kind === 'close') return this.gathered(end);
    // chunked (rare for blobs): each run of data goes on as it is, no gathering
    let ok = true;
    let ended: boolean;
    try {
      ended = m.decoder.feed(c.buf, start, end, (data) => (ok = this.body!.push(data) && ok));
    } catch (e) {
      this.fail(e as Error);
      return false;
    }
    if (ended) return this.finish(undefined);
    this.from = end;
    if (c.buf.length - end < MIN_ROOM) this.renew();
    return ok;
  }

  /** Hands the gathered bytes on once there are enough, or the buffer is full. */
  private gathered(end: number): boolean {
    const c = this.conn;
    const room = c.buf.length - end;
    if (end - this.from < EMIT_AT && room > 0) return true;
    const ok = this.body!.push(c.buf.subarray(this.from, end));
    this.from = end;
    if (room < MIN_ROOM) this.renew();
    return ok;
  }

  /** The next reads go to a new buffer, as large as what is left of the body (at most BATCH). */
  private renew(): void {
    this.conn.fresh(this.mode.kind === 'length' ? this.mode.left : BATCH);
    this.from = 0;
  }

  private finish(last: Buffer | undefined): boolean {
    this.done();
    const c = this.conn;
    const body = this.body!;
    if (last && last.length > 0) body.push(last);
    c.toHead();
    if (this.keepAlive) release(c);
    else {
      c.exchange = undefined;
      c.socket.destroy();
    }
    body.push(null);
    return true;
  }

  /** The body's consumer wants more. */
  resume(): void {
    if (this.heldSince !== undefined) this.heldMs += Date.now() - this.heldSince;
    this.heldSince = undefined;
    if (this.conn.exchange === this) this.conn.socket.resume();
  }

  /** The response head has arrived (the body is being read). */
  get headDone(): boolean {
    return !this.inHead;
  }

  /** Held time so far, the hold in progress included. */
  held(): number {
    return this.heldMs + (this.heldSince === undefined ? 0 : Date.now() - this.heldSince);
  }

  /** The body's consumer stopped early: the connection cannot be reused. */
  abandon(): void {
    this.done();
    if (this.conn.exchange !== this) return;
    this.conn.exchange = undefined;
    this.conn.socket.destroy();
  }

  pause(): void {
    this.heldSince ??= Date.now();
    if (this.conn.exchange === this) this.conn.socket.pause();
  }

  /** Fails the exchange if its head has not arrived yet (a head deadline). */
  failHead(e: Error): void {
    if (!this.settled) this.fail(e);
  }

  fail(e: Error): void {
    if (this.conn.exchange === this) {
      this.conn.exchange = undefined;
      this.conn.socket.destroy();
    }
    this.closed(e);
  }

  private done(): void {
    const f = this.cleanup;
    this.cleanup = undefined;
    f?.();
  }

  /** The connection ended (cleanly or not) while this exchange still owned it. */
  closed(e?: Error): void {
    this.done();
    if (!this.settled) {
      this.settled = true;
      // a kept-alive connection the server had closed: the request never reached it
      this.reject(e ?? hangUp(this.url), this.reused && !this.got);
      return;
    }
    const body = this.body!;
    if (body.readableEnded || body.destroyed) return;
    // what was gathered goes to the reader first: a resume (Range, or a later run) starts after it
    const c = this.conn;
    if (this.mode.kind !== 'chunked' && c.used > this.from) body.push(c.buf.subarray(this.from, c.used));
    this.from = c.used;
    if (!e && this.mode.kind === 'close') body.push(null);
    else body.failAfterData(e ?? hangUp(this.url));
  }
}

class BulkBody extends Readable {
  constructor(private readonly x: Exchange) {
    // nothing held here: the socket waits instead (a 2 MiB mark held +55 MiB over 4 layers, no faster)
    super({ highWaterMark: 0 });
    // a failure before anyone reads (a body broken in the same read as its head) is kept as the
    // stream's error for the reader to find, not thrown at the process
    this.on('error', () => undefined);
  }

  override push(chunk: Buffer | null): boolean {
    // a view of the connection's buffer: a consumer that says so gives it back (util/lent-buffers.ts)
    if (chunk) lend(chunk);
    const ok = super.push(chunk);
    if (!ok && chunk) this.x.pause();
    return ok;
  }

  #failure: Error | undefined;

  /** Fails the stream once the reader has taken what is buffered. */
  failAfterData(e: Error): void {
    if (this.readableLength === 0) this.destroy(e);
    else this.#failure = e;
  }

  override _read(): void {
    if (this.#failure) return void this.destroy(this.#failure);
    this.x.resume();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.x.abandon();
    cb(err);
  }
}
