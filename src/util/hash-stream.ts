// Reads (part of) a file, or an archive entry, through one buffer of its own, read again and again,
// never the whole: streaming it allocated a new MiB per read, garbage the collector then had to find (a
// push's verify pass spent about 0.2 s on it). Used to continue a hash when a partial download
// resumes and to verify stored blobs.
import { createHash, type Hash } from 'node:crypto';
import { openRegular, type OpenOptions } from './safe-fs.js';

const READ = 1 << 20;
/**
 * Full-size read buffers between calls, at most as many as run at once (push verifies eight
 * blobs side by side): a new MiB per blob was garbage the collector found late (external memory),
 * and push's verify pass peaked 10 MiB higher for it.
 */
const spare: Buffer[] = [];
const SPARE_MAX = 8;

/** Reads bytes at `pos` into buf[0, length); resolves to how many arrived (0 at the end). */
export type PositionalRead = (buf: Buffer, length: number, pos: number) => Promise<number>;

/** Hands bytes [0, end) that `read` gives to `take`, in order, through one buffer; each view is valid only during the call. */
export async function forEachRead(read: PositionalRead, end: number, take: (chunk: Buffer) => void, signal?: AbortSignal): Promise<void> {
  const size = Math.max(1, Math.min(end, READ));
  const buf = (size === READ ? spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(size);
  try {
    for (let at = 0; at < end;) {
      signal?.throwIfAborted();
      const n = await read(buf, Math.min(buf.length, end - at), at);
      if (n === 0) break;
      take(n === buf.length ? buf : buf.subarray(0, n));
      at += n;
    }
  } finally {
    // the views handed out were valid only during their call: the buffer is free again
    if (buf.length === READ && spare.length < SPARE_MAX) spare.push(buf);
  }
}

/**
 * forEachRead over bytes [0, end) of `path` (the whole file without `end`): a regular file, never
 * waited on (util/safe-fs.ts), reached through a link only with `followLinks` (an input's file).
 */
export async function forEachChunk(path: string, take: (chunk: Buffer) => void, o: { end?: number; signal?: AbortSignal } & OpenOptions = {}): Promise<void> {
  const fh = await openRegular(path, o);
  try {
    const read: PositionalRead = async (buf, length, pos) => (await fh.read(buf, 0, length, pos)).bytesRead;
    await forEachRead(read, o.end ?? (await fh.stat()).size, take, o.signal);
  } finally {
    await fh.close();
  }
}

/** The hash state over bytes [0, end) of `path` (the whole file without `end`). */
export async function hashFile(path: string, algorithm = 'sha256', end?: number, o: OpenOptions = {}): Promise<Hash> {
  const h = createHash(algorithm);
  if (end === 0) return h;
  await forEachChunk(path, (chunk) => h.update(chunk), { ...o, end });
  return h;
}
