// Standard input (or any stream piped in) read whole, but never past a bound: postrender's
// manifests, `kustomize --manifests -`, a list or a password on `-`. Unbounded, 300 MB piped into
// postrender grew the process to 2.4 GB before any check could refuse it, and `cat /dev/zero |`
// never ended; the limit ends the read at the byte that passes it (the rest is not read).
import type { Readable } from 'node:stream';
import { parseByteSize } from './byte-size.js';
import { UsageError } from './errors.js';

/** Where the limit can be raised: manifests of a large release may need more. */
export const STDIN_LIMIT_ENV = 'HELM_AIRGAP_STDIN_MAX_BYTES';

/**
 * 64 MiB: Helm keeps a release's manifests in one Secret (1 MiB, compressed), so even a large
 * release renders well below this; parsing takes a few times the input, inside the heap's bound.
 */
export const STDIN_LIMIT_DEFAULT = 64 * 1024 * 1024;

/** The limit HELM_AIRGAP_STDIN_MAX_BYTES sets (64Mi, 1GiB, plain bytes), else the default. */
export function stdinLimit(env: NodeJS.ProcessEnv): number {
  const v = env[STDIN_LIMIT_ENV];
  return v === undefined || v === '' ? STDIN_LIMIT_DEFAULT : parseByteSize(v, STDIN_LIMIT_ENV);
}

export interface BoundedReadOptions {
  /** Refuse the input once it passes this many bytes (default STDIN_LIMIT_DEFAULT). */
  maxBytes?: number;
  /** What the stream is, for the error ("standard input", "--manifests -"). */
  what?: string;
  /** The next: step when the bound is passed. */
  hint?: string;
}

/** The stream's bytes, or a usage error as soon as it passes the bound. */
export async function readStreamBounded(stream: NodeJS.ReadableStream, o: BoundedReadOptions = {}): Promise<Buffer> {
  const max = o.maxBytes ?? STDIN_LIMIT_DEFAULT;
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    n += b.length;
    if (n > max) {
      // the writer gets EPIPE rather than being drained
      (stream as Partial<Readable>).destroy?.();
      throw new UsageError(`${o.what ?? 'standard input'} is larger than ${max} bytes (${formatMiB(max)} MiB, ${STDIN_LIMIT_ENV})`, {
        code: 'ERR_INPUT_TOO_LARGE',
        hint: o.hint ?? `pass a smaller input, or raise the limit if the input is expected, e.g. ${STDIN_LIMIT_ENV}=${Math.ceil((max * 4) / 1024 ** 2)}Mi`,
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, n);
}

export function formatMiB(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
