// One 'abort' listener per signal, however many requests wait on it. A run's signal is shared by
// every request, retry sleep and body of the run: a listener each (node:http's `signal` option
// adds one per request until its socket closes) passed Node's limit of 10 with a sync's
// concurrent transfers, and Node printed MaxListenersExceededWarning on every sync of more than
// ten repositories. Waiters join the signal's one listener and leave when they are done.

// The shared listener goes when its last waiter leaves: a signal that outlives the run's requests
// (a long-lived client's) keeps nothing behind.
const waiting = new WeakMap<AbortSignal, { fns: Set<() => void>; listener: () => void }>();

/** Calls `fn` once when `signal` aborts (at once if it has); returns the function that stops waiting. */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let entry = waiting.get(signal);
  if (!entry) {
    const fns = new Set<() => void>();
    const listener = () => {
      waiting.delete(signal);
      const now = [...fns];
      fns.clear();
      for (const f of now) f();
    };
    entry = { fns, listener };
    waiting.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const mine = entry;
  mine.fns.add(fn);
  return () => {
    if (!mine.fns.delete(fn) || mine.fns.size > 0 || waiting.get(signal) !== mine) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', mine.listener);
  };
}

/** The signal's reason when it is an Error, else an AbortError as Node's own aborts give. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : Object.assign(new Error('the operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

/**
 * A signal of its own that aborts with `signal`, for an API that adds its own listener to what
 * it is given (stream.pipeline): that listener goes on this one, and `done` leaves the shared one.
 */
export function linkedSignal(signal: AbortSignal | undefined): { signal: AbortSignal | undefined; done: () => void } {
  if (!signal) return { signal: undefined, done: () => undefined };
  const own = new AbortController();
  return { signal: own.signal, done: whenAborted(signal, () => own.abort(signal.reason)) };
}
