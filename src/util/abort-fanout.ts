// One 'abort' listener per signal, however many requests wait on it. A run's signal is shared by
// every request, retry sleep and body of the run: a listener each (node:http's `signal` option
// adds one per request until its socket closes) passed Node's limit of 10 with a sync's
// concurrent transfers, and Node printed MaxListenersExceededWarning on every sync of more than
// ten repositories. Waiters join the signal's one listener and leave when they are done.

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` once when `signal` aborts (at once if it has); returns the function that stops waiting. */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let fns = waiting.get(signal);
  if (!fns) {
    const all = new Set<() => void>();
    fns = all;
    waiting.set(signal, all);
    signal.addEventListener(
      'abort',
      () => {
        const now = [...all];
        all.clear();
        for (const f of now) f();
      },
      { once: true },
    );
  }
  const mine = fns;
  mine.add(fn);
  return () => void mine.delete(fn);
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
