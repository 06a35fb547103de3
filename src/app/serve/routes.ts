// A request line as the distribution spec's read endpoints name them (pure). Names, tags and
// digests are matched against their grammars on the raw path, never percent-decoded, so "..",
// "%2e%2e", backslashes and NULs are simply names that do not exist: nothing here builds a path.
import { NAME_RULES, isValidTag } from '../../ecr/naming.js';
import { isDigest } from '../../oci/digest.js';

export type Route =
  | { kind: 'base' }
  | { kind: 'catalog'; query: URLSearchParams }
  | { kind: 'tags'; name: string; query: URLSearchParams }
  | { kind: 'manifest'; name: string; reference: string; byDigest: boolean }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'referrers'; name: string; digest: string; query: URLSearchParams };

/** The spec's error codes this server answers with. */
export type ErrorCode =
  'NAME_INVALID' | 'NAME_UNKNOWN' | 'MANIFEST_UNKNOWN' | 'BLOB_UNKNOWN' | 'DIGEST_INVALID' | 'MANIFEST_INVALID' | 'UNSUPPORTED' | 'NOT_FOUND';

export interface RouteError {
  status: number;
  code: ErrorCode;
  message: string;
}

/** Longest request target accepted (a 255-character name, a digest and a query fit well inside). */
export const MAX_TARGET = 2048;

const READ_METHODS = new Set(['GET', 'HEAD']);

export function route(method: string, target: string): Route | RouteError {
  if (!READ_METHODS.has(method)) {
    return { status: 405, code: 'UNSUPPORTED', message: `${method} is not supported: this registry is served read-only from a bundle` };
  }
  if (target.length > MAX_TARGET) return { status: 414, code: 'NAME_INVALID', message: `request target over ${MAX_TARGET} characters` };
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  if (path === '/v2/' || path === '/v2') return { kind: 'base' };
  if (path === '/v2/_catalog') return { kind: 'catalog', query };
  const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
  if (tags) return named(tags[1]!, (name) => ({ kind: 'tags', name, query }));
  const m = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/([^/]+)$/.exec(path);
  if (!m) return { status: 404, code: 'NOT_FOUND', message: 'no such endpoint' };
  const [, rawName, what, ref] = m as unknown as [string, string, string, string];
  if (what === 'manifests') {
    const byDigest = ref.includes(':');
    if (byDigest ? !isDigest(ref) : !isValidTag(ref)) {
      return byDigest ? { status: 400, code: 'DIGEST_INVALID', message: 'not a digest' } : { status: 404, code: 'MANIFEST_UNKNOWN', message: 'not a tag' };
    }
    return named(rawName, (name) => ({ kind: 'manifest', name, reference: ref, byDigest }));
  }
  if (!isDigest(ref)) return { status: 400, code: 'DIGEST_INVALID', message: 'not a digest' };
  return named(rawName, (name) => (what === 'blobs' ? { kind: 'blob', name, digest: ref } : { kind: 'referrers', name, digest: ref, query }));
}

function named(name: string, make: (name: string) => Route): Route | RouteError {
  const rules = NAME_RULES.oci;
  if (name.length > rules.maxLength || !rules.pattern.test(name)) return { status: 400, code: 'NAME_INVALID', message: 'not a repository name' };
  return make(name);
}

export function isRouteError(r: Route | RouteError): r is RouteError {
  return 'status' in r;
}

/** One page of a sorted listing: `n` entries after `last` (the spec's pagination). */
export function page(all: readonly string[], query: URLSearchParams, max = 10_000): { items: string[]; more: boolean } {
  const last = query.get('last');
  const nRaw = query.get('n');
  const n = nRaw !== null && /^\d{1,6}$/.test(nRaw) ? Math.min(Number(nRaw), max) : max;
  const from = last === null ? 0 : all.findIndex((x) => x > last);
  const start = from < 0 ? all.length : from;
  const items = all.slice(start, start + n);
  return { items, more: start + n < all.length };
}

/** A single `bytes=` range of a `size`-byte blob: [start, end] inclusive; undefined = whole; 'unsatisfiable'. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // several ranges or another unit: RFC 9110 lets a server ignore Range and send it all
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
