// Standard input (or any stream piped in) read whole, but never past a bound: `cat /dev/zero |`
// or a 300 MB build piped to a command that parses what it reads would otherwise grow the process
// by many times the input before anything could say no.
import type { Readable } from 'node:stream';
import { UsageError } from './errors.js';

/** What a command reads from stdin unless it asks for less or more: far above any manifest stream kubectl writes. */
export const STDIN_MAX_BYTES = 256 * 1024 * 1024;

export interface BoundedReadOptions {
  /** Refuse the input once it passes this many bytes (default STDIN_MAX_BYTES). */
  maxBytes?: number;
  /** What the stream is, for the error ("stdin", "--manifests -"). */
  what?: string;
  /** The next: step when the bound is passed. */
  hint?: string;
}

/** The stream's bytes, or a usage error as soon as it passes the bound (the rest is not read). */
export async function readStreamBounded(stream: NodeJS.ReadableStream, o: BoundedReadOptions = {}): Promise<Buffer> {
  const max = o.maxBytes ?? STDIN_MAX_BYTES;
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    n += b.length;
    if (n > max) {
      (stream as Partial<Readable>).destroy?.();
      throw new UsageError(`${o.what ?? 'stdin'}: more than ${formatMiB(max)} MiB; this command reads at most that much`, {
        code: 'ERR_INPUT_TOO_LARGE',
        hint: o.hint ?? 'give a smaller input (split it, or filter it first)',
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, n);
}

export function formatMiB(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
