// The AWS SDK clients (ECR, ECR Public) run on the SDK's own HTTP stack, outside
// registry/transport.ts, and without these bounds an API answer whose head stalls holds a push
// forever. The bounds are the registry's: each attempt may take --timeout (connecting at most
// --idle-timeout of it), and the whole call, the SDK's own retries included, ends at --timeout
// too; our backoff around a call retries only what a short wait can cure (throttling, 5xx),
// never a call that already ran out of time.
import { Readable, Transform } from 'node:stream';
import { DEFAULT_EXCHANGE_TIMEOUT_MS } from '../registry/http.js';
import type { Ctx } from '../util/ctx.js';
import { EcrError } from '../util/errors.js';
import { isTransientAwsError } from './ecr-errors.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** The request handler settings every SDK client gets (the SDK builds its NodeHttpHandler from them). */
export function boundedRequestHandler(): { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true } {
  return { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: DEFAULT_EXCHANGE_TIMEOUT_MS, throwOnRequestTimeout: true };
}

/** The API host a client talks to, for messages (the SDK resolves it itself). */
const hosts = new WeakMap<object, string>();

export function nameApiHost(client: object, o: { endpoint?: string; region: string }, service: 'ecr' | 'ecr-public'): void {
  let host = `api.${service}.${o.region}.amazonaws.com`;
  if (o.endpoint) {
    try {
      host = new URL(o.endpoint).host;
    } catch {
      host = o.endpoint;
    }
  }
  hosts.set(client, host);
}

/**
 * One SDK call under the bounds: `call` gets the options for `client.send`. A call that runs out
 * of time fails with an EcrError naming the host and the operation, not retried by our backoff.
 */
export async function boundedCall<T>(
  client: object,
  what: string,
  c: Ctx | undefined,
  call: (o: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<T>,
): Promise<T> {
  const ms = c?.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS;
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), 2 * ms);
  const abortSignal = c?.signal ? AbortSignal.any([c.signal, timer.signal]) : timer.signal;
  // the SDK hands abortSignal to its HTTP handler only: a call still resolving credentials (STS
  // through the default chain: assume-role, web identity, whose inner clients have no bounds of
  // ours) would not end on it, so the whole call is raced against the timer too
  const out = new Promise<never>((_, reject) =>
    timer.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true }),
  );
  out.catch(() => undefined);
  try {
    return await Promise.race([call({ abortSignal, requestTimeout: ms }), out]);
  } catch (e) {
    if (c?.signal?.aborted) throw e;
    const name = (e as { name?: string })?.name;
    if (timer.signal.aborted || name === 'TimeoutError' || name === 'AbortError') {
      const host = hosts.get(client) ?? 'the ECR API';
      throw new EcrError(`${what}: no answer from ${host} within ${ms / 1000} s (--timeout; ${(2 * ms) / 1000} s for all attempts of a call)`, {
        cause: e,
        hint: `check that ${host} is reachable from here (VPC endpoint, proxy, firewall); a slow link may need a longer --timeout`,
      });
    }
    throw e;
  } finally {
    clearTimeout(t);
  }
}

/** What our backoff around an SDK call retries: throttling and 5xx, never a call out of time. */
export function isRetriedAroundSdk(e: unknown): boolean {
  return !(e instanceof EcrError) && isTransientAwsError(e);
}

/** An SDK answer past its client's byte bound (answerBytesBound): the body is dropped, not read on. */
export class AnswerTooLargeError extends Error {
  constructor(readonly max: number) {
    super(`the answer is larger than ${max / 1024} KiB, more than any answer of this API: refused, not read on`);
  }
}

/** The one method of an SDK client's middleware stack used here (its own types name each step apart). */
interface AnswerStack {
  add(
    m: (next: (a: unknown) => Promise<{ response: unknown }>) => (a: unknown) => Promise<{ response: unknown }>,
    o: { step: 'deserialize'; priority: 'low'; name: string },
  ): void;
}

/**
 * Bounds every answer body of `client` to `max` bytes (the declared length checked first, then the
 * bytes as they come): an endless answer that is fast never runs out of time, and would otherwise be
 * held whole in memory by the SDK's deserializer. Placed just inside the deserializer, on the raw
 * HTTP answer.
 */
export function boundAnswerBytes(client: { middlewareStack: object }, max: number): void {
  (client.middlewareStack as AnswerStack).add(
    (next) => async (args) => {
      const out = await next(args);
      const res = out.response as { headers?: Record<string, string>; body?: unknown };
      const body = res.body;
      if (!(body instanceof Readable)) return out;
      if (Number(res.headers?.['content-length'] ?? 0) > max) {
        body.destroy();
        throw new AnswerTooLargeError(max);
      }
      let n = 0;
      const bounded = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          n += chunk.length;
          if (n > max) cb(new AnswerTooLargeError(max));
          else cb(null, chunk);
        },
      });
      body.on('error', (e) => bounded.destroy(e));
      bounded.on('error', () => body.destroy());
      res.body = body.pipe(bounded);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'helmAirgapAnswerBytes' },
  );
}
