// One structured error for everything the distribution API answers (modelled on ggcr's
// transport.Error): the HTTP status, the OCI error codes from the body, the method and a
// redacted URL, and whether retrying may help.
import { AirgapError, type AirgapErrorOptions } from '../util/errors.js';
import { printableLine } from '../util/printable.js';
import type { HttpResponse } from './transport.js';

export interface RegistryErrorInit {
  method: string;
  url: string;
  status?: number;
  codes?: string[];
  /** Human text from the body's error list (already free of secrets). */
  detail?: string;
  transient?: boolean;
  retryAfterMs?: number;
}

/** Query parameters that are safe to show; every other value is replaced (signatures, _state). */
const SAFE_QUERY = new Set(['digest', 'mount', 'from', 'n', 'last', 'scope', 'service', 'tag', 'artifactType']);

/** The hint for each OCI error code a user can act on. */
const CODE_HINTS: Record<string, string> = {
  UNAUTHORIZED:
    "log in to HOST once with docker login HOST or helm registry login HOST (both are read), or check that login; a command's own login flags (--username, --dest-username...) read the password from stdin, a file or the environment",
  DENIED: 'the credentials lack permission for this repository: check the account or token scopes',
  NAME_UNKNOWN: 'the repository does not exist: check the name (and create it first on registries such as ECR)',
  MANIFEST_UNKNOWN: 'the tag or digest does not exist in this repository: check the reference',
  TOOMANYREQUESTS: 'the registry is rate limiting: wait, log in for a higher limit, or use --mirror',
  MANIFEST_BLOB_UNKNOWN: 'push the blobs and child manifests before the manifest that references them',
};

const STATUS_HINTS: Record<number, string> = {
  401: CODE_HINTS.UNAUTHORIZED,
  403: CODE_HINTS.DENIED,
  429: CODE_HINTS.TOOMANYREQUESTS,
};

export class RegistryError extends AirgapError {
  readonly status?: number;
  readonly codes: string[];
  readonly method: string;
  /** The request URL without credentials or signed query values. */
  readonly url: string;
  readonly transient: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, init: RegistryErrorInit, opts: AirgapErrorOptions = {}) {
    const codes = init.codes ?? [];
    super(message, {
      code: 'ERR_REGISTRY',
      hint: hintFor(init.status, codes)?.replace(/\bHOST\b/g, hostOf(init.url)),
      ...opts,
    });
    this.status = init.status;
    this.codes = codes;
    this.method = init.method;
    this.url = redactUrl(init.url);
    this.transient = init.transient ?? (init.status !== undefined && isTransientStatus(init.status));
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The registry a request went to, for hints ("HOST" where it cannot be told). */
function hostOf(url: string): string {
  try {
    return new URL(url).host || 'HOST';
  } catch {
    return 'HOST';
  }
}

function hintFor(status: number | undefined, codes: string[]): string | undefined {
  for (const c of codes) if (CODE_HINTS[c]) return CODE_HINTS[c];
  return status === undefined ? undefined : STATUS_HINTS[status];
}

export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Strips user info and the values of query parameters that may carry signatures or state. */
export function redactUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
  u.username = '';
  u.password = '';
  for (const key of [...new Set(u.searchParams.keys())]) {
    if (!SAFE_QUERY.has(key)) u.searchParams.set(key, 'redacted');
  }
  return u.toString();
}

/** The `errors` list of an OCI error body; bodies that are not JSON (S3 XML, HTML) give none. */
export function parseErrorBody(text: string): { codes: string[]; detail?: string } {
  try {
    const json = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const list = Array.isArray(json.errors) ? json.errors : [];
    const codes = list.map((e) => String(e.code ?? '')).filter(Boolean);
    const detail = list
      .map((e) => [e.code, e.message].filter(Boolean).join(': '))
      .filter(Boolean)
      .join('; ');
    return { codes: codes.map(printableLine), detail: detail ? printableLine(detail.slice(0, 2000)) : undefined };
  } catch {
    const trimmed = text.trim();
    // an HTML error page (web servers, proxies, S3 sites) is named by its title, never printed
    if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed) || /<\/(html|body|head|title)>/i.test(trimmed.slice(0, 4096))) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.replace(/\s+/g, ' ').trim().slice(0, 100);
      return { codes: [], detail: title ? `(HTML page: ${printableLine(title)})` : '(HTML page)' };
    }
    const first = trimmed.split('\n')[0]?.slice(0, 200);
    return { codes: [], detail: first ? printableLine(first) : undefined };
  }
}

/** Builds the error for a failed response, reading at most 64 KiB of its body. */
export async function toRegistryError(res: HttpResponse, method: string, url: string): Promise<RegistryError> {
  const text = await readCapped(res, 64 * 1024);
  const { codes, detail } = parseErrorBody(text);
  const safeUrl = redactUrl(url);
  const msg = `${method} ${safeUrl}: ${res.status}${detail ? ` ${detail}` : ''}`;
  return new RegistryError(msg, {
    method,
    url,
    status: res.status,
    codes,
    detail,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
  });
}

async function readCapped(res: HttpResponse, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    while (n < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      n += value.length;
    }
  } catch {
    // a broken error body still leaves us the status
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(parts).toString('utf8').slice(0, max);
}
