// "Not there" as a type, so callers can tell absence (try a fallback) from failure (stop).
import { AirgapError, findCause, type AirgapErrorOptions } from '../util/errors.js';

export class NotFoundError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_NOT_FOUND', ...opts });
  }
}

/** True for our NotFoundError and for registry answers 404 / *_UNKNOWN, looked up the cause chain. */
export function isNotFound(e: unknown): boolean {
  return (
    findCause(e, (x) => {
      if (x instanceof NotFoundError) return true;
      const r = x as { status?: number; codes?: string[] };
      return r.status === 404 || (Array.isArray(r.codes) && r.codes.some((c) => c === 'MANIFEST_UNKNOWN' || c === 'NAME_UNKNOWN' || c === 'BLOB_UNKNOWN'));
    }) !== undefined
  );
}
