// How ECR's /v2/ blob uploads differ from distribution's, replayed in front of docker-registry
// (protocols.md §5.6): a chunk PATCH answers 201 (not 202); its Range header stops advancing
// after the first chunk (aws/containers-roadmap#2831), so clients must count bytes themselves;
// GET on an upload location (status) is 404; and every part except the last must be at least
// 5 MiB, which ECR only notices when the next part arrives (LayerPartTooSmallException).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

const MIN_PART = 5 * 1024 * 1024;
const SESSION_RE = /\/blobs\/uploads\/([^/]+)$/;

interface Session {
  lastPart?: number;
  firstRange?: string;
}

export interface Refusal {
  status: number;
  body: unknown;
}

export class UploadQuirks {
  readonly #sessions = new Map<string, Session>();
  enabled = true;

  /** A refusal ECR would give before the registry sees the request. */
  check(req: IncomingMessage, url: URL): Refusal | undefined {
    const id = this.enabled ? SESSION_RE.exec(url.pathname)?.[1] : undefined;
    if (!id) return undefined;
    if (req.method === 'GET') return { status: 404, body: errors('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry') };
    const last = this.#sessions.get(id)?.lastPart;
    if ((req.method === 'PATCH' || req.method === 'PUT') && last !== undefined && last < MIN_PART && (req.method === 'PATCH' || hasBody(req))) {
      return { status: 400, body: errors('BLOB_UPLOAD_INVALID', 'All layer parts except the last part should be at least 5MB') };
    }
    return undefined;
  }

  /** The registry's answer to a PATCH, as ECR would give it. */
  rewrite(req: IncomingMessage, url: URL, status: number, headers: IncomingHttpHeaders, partBytes: number): { status: number; headers: IncomingHttpHeaders } {
    const id = this.enabled && req.method === 'PATCH' ? SESSION_RE.exec(url.pathname)?.[1] : undefined;
    if (!id || status !== 202) return { status, headers };
    const s = this.#sessions.get(id) ?? {};
    s.firstRange ??= String(headers.range ?? `0-${partBytes - 1}`);
    s.lastPart = partBytes;
    // docker-registry moves the session id into the next Location; follow it
    const next = SESSION_RE.exec(new URL(String(headers.location ?? url.pathname), 'http://x').pathname)?.[1] ?? id;
    this.#sessions.set(next, s);
    return { status: 201, headers: { ...headers, range: s.firstRange } };
  }
}

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function errors(code: string, message: string): unknown {
  return { errors: [{ code, message }] };
}
