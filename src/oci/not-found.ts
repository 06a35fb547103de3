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

/**
 * The next step after some items failed: `rerun` helps only where the far side may answer next
 * time; a reference the source does not have is named instead, since no re-run can copy it.
 */
export function afterFailures(failures: readonly { item: string; cause: unknown }[], rerun: string): string {
  const missing = failures.filter((f) => isNotFound(f.cause)).map((f) => f.item);
  if (missing.length === 0) return rerun;
  const named = missing.length === 1 ? missing[0] : `${missing.length} of them (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`;
  const fix = `the source does not have ${named}: check the tag or digest, or drop it from the list (a re-run cannot copy what is not there)`;
  return missing.length === failures.length ? fix : `${fix}; for the others, ${rerun}`;
}
