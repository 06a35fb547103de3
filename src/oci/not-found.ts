// "Not there" as a type, so callers can tell absence (try a fallback) from failure (stop).
import { AirgapError, type AirgapErrorOptions } from '../util/errors.js';

export class NotFoundError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_NOT_FOUND', ...opts });
  }
}

/** True for our NotFoundError and for registry answers 404 / *_UNKNOWN, looked up the cause chain. */
export function isNotFound(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && i < 8; x = (x as { cause?: unknown }).cause, i++) {
    if (x instanceof NotFoundError) return true;
    const r = x as { status?: number; codes?: string[] };
    if (r.status === 404) return true;
    if (Array.isArray(r.codes) && r.codes.some((c) => c === 'MANIFEST_UNKNOWN' || c === 'NAME_UNKNOWN' || c === 'BLOB_UNKNOWN')) return true;
  }
  return false;
}
