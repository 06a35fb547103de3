// One blob checked against its descriptor: on the first free hashing lane (util/hash-lanes.ts)
// when it is large enough to hand over, else here through one reused buffer (fetch + a verifier
// allocates per read). The layout folder and the bundle archive both verify this way.
import type { Descriptor } from '../oci/content.js';
import { createDigestCheck, judgeDigest, parseDigest } from '../oci/digest.js';
import { forEachRead, type PositionalRead } from '../util/hash-stream.js';
import { digestRanges, LANE_MIN_BYTES, type FdRange } from '../util/hash-lanes.js';

export interface BlobBytes {
  /** Reads the blob's bytes from its offset `pos`. */
  read: PositionalRead;
  /** The bytes stored. */
  size: number;
  /** Where the bytes lie in open files, for another lane; asked only for a blob worth handing over. */
  ranges: () => FdRange[] | Promise<FdRange[]>;
}

/**
 * Throws, naming `what`, unless the bytes are `d`'s. Stored bytes of another size are judged by the
 * main thread's check, so the error says it in createDigestCheck's words.
 */
export async function verifyBlob(d: Descriptor, what: string, blob: BlobBytes, signal?: AbortSignal): Promise<void> {
  const here = async () => {
    const check = createDigestCheck(d, what);
    await forEachRead(blob.read, blob.size, (chunk) => check.update(chunk), signal);
    check.end();
  };
  const ranges = blob.size === d.size && blob.size >= LANE_MIN_BYTES ? await blob.ranges() : [];
  const elsewhere = await digestRanges(ranges, parseDigest(d.digest).algorithm, here, signal);
  if (elsewhere) judgeDigest(d, what, elsewhere.hex, elsewhere.bytes);
}
