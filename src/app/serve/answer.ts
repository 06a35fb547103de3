// One request answered from the bundle's contents (contents.ts): the spec's JSON bodies and
// headers, its error format, and blobs streamed from the bundle with their digest checked.
// A blob's bytes are held back by one chunk until its digest is confirmed, so a damaged blob
// ends in a cut connection, never in a complete response with the wrong bytes; a range is
// served only from a blob verified whole, and only while the file it is read from is the one
// verified (blob-identity.ts): a file changed since is verified again first, or refused as damaged,
// and a range whose file changes while it is sent is cut before its last bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Ctx, Descriptor, ReadOnlyStorage } from '../../oci/content.js';
import { createDigestCheck, createVerifier } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { SERVED_BUNDLE_REPOSITORY } from '../../bundle/served-bundle.js';
import type { ServedContents, ServedRepository } from './contents.js';
import type { BlobIdentity } from './blob-identity.js';
import { isRouteError, page, parseRange, route, type ErrorCode, type Route } from './routes.js';

export interface Answerer {
  answer(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Called with what went wrong while serving (a damaged blob, a read error); never with client errors. */
export type ServeLog = (message: string) => void;

export function createAnswerer(contents: ServedContents, blobs: ReadOnlyStorage, identity: BlobIdentity, log: ServeLog, ctx: Ctx = {}): Answerer {
  /** Blobs verified whole: the identity of their file(s) when the verifying read began. */
  const verified = new Map<string, string>();
  // the served-bundle artifact answers by name but is no image: a catalog walk copies images only
  const catalog = [...contents.repositories.keys()].filter((n) => n !== SERVED_BUNDLE_REPOSITORY).sort();

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    const r = route(req.method ?? '', req.url ?? '');
    if (isRouteError(r)) {
      if (r.status === 405) {
        res.setHeader('Allow', 'GET, HEAD');
        // the request's body is not read: the connection ends with this answer
        res.setHeader('Connection', 'close');
      }
      return sendError(res, r.status, r.code, r.message);
    }
    const head = req.method === 'HEAD';
    if (r.kind === 'base') return sendJson(res, 200, {}, head);
    if (r.kind === 'catalog') {
      const p = page(catalog, r.query);
      if (p.more) res.setHeader('Link', `</v2/_catalog?n=${p.items.length}&last=${encodeURIComponent(p.items.at(-1) ?? '')}>; rel="next"`);
      return sendJson(res, 200, { repositories: p.items }, head);
    }
    const repo = contents.repositories.get(r.name);
    if (!repo) return sendError(res, 404, 'NAME_UNKNOWN', `repository ${r.name} is not in the bundle`);
    if (r.kind === 'tags') {
      const p = page([...repo.tags.keys()].sort(), r.query);
      if (p.more) res.setHeader('Link', `</v2/${repo.name}/tags/list?n=${p.items.length}&last=${encodeURIComponent(p.items.at(-1) ?? '')}>; rel="next"`);
      return sendJson(res, 200, { name: repo.name, tags: p.items }, head);
    }
    if (r.kind === 'manifest') return manifest(repo, r, res, head);
    if (r.kind === 'referrers') return referrers(repo, r, res, head);
    return blob(repo, r, req, res, head);
  };

  const manifest = (repo: ServedRepository, r: Extract<Route, { kind: 'manifest' }>, res: ServerResponse, head: boolean) => {
    const digest = r.byDigest ? r.reference : repo.tags.get(r.reference)?.digest;
    const m = digest ? repo.manifests.get(digest) : undefined;
    if (!m) return sendError(res, 404, 'MANIFEST_UNKNOWN', `manifest ${r.reference} is not in ${repo.name}`);
    res.writeHead(200, {
      'Content-Type': m.descriptor.mediaType,
      'Content-Length': m.raw.length,
      'Docker-Content-Digest': m.descriptor.digest,
      ETag: `"${m.descriptor.digest}"`,
    });
    res.end(head ? undefined : m.raw);
  };

  const referrers = (repo: ServedRepository, r: Extract<Route, { kind: 'referrers' }>, res: ServerResponse, head: boolean) => {
    const type = r.query.get('artifactType');
    const all = repo.referrers.get(r.digest) ?? [];
    const manifests = type === null ? all : all.filter((d) => d.artifactType === type);
    if (type !== null) res.setHeader('OCI-Filters-Applied', 'artifactType');
    return sendJson(res, 200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, head, MediaType.ociIndex);
  };

  const blob = async (repo: ServedRepository, r: Extract<Route, { kind: 'blob' }>, req: IncomingMessage, res: ServerResponse, head: boolean) => {
    const inMemory = repo.manifests.get(r.digest) ?? repo.inline?.get(r.digest);
    const d: Descriptor | undefined = inMemory?.descriptor ?? repo.blobs.get(r.digest);
    if (!d) return sendError(res, 404, 'BLOB_UNKNOWN', `blob ${r.digest} is not in ${repo.name}`);
    const range = parseRange(req.headers.range, d.size);
    const headers = { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': d.digest, ETag: `"${d.digest}"`, 'Accept-Ranges': 'bytes' };
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${d.size}` });
      return void res.end();
    }
    if (inMemory) {
      const bytes = range ? inMemory.raw.subarray(range.start, range.end + 1) : inMemory.raw;
      res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': bytes.length, ...contentRange(range, d.size) });
      return void res.end(head ? undefined : bytes);
    }
    if (head) {
      res.writeHead(200, { ...headers, 'Content-Length': d.size });
      return void res.end();
    }
    const now = await identity(d);
    if (range && verified.get(d.digest) !== now) {
      // a part cannot be checked on its own: the whole blob is, before any part is served, and
      // again whenever its file is no longer the one verified
      if (verified.delete(d.digest)) log(`blob ${d.digest} of ${repo.name}: its file changed since it was verified: verifying it again`);
      const bad = await checkWhole(blobs, d, ctx).catch((e: Error) => e);
      if (bad) {
        log(`blob ${d.digest} of ${repo.name} not served: ${bad.message}`);
        return sendError(res, 500, 'BLOB_UNKNOWN', `blob ${d.digest} is damaged in the bundle`);
      }
      verified.set(d.digest, now);
    }
    const body = await blobs.fetch(d, ctx, range ? { offset: range.start } : {});
    res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': range ? range.end - range.start + 1 : d.size, ...contentRange(range, d.size) });
    try {
      if (range)
        await pipeline(
          unchangedTo(firstBytes(body, range.end - range.start + 1), () => identity(d), now, d),
          res,
        );
      else await pipeline(body, createVerifier(d, `blob ${d.digest}`, { holdLast: true }), res);
      if (!range) verified.set(d.digest, now);
    } catch (e) {
      if (!res.destroyed || !isClientGone(e)) log(`blob ${d.digest} of ${repo.name}: ${(e as Error).message}; the connection was cut`);
      res.destroy();
      (body as Readable).destroy();
    }
  };

  return { answer };
}

function contentRange(range: { start: number; end: number } | undefined, size: number): Record<string, string> {
  return range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {};
}

async function checkWhole(store: ReadOnlyStorage, d: Descriptor, ctx: Ctx): Promise<void> {
  if (store.verify) return store.verify(d, ctx);
  const check = createDigestCheck(d, `blob ${d.digest}`);
  for await (const chunk of await store.fetch(d, ctx)) check.update(chunk as Buffer);
  check.end();
}

/** The first `n` bytes of `body` (read from the range's start); the rest of the blob is never read. */
async function* firstBytes(body: Readable, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const out = chunk.length > left ? chunk.subarray(0, left) : chunk;
    left -= out.length;
    yield out;
    if (left <= 0) return;
  }
}

/**
 * `chunks` with the last held back until the file is seen unchanged since `was`: a range read while
 * its file was rewritten ends in a cut connection, not in a complete answer with other bytes.
 */
async function* unchangedTo(chunks: AsyncIterable<Buffer>, identity: () => Promise<string>, was: string, d: Descriptor): AsyncGenerator<Buffer> {
  let held: Buffer | undefined;
  for await (const chunk of chunks) {
    if (held) yield held;
    held = chunk;
  }
  if ((await identity()) !== was) throw new Error(`the file of blob ${d.digest} changed while a range of it was sent`);
  if (held) yield held;
}

function isClientGone(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function sendJson(res: ServerResponse, status: number, body: unknown, head: boolean, type = 'application/json'): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(head ? undefined : bytes);
}

/** The distribution spec's error body: {"errors":[{"code","message","detail"}]}. */
export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) return void res.destroy();
  const bytes = Buffer.from(JSON.stringify({ errors: [{ code, message, detail: null }] }));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}
