// Hashes (part of) a file as a stream, never reading it whole; used to continue a hash when a
// partial download resumes and to verify stored blobs.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The hash state over bytes [0, end) of `path` (the whole file without `end`). */
export async function hashFile(path: string, algorithm = 'sha256', end?: number): Promise<Hash> {
  const h = createHash(algorithm);
  if (end === 0) return h;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, ...(end !== undefined ? { end: end - 1 } : {}) });
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h;
}
