// Registries that meter pulls say how many are left: Docker Hub sends
// `ratelimit-limit: 100;w=21600` and `ratelimit-remaining: 76;w=21600` (IETF RateLimit header
// draft) on manifest requests, and `docker-ratelimit-source` naming who is counted. Kept per
// host, last answer wins, so a command can tell the user before the limit stops a run.

import type { HeaderReader } from './transport.js';

export interface RateLimit {
  host: string;
  limit?: number;
  remaining: number;
  /** The window the counts apply to, in seconds (Docker Hub: 21600, six hours). */
  windowSeconds?: number;
  /** Who is counted (an IP address or an account), as the registry says. */
  source?: string;
}

/** "76;w=21600" → { count: 76, window: 21600 }; undefined for anything else. */
export function parseRateLimitValue(v: string | null): { count: number; window?: number } | undefined {
  if (!v) return undefined;
  const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v);
  if (!m) return undefined;
  return { count: Number(m[1]), ...(m[2] ? { window: Number(m[2]) } : {}) };
}

export function rateLimitOf(host: string, headers: HeaderReader): RateLimit | undefined {
  const remaining = parseRateLimitValue(headers.get('ratelimit-remaining'));
  if (!remaining) return undefined;
  const limit = parseRateLimitValue(headers.get('ratelimit-limit'));
  const source = headers.get('docker-ratelimit-source') ?? undefined;
  const window = remaining.window ?? limit?.window;
  return {
    host,
    remaining: remaining.count,
    ...(limit ? { limit: limit.count } : {}),
    ...(window !== undefined ? { windowSeconds: window } : {}),
    ...(source ? { source } : {}),
  };
}

/** "docker.io: 76 of 100 pulls left in 6 h (counted for 203.0.113.7)". */
export function formatRateLimit(r: RateLimit): string {
  const of = r.limit !== undefined ? ` of ${r.limit}` : '';
  const win = r.windowSeconds ? ` per ${r.windowSeconds % 3600 === 0 ? `${r.windowSeconds / 3600} h` : `${r.windowSeconds} s`}` : '';
  return `${r.host}: ${r.remaining}${of} pulls left${win}${r.source ? ` (counted for ${r.source})` : ''}`;
}
