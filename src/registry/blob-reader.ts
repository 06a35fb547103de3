// A blob download that survives a cut connection: when the body breaks mid-way on a transient
// error, the reader asks again with `Range: bytes=<received>-` and carries on, so the consumer
// sees one continuous stream. A server that ignores Range (200 instead of 206) is handled by
// skipping the bytes already delivered.
import { Readable } from 'node:stream';
import type { Ctx } from '../util/ctx.js';
import { RegistryError } from './errors.js';
import { isTransient } from '../util/transient.js';
import { asBuffer, bodyStream, discard } from './http.js';

export interface BlobReaderOptions {
  /** Opens the body from `offset` (sends Range when offset > 0); returns the 200/206 response. */
  open: (offset: number) => Promise<Response>;
  /** Total size of the blob. */
  size: number;
  /** First byte to deliver (resume across runs). */
  offset?: number;
  /** How many reconnections a single download may use (default 5). */
  reconnects?: number;
  what: string;
  ctx?: Ctx;
}

/** Opens the first response eagerly (so HTTP errors surface here) and returns the stream. */
export async function openBlobReader(o: BlobReaderOptions): Promise<Readable> {
  const start = o.offset ?? 0;
  const first = await o.open(start);
  return Readable.from(deliver(o, start, first), { objectMode: false });
}

async function* deliver(o: BlobReaderOptions, start: number, first: Response): AsyncGenerator<Buffer> {
  let pos = start;
  let res: Response | undefined = first;
  let reconnects = 0;
  for (;;) {
    try {
      let skip = skipFor(res!, pos);
      for await (const chunk of bodyStream(res!)) {
        let buf = asBuffer(chunk);
        if (skip > 0) {
          const drop = Math.min(skip, buf.length);
          skip -= drop;
          buf = buf.subarray(drop);
          if (buf.length === 0) continue;
        }
        pos += buf.length;
        if (pos > o.size) {
          throw new RegistryError(`${o.what}: body is longer than the expected ${o.size} bytes`, { method: 'GET', url: res!.url, transient: false });
        }
        yield buf;
      }
      if (pos >= o.size) return;
      throw new RegistryError(`${o.what}: body ended after ${pos} of ${o.size} bytes`, { method: 'GET', url: res!.url, transient: true });
    } catch (e) {
      if (res) await discard(res);
      if (o.ctx?.signal?.aborted || !isTransient(e) || reconnects >= (o.reconnects ?? 5)) throw e;
      reconnects++;
      res = undefined;
      o.ctx?.onProgress?.({ type: 'log', level: 'debug', message: `${o.what}: connection lost at byte ${pos}, resuming with Range` });
    }
    res = await o.open(pos);
  }
}

/** Bytes to drop from a response: all of `pos` when the server sent the whole blob (200). */
function skipFor(res: Response, pos: number): number {
  if (pos === 0 || res.status === 206) {
    if (res.status === 206) checkRange(res, pos);
    return 0;
  }
  return pos;
}

function checkRange(res: Response, pos: number): void {
  const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
  if (m && Number(m[1]) !== pos) {
    throw new RegistryError(`range response starts at ${m[1]}, asked for ${pos}`, { method: 'GET', url: res.url, status: 206, transient: false });
  }
}
