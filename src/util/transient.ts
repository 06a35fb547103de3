// The one rule for "may a retry help?", used by every retry loop (registry requests, copies,
// pushes). An error that says so itself (`transient: true|false`, as RegistryError does from the
// HTTP status) decides; otherwise network failures that a fresh connection may cure do.
import { findCause } from './errors.js';
import { retriesSpent } from './retry.js';

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const TRANSIENT_MESSAGES = [/socket hang up/i, /other side closed/i, /terminated/i, /fetch failed/i, /premature close/i, /aborted/i];

type Verdict = 'retry' | 'stop' | undefined;

function verdictOf(x: unknown): Verdict {
  if (typeof x !== 'object' || x === null) return 'stop';
  const o = x as { name?: string; code?: unknown; message?: unknown; transient?: unknown };
  if (typeof o.transient === 'boolean') return o.transient ? 'retry' : 'stop';
  if (o.name === 'AbortError') return 'stop';
  if (typeof o.code === 'string' && TRANSIENT_CODES.has(o.code)) return 'retry';
  if (typeof o.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(o.message as string))) return 'retry';
  return undefined;
}

/** Whether retrying may help: 429/5xx answers and connection failures, looked up the cause chain. */
export function isTransient(err: unknown): boolean {
  if (retriesSpent(err)) return false;
  return verdictOf(findCause(err, (x) => verdictOf(x) !== undefined)) === 'retry';
}
