// Retries a network step on transient failures with capped exponential backoff and full jitter;
// a server's Retry-After wins when the caller can read it from the error.
import { InterruptedError } from './errors.js';
import { whenAborted } from './abort-fanout.js';

export interface RetryOptions {
  /** Extra attempts after the first (default 4). */
  retries?: number;
  /** First backoff step in ms (default 200). */
  baseMs?: number;
  /** Cap for any single wait in ms (default 10 000). */
  maxMs?: number;
  signal?: AbortSignal;
  isTransient: (e: unknown) => boolean;
  /** A server-chosen wait (Retry-After), used instead of the backoff when given. */
  retryAfterMs?: (e: unknown) => number | undefined;
  onRetry?: (e: unknown, attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const retries = o.retries ?? 4;
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw new InterruptedError({ cause: o.signal.reason });
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= retries && o.isTransient(e)) throw markRetriesSpent(e);
      if (attempt >= retries || o.signal?.aborted || !o.isTransient(e)) throw e;
      const delay = retryDelayMs(attempt, o, o.retryAfterMs?.(e));
      o.onRetry?.(e, attempt + 1, delay);
      await sleep(delay, o.signal);
    }
  }
}

// One retry layer, not three multiplied: an error a loop already retried to its limit is final for
// every loop around it (a blob upload once took 5 x 5 x 5 = 125 tries against a full disk).
const SPENT = Symbol.for('helm-airgap.retriesSpent');

/** Marks an error as retried to its limit: no loop around this one retries it again. */
export function markRetriesSpent(e: unknown): unknown {
  if (e && typeof e === 'object') Object.defineProperty(e, SPENT, { value: true, enumerable: false, configurable: true });
  return e;
}

/** True when some retry loop already retried this error (or its cause) to its limit. */
export function retriesSpent(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 10; x = (x as { cause?: unknown }).cause, i++)
    if ((x as Record<symbol, unknown>)[SPENT]) return true;
  return false;
}

/** Backoff for the attempt that just failed (0-based): full jitter over base*2^attempt, capped. */
export function retryDelayMs(attempt: number, o: Pick<RetryOptions, 'baseMs' | 'maxMs'>, retryAfter?: number, rnd = Math.random): number {
  const max = o.maxMs ?? 10_000;
  if (retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter, max);
  const ceiling = Math.min(max, (o.baseMs ?? 200) * 2 ** attempt);
  return Math.round(ceiling / 2 + (rnd() * ceiling) / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopWaiting: (() => void) | undefined;
    const t = setTimeout(() => {
      stopWaiting?.();
      resolve();
    }, ms);
    if (signal)
      stopWaiting = whenAborted(signal, () => {
        clearTimeout(t);
        reject(new InterruptedError({ cause: signal.reason }));
      });
  });
}
