// Blob uploads over the distribution API (DS "Push"): POST opens a session (or mounts from
// another repository), small blobs go in one PUT, large ones in PATCH chunks closed by PUT.
// Locations may be relative or absolute and carry query state: use them exactly. A registry
// that refuses chunks gets the same bytes as one streamed PUT on a fresh session.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Descriptor } from '../oci/content.js';
import { createVerifier } from '../oci/digest.js';
import type { Ctx } from '../util/ctx.js';
import { withRetry, type RetryOptions } from '../util/retry.js';
import { isTransient, RegistryError } from './errors.js';
import { asBuffer, discard, type HttpClient } from './http.js';

export interface UploadTarget {
  http: HttpClient;
  /** `<scheme>://<host>/v2/<path>` */
  base: string;
  scopes: string[];
  /** Blobs up to this size are buffered and sent in one replayable PUT. */
  monolithicMax: number;
  chunkSize: number;
  what: string;
}

/** Statuses a chunk PATCH may get that mean "this registry does not take chunks". */
const CHUNKS_REFUSED = new Set([400, 404, 405, 411, 413, 416, 501]);

/** Opens a session; with `mountFrom`, true when the registry mounted the blob (201). */
export async function startUpload(t: UploadTarget, d: Descriptor, c?: Ctx, mountFrom?: string): Promise<{ mounted: boolean; location: string; minChunk?: number }> {
  const url = new URL(`${t.base}/blobs/uploads/`);
  if (mountFrom) {
    url.searchParams.set('mount', d.digest);
    url.searchParams.set('from', mountFrom);
  }
  const res = await t.http.send({ method: 'POST', url: url.toString(), headers: { 'content-length': '0' }, scopes: t.scopes, expect: [201, 202] }, c);
  await discard(res);
  if (res.status === 201 && mountFrom) return { mounted: true, location: '' };
  const minChunk = Number(res.headers.get('oci-chunk-min-length') ?? NaN);
  return { mounted: false, location: locationOf(res, url.toString(), t.what), ...(minChunk > 0 ? { minChunk } : {}) };
}

/** Uploads `body` (verified on the way) into a fresh session; returns when the blob exists. */
export async function uploadBlob(t: UploadTarget, d: Descriptor, body: Readable, c?: Ctx): Promise<void> {
  const verified = createVerifier(d, t.what);
  const piping = pipeline(body, verified).catch(() => undefined); // errors surface on `verified`
  try {
    if (d.size <= t.monolithicMax) {
      const bytes = await readAll(verified);
      // a failed PUT leaves the session in an unknown state: retry with a fresh session
      await withRetry(() => withSession(t, d, c, (loc) => putFinal(t, d, loc, bytes, c)), retryOptions(t, c));
    } else {
      await uploadChunked(t, d, verified, c);
    }
  } finally {
    verified.destroy();
    await piping;
  }
}

async function uploadChunked(t: UploadTarget, d: Descriptor, verified: Readable, c?: Ctx): Promise<void> {
  // iterated by hand: a for-await exit would close the generator we hand on after a refusal
  const { location, minChunk } = await startUpload(t, d, c);
  // OCI-Chunk-Min-Length: every chunk but the last SHOULD be at least that big (DS)
  const chunks = chunksOf(verified, Math.max(t.chunkSize, minChunk ?? 0));
  let loc = location;
  let offset = 0;
  try {
    for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
      const res = await patchChunk(t, loc, r.value, offset, c);
      if (res === 'refused') {
        await cancel(t, loc, c);
        loc = '';
        const rest = Readable.from(prepend(r.value, chunks));
        return await withSession(t, d, c, (l) => putFinal(t, d, l, rest, c));
      }
      loc = res;
      offset += r.value.length;
    }
    await putFinal(t, d, loc, undefined, c);
  } catch (e) {
    await cancel(t, loc, c);
    throw e;
  }
}

async function patchChunk(t: UploadTarget, loc: string, chunk: Buffer, offset: number, c?: Ctx): Promise<string | 'refused'> {
  const headers = {
    'content-type': 'application/octet-stream',
    'content-range': `${offset}-${offset + chunk.length - 1}`,
    'content-length': String(chunk.length),
  };
  // a chunk is not replayed: after a failure the session offset is unknown (ECR cannot tell us)
  const res = await t.http.send({ method: 'PATCH', url: loc, headers, body: Readable.from([chunk]), scopes: t.scopes, expect: [201, 202, 204, ...CHUNKS_REFUSED] }, c);
  await discard(res);
  if (CHUNKS_REFUSED.has(res.status)) {
    if (offset > 0) throw new RegistryError(`${t.what}: PATCH chunk at ${offset}: ${res.status}`, { method: 'PATCH', url: loc, status: res.status });
    return 'refused';
  }
  return locationOf(res, loc, t.what, loc);
}

async function putFinal(t: UploadTarget, d: Descriptor, loc: string, body: Buffer | Readable | undefined, c?: Ctx): Promise<void> {
  const url = new URL(loc);
  url.searchParams.set('digest', d.digest);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  headers['content-length'] = String(body === undefined ? 0 : body instanceof Readable ? d.size : body.length);
  const res = await t.http.send({ method: 'PUT', url: url.toString(), headers, body: body ?? new Uint8Array(0), scopes: t.scopes, expect: [201, 204], retry: false }, c);
  await discard(res);
}

function retryOptions(t: UploadTarget, c?: Ctx): RetryOptions {
  return {
    ...t.http.retryPolicy,
    signal: c?.signal,
    isTransient,
    retryAfterMs: (e) => (e instanceof RegistryError ? e.retryAfterMs : undefined),
  };
}

/** Runs one upload in its own session, cancelling the session when it fails. */
async function withSession(t: UploadTarget, d: Descriptor, c: Ctx | undefined, fn: (loc: string) => Promise<void>): Promise<void> {
  const { location } = await startUpload(t, d, c);
  try {
    await fn(location);
  } catch (e) {
    await cancel(t, location, c);
    throw e;
  }
}

/** DELETE the session; clients SHOULD when they give up, and ignore any failure (DS). */
async function cancel(t: UploadTarget, loc: string, c?: Ctx): Promise<void> {
  if (!loc) return;
  await t.http
    .send({ method: 'DELETE', url: loc, scopes: t.scopes, expect: [200, 202, 204, 400, 401, 403, 404, 405] }, { signal: c?.signal })
    .then(discard, () => undefined);
}

function locationOf(res: Response, requestUrl: string, what: string, fallback?: string): string {
  const loc = res.headers.get('location');
  if (!loc) {
    if (fallback) return fallback;
    throw new RegistryError(`${what}: upload response ${res.status} has no Location`, { method: 'POST', url: requestUrl, status: res.status, transient: false });
  }
  return new URL(loc, requestUrl).toString();
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of s) parts.push(asBuffer(chunk as Uint8Array));
  return Buffer.concat(parts);
}

/** Re-chunks a stream into `size`-byte buffers (the last may be shorter); one in memory at a time. */
export async function* chunksOf(s: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let n = 0;
  for await (const piece of s) {
    let b = asBuffer(piece);
    while (n + b.length >= size) {
      const take = size - n;
      parts.push(b.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      n = 0;
      b = b.subarray(take);
    }
    if (b.length) {
      parts.push(b);
      n += b.length;
    }
  }
  if (n > 0) yield Buffer.concat(parts);
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}
