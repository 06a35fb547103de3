// Reads (part of) a file through one buffer of its own, read again and again, never the file
// whole: streaming it allocated a new MiB per read, garbage the collector then had to find (a
// push's verify pass spent about 0.2 s on it). Used to continue a hash when a partial download
// resumes and to verify stored blobs.
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

const READ = 1 << 20;

/** Hands bytes [0, end) of `path` (the whole file without `end`) to `take`, in order; each view is valid only during the call. */
export async function forEachChunk(path: string, take: (chunk: Buffer) => void, o: { end?: number; signal?: AbortSignal } = {}): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const end = o.end ?? (await fh.stat()).size;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(end, READ)));
    for (let at = 0; at < end;) {
      o.signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - at), at);
      if (bytesRead === 0) break;
      take(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** The hash state over bytes [0, end) of `path` (the whole file without `end`). */
export async function hashFile(path: string, algorithm = 'sha256', end?: number): Promise<Hash> {
  const h = createHash(algorithm);
  if (end === 0) return h;
  await forEachChunk(path, (chunk) => h.update(chunk), { end });
  return h;
}
