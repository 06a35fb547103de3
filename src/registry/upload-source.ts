// The bytes of one blob upload, read once from a verifying stream. A streamed PATCH pulls them
// through `pull()`; while no more than `window` bytes have gone out, what went out is kept (by
// reference, no copy) so a registry that refuses the stream at once can be given the same bytes
// again as chunks. Past the window the kept pieces are dropped: memory stays bounded.
import { asBuffer } from './http.js';
import { keep, release, unkeep } from '../util/lent-buffers.js';

export class UploadSource {
  readonly #src: AsyncIterator<Uint8Array>;
  #kept: Buffer[] | undefined = [];
  /** The pieces kept while the stream could still be replayed, until `release()`. */
  #held: Buffer[] = [];
  #sent = 0;
  #done = false;
  #error: unknown;
  /** The read in flight, so a replay starts only after it landed in the kept pieces. */
  #reading: Promise<Buffer | undefined> | undefined;
  #handedOn = false;

  constructor(
    src: AsyncIterable<Uint8Array>,
    readonly window: number,
  ) {
    this.#src = src[Symbol.asyncIterator]();
  }

  /** Bytes handed out so far. */
  get sent(): number {
    return this.#sent;
  }

  /** True once the source ended cleanly (for a verifier: the digest matched). */
  get done(): boolean {
    return this.#done;
  }

  /** The failure of the source itself (a digest mismatch), if it failed. */
  get error(): unknown {
    return this.#error;
  }

  /** True while everything handed out is still kept, so it can be handed out again. */
  get replayable(): boolean {
    return this.#kept !== undefined;
  }

  /**
   * Every piece once. Iterated by hand, never with for-await: a consumer that stops early (a
   * refused PATCH) must not close the source we hand on to the fallback.
   */
  async *pull(): AsyncGenerator<Buffer> {
    while (!this.#handedOn) {
      const piece = await this.#read();
      if (piece === undefined || this.#handedOn) return;
      yield piece;
    }
  }

  /**
   * Stops `pull()` and waits for its last read; true when everything handed out is kept, so
   * `replay()` gives the whole blob again.
   */
  async handOn(): Promise<boolean> {
    this.#handedOn = true;
    await this.#reading?.catch(() => undefined);
    return this.replayable;
  }

  /** The kept pieces, then the rest of the source; only after `handOn()` said true. */
  async *replay(): AsyncGenerator<Buffer> {
    if (!this.#handedOn || !this.#kept) throw new Error('UploadSource.replay before a successful handOn');
    const kept = this.#kept;
    this.#kept = undefined;
    yield* kept;
    for (;;) {
      const piece = await this.#read();
      if (piece === undefined) return;
      yield piece;
    }
  }

  /**
   * The registry answered the stream (it has every byte): the kept pieces' read buffers may be read
   * into again (util/lent-buffers.ts). Never before a replay, which sends them again.
   */
  release(): void {
    for (const b of this.#held) release(b);
    this.#held = [];
    this.#kept = undefined;
  }

  #read(): Promise<Buffer | undefined> {
    this.#reading = this.#next();
    return this.#reading;
  }

  async #next(): Promise<Buffer | undefined> {
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.#src.next();
    } catch (e) {
      this.#error = e;
      throw e;
    }
    if (r.done) {
      this.#done = true;
      return undefined;
    }
    const b = asBuffer(r.value);
    this.#sent += b.length;
    // kept before it is yielded: a piece pulled for a consumer that then stopped is not lost; kept,
    // its read buffer is not read into again when the request took it, only after `release()`
    if (this.#kept && this.#sent <= this.window) {
      keep(b);
      this.#kept.push(b);
      this.#held.push(b);
    } else if (this.#kept) {
      // past the window nothing is replayed: the kept pieces' buffers come back as the request
      // writes them, not at its answer (eight uploads held 8 MiB of them for their whole length)
      this.#kept = undefined;
      for (const h of this.#held) unkeep(h);
      this.#held = [];
    }
    return b;
  }
}
