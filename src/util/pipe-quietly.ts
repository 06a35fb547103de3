// One stream into another, as stream.pipeline joins them (an error or an early end of either ends
// the other), without pipeline's AbortController: every pipeline aborts its own at its end, and the
// AbortError that makes, stack and all, is read by no one. Two ran per blob uploaded (the body into
// its verifier, the verifier into the request); a sync of 200 small images made 1,200 of them.
import { finished, type Readable, type Writable } from 'node:stream';

/** Pipes `from` into `to`; resolves once `from` is done (ended, failed or destroyed), never rejects. */
export function pipeQuietly(from: Readable, to: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    // also at once for a stream that failed before it was handed here
    finished(from, (e) => {
      if (e) to.destroy(e);
      resolve();
    });
    to.once('close', () => {
      if (!from.readableEnded) from.destroy();
    });
    from.pipe(to);
  });
}
