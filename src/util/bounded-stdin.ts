// Standard input read whole, with a size limit: postrender's manifests, `kustomize --manifests -`,
// a list or a password on `-`. Unbounded, 300 MB piped into postrender grew the process to 2.4 GB
// before any check could refuse it; the limit ends the read at the byte that passes it.
import { AirgapError, ExitCode } from './errors.js';
import { parseByteSize } from './byte-size.js';

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

/** Reads `stream` whole, failing (and no longer reading) once it passes `limit` bytes. */
export async function readStdinBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    n += b.length;
    // leaving the loop destroys the stream: the writer gets EPIPE rather than being drained
    if (n > limit) {
      throw new AirgapError(`standard input is larger than ${limit} bytes (${STDIN_LIMIT_ENV})`, {
        code: 'ERR_STDIN_TOO_LARGE',
        exitCode: ExitCode.Usage,
        hint: `pass a smaller input, or raise the limit if the input is expected, e.g. ${STDIN_LIMIT_ENV}=${Math.ceil((limit * 4) / 1024 ** 2)}Mi`,
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, n);
}
