// Blob uploads over the distribution API (DS "Push"): POST opens a session (or mounts from
// another repository), small blobs go in one PUT, large ones in one streamed PATCH closed by
// PUT ?digest= (crane's way, the most widely accepted, ECR included: protocols.md §1.5, §5.6),
// so memory stays bounded whatever the blob size. A registry that refuses the streamed PATCH
// gets PATCH chunks; one that refuses chunks gets the bytes as one streamed PUT on a fresh
// session. Locations may be relative or absolute and carry query state: use them exactly.
import { Readable } from 'node:stream';
import type { Descriptor } from '../oci/content.js';
import { createVerifier, sourceChecked } from '../oci/digest.js';
import type { Ctx } from '../util/ctx.js';
import { withRetry, type RetryOptions } from '../util/retry.js';
import { RegistryError } from './errors.js';
import { isTransient } from '../util/transient.js';
import { asBuffer, discard, type HttpClient } from './http.js';
import { UploadSource } from './upload-source.js';
import { pipeQuietly } from '../util/pipe-quietly.js';
import type { HttpResponse } from './transport.js';

export interface UploadTarget {
  http: HttpClient;
  /** `<scheme>://<host>/v2/<path>` */
  base: string;
  scopes: string[];
  /** Blobs up to this size are buffered and sent in one replayable PUT. */
  monolithicMax: number;
  /**
   * Blobs up to monolithicMax go in one PUT streamed as they are read, not buffered first: for a
   * caller that retries the whole copy from a source it can read again (copyGraph's), so nothing
   * is kept to replay. The verifier holds the last chunk until the digest is right, so a wrong
   * blob never reaches its full length at the registry.
   */
  streamSmall?: boolean;
  /**
   * Large blobs go in one streamed PATCH (chunks only as a fallback). Needs an HttpClient that
   * does not keep a copy of streamed bodies: fetch with redirect 'manual' tees the request body
   * (Fetch spec: the request is cloned), which holds the whole blob in memory.
   */
  stream?: boolean;
  /**
   * PATCH chunk size. When given (other than the repository's default, REPOSITORY_DEFAULT_CHUNK)
   * it asks for chunks even with `stream`.
   */
  chunkSize?: number;
  what: string;
}

const MiB = 1024 * 1024;
/** What repository.ts fills in when its caller chose no chunk size: no choice was made. */
export const REPOSITORY_DEFAULT_CHUNK = 8 * MiB;
/** Chunks after a refused stream. */
const FALLBACK_CHUNK = 8 * MiB;
/**
 * How much of a stream is kept to hand to chunks if the registry refuses it at once. A refusal
 * after more went out fails as transient, and the retry (a fresh read of the source) goes in
 * chunks from the start: it happens once per host and process (`refusesStreams`). The window
 * was 8 MiB: 8 uploads in flight kept up to 64 MiB that only a full collection freed (bench/push
 * peak RSS 147-173 MiB with --single-threaded-gc; 138-148 MiB with 1 MiB).
 */
const REPLAY_WINDOW = 1 * MiB;
/** Hosts that refused a streamed PATCH: later uploads there go in chunks at once (bounded). */
const refusesStreams = new Set<string>();

/** Statuses a chunk PATCH may get that mean "this registry does not take chunks". */
const CHUNKS_REFUSED = new Set([400, 404, 405, 411, 413, 416, 501]);

/** Opens a session; with `mountFrom`, true when the registry mounted the blob (201). */
export async function startUpload(
  t: UploadTarget,
  d: Descriptor,
  c?: Ctx,
  mountFrom?: string,
): Promise<{ mounted: boolean; location: string; minChunk?: number }> {
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
  // bytes their source vouches for (a verified bundle read unchanged) are counted, not hashed again;
  // the registry checks the digest of what it stores either way
  const small = d.size <= t.monolithicMax;
  const verified = createVerifier(d, t.what, { sizeOnly: sourceChecked(body, d), holdLast: small && t.streamSmall });
  const piping = pipeQuietly(body, verified); // errors surface on `verified`
  try {
    if (small && t.streamSmall) {
      // the request ended by the verifier's failure fails as that (a digest mismatch), not as the reset
      await withSession(t, d, c, (loc) => putFinal(t, d, loc, verified, c)).catch((e: unknown) => Promise.reject(verified.errored ?? e));
    } else if (small) {
      const bytes = await readAll(verified);
      // a failed PUT leaves the session in an unknown state: retry with a fresh session
      await withRetry(() => withSession(t, d, c, (loc) => putFinal(t, d, loc, bytes, c)), retryOptions(t, c));
    } else if (wantsChunks(t)) {
      await uploadChunked(t, d, verified, c);
    } else {
      await uploadStreamed(t, d, verified, c);
    }
  } finally {
    verified.destroy();
    await piping;
  }
}

