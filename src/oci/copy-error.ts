// Which side of a copy failed, as a type: oras-go's CopyError{Op, Origin} in our words. Callers
// (push, copy, sync) tell "the source is damaged or gone" from "the target refused" by `side`.
import { AirgapError, findCause } from '../util/errors.js';

export type CopySide = 'source' | 'destination';

export class CopyError extends AirgapError {
  constructor(
    /** What was being done, e.g. "fetch manifest", "push blob", "mount". */
    readonly operation: string,
    readonly side: CopySide,
    /** The reference or digest being copied. */
    readonly reference: string,
    cause: unknown,
  ) {
    const inner = cause instanceof AirgapError ? cause : undefined;
    super(`${side}: ${reference}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      code: inner?.code,
      hint: inner?.hint,
      exitCode: inner?.exitCode,
      cause,
    });
  }
}

/** The CopyError on the cause chain, if any. */
export function copyErrorOf(e: unknown): CopyError | undefined {
  return findCause<CopyError>(e, (x) => x instanceof CopyError);
}
