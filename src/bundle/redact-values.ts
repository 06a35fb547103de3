// Values go into the lock so a bundle says how each chart was rendered; credentials must not.
// A key that names a credential keeps its place but loses its value.

/** Keys that name credentials (password, token, secret, apiKey, privateKey, auth...). */
const SECRET_KEY = /(password|passwd|secret|token|apikey|api_key|credential|private[-_]?key|auth)/i;
export const REDACTED = '[redacted]';

/** A copy of `v` with credential-named scalar values replaced; bigints become numbers (JSON). */
export function redactValues(v: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint')) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => redactValues(x, key));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValues(x, k)]));
  return typeof v === 'bigint' ? Number(v) : v;
}