function wantsChunks(t: UploadTarget): boolean {
  if (!t.stream || refusesStreams.has(new URL(t.base).host)) return true;
  return t.chunkSize !== undefined && t.chunkSize !== REPOSITORY_DEFAULT_CHUNK;
}

/** POST, one PATCH streaming the whole blob (no Content-Range), PUT ?digest= with no body. */
async function uploadStreamed(t: UploadTarget, d: Descriptor, verified: Readable, c?: Ctx): Promise<void> {
  const { location, minChunk } = await startUpload(t, d, c);
  const source = new UploadSource(verified, REPLAY_WINDOW);
  let loc = location;
  try {
    const res = await patchStream(t, d, loc, source, c);
    if (res === 'refused') {
      await cancel(t, loc, c);
      loc = '';
      return await fallBackToChunks(t, d, source, minChunk, c);
    }
    loc = res;
    source.release();
    // the PUT commits the blob: only after the verifier saw every byte and the digest matched
    if (!source.done || source.sent !== d.size)
      throw (
        source.error ??
        new RegistryError(`${t.what}: stream ended after ${source.sent} of ${d.size} bytes`, { method: 'PATCH', url: location, transient: false })
      );
    await putFinal(t, d, loc, undefined, c);
  } catch (e) {
    await cancel(t, loc, c);
    throw source.error ?? e;
  }
}

async function patchStream(t: UploadTarget, d: Descriptor, loc: string, source: UploadSource, c?: Ctx): Promise<string | 'refused'> {
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(d.size) };
  // one piece read ahead, not Readable.from's sixteen: the registry is slower than the file, so
  // every upload's queue stayed full, 4 MiB of read buffers each (eight uploads: 32 MiB)
  const body = Readable.from(source.pull(), { highWaterMark: 1 });
  const res = await t.http.send({ method: 'PATCH', url: loc, headers, body, scopes: t.scopes, expect: [201, 202, 204, ...CHUNKS_REFUSED] }, c);
  await discard(res);
  if (!CHUNKS_REFUSED.has(res.status)) return locationOf(res, loc, t.what, loc);
  body.destroy();
  return 'refused';
}

/** A refused stream: chunks in a new session, when the bytes sent so far are still kept. */
async function fallBackToChunks(t: UploadTarget, d: Descriptor, source: UploadSource, minChunk: number | undefined, c?: Ctx): Promise<void> {
  const host = new URL(t.base).host;
  if (refusesStreams.size >= 256) refusesStreams.clear();
  refusesStreams.add(host);
  if (!(await source.handOn())) {
    // the next attempt (the caller retries transient failures) goes in chunks from the start
    throw new RegistryError(`${t.what}: ${host} refused a streamed PATCH after ${source.sent} bytes`, { method: 'PATCH', url: t.base, transient: true });
  }
  await uploadChunked(t, d, source.replay(), c, minChunk);
}

async function uploadChunked(t: UploadTarget, d: Descriptor, bytes: AsyncIterable<Uint8Array>, c?: Ctx, knownMin?: number): Promise<void> {
  // iterated by hand: a for-await exit would close the generator we hand on after a refusal
  const { location, minChunk } = await startUpload(t, d, c);
  // OCI-Chunk-Min-Length: every chunk but the last SHOULD be at least that big (DS)
  const chunks = chunksOf(bytes, Math.max(t.chunkSize ?? FALLBACK_CHUNK, minChunk ?? 0, knownMin ?? 0));
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
  const res = await t.http.send(
    { method: 'PATCH', url: loc, headers, body: Readable.from([chunk]), scopes: t.scopes, expect: [201, 202, 204, ...CHUNKS_REFUSED] },
    c,
  );
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
  const res = await t.http.send(
    { method: 'PUT', url: url.toString(), headers, body: body ?? new Uint8Array(0), scopes: t.scopes, expect: [201, 204], retry: false },
    c,
  );
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
    // the run's bounds, not its log: a courtesy call gets one try and no retry lines
    .send(
      { method: 'DELETE', url: loc, scopes: t.scopes, expect: [200, 202, 204, 400, 401, 403, 404, 405], retry: false },
      { signal: c?.signal, idleTimeoutMs: c?.idleTimeoutMs, exchangeTimeoutMs: c?.exchangeTimeoutMs },
    )
    .then(discard, () => undefined);
}

function locationOf(res: HttpResponse, requestUrl: string, what: string, fallback?: string): string {
  const loc = res.headers.get('location');
  if (!loc) {
    if (fallback) return fallback;
    throw new RegistryError(`${what}: upload response ${res.status} has no Location`, {
      method: 'POST',
      url: requestUrl,
      status: res.status,
      transient: false,
    });
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
