// One repository over the distribution API, as a Target: resolve, fetch (verified, resumable),
// exists, push (blobs with mount/monolithic/chunked uploads, manifests with their exact bytes),
// tag, tag listing and referrers. Names stay as the user wrote them; `endpoint` is where the
// bytes really are (a mirror may serve quay.io/x from 127.0.0.1:5000/quay.io/x).
import { Readable } from 'node:stream';
import type { Ctx, Descriptor, FetchOptions, ReferrerLister, Target } from '../oci/content.js';
import { createVerifier, isDigest, sha256Of, verifyBytes } from '../oci/digest.js';
import { MAX_MANIFEST_BYTES, readAllBounded } from '../oci/manifest.js';
import { isManifestType, MANIFEST_ACCEPT } from '../oci/media-types.js';
import { parseReference, referenceSelector } from '../oci/reference.js';
import { openBlobReader } from './blob-reader.js';
import { RegistryError } from './errors.js';
import { bodyStream, discard, type HttpClient } from './http.js';
import { listReferrers, listTags } from './listing.js';
import { repositoryScope } from './token.js';
import { startUpload, uploadBlob, type UploadTarget } from './upload.js';
import type { HttpResponse } from './transport.js';

export interface RepositoryEndpoint {
  /** API host[:port] actually contacted. */
  host: string;
  /** Repository path at that host. */
  path: string;
}

export interface RemoteRepositoryOptions {
  /** Blobs up to this size are uploaded in one PUT (default 8 MiB). */
  monolithicMax?: number;
  /** Blobs up to monolithicMax streamed in their PUT, not buffered to replay it (upload.ts, UploadTarget). */
  streamSmall?: boolean;
  /** PATCH chunk size for larger blobs (default 8 MiB; ECR needs at least 5 MiB). */
  chunkSize?: number;
  /** Hash blobs while fetching (default true); copyGraph may verify itself. */
  verifyFetch?: boolean;
}

export interface PushOptions {
  /** Try a cross-repository mount from this path on the same registry first. */
  mountFrom?: string;
}

const MiB = 1024 * 1024;
const ABSENT_TTL_MS = 30_000;

export class RemoteRepository implements Target, ReferrerLister {
  readonly base: string;
  readonly #http: HttpClient;
  readonly #o: RemoteRepositoryOptions;
  /** Manifests pushed or fetched recently (verified), so tag() and fetch() need no second GET (bounded). */
  readonly #manifests = new Map<string, Uint8Array>();
  /** Blobs a HEAD just found missing, with when (push() consumes entries; bounded). */
  readonly #absent = new Map<string, number>();

  constructor(
    /** The name as given, e.g. quay.io/jetstack/cert-manager-controller. */
    readonly name: string,
    readonly endpoint: RepositoryEndpoint,
    http: HttpClient,
    o: RemoteRepositoryOptions = {},
  ) {
    this.#http = http;
    this.#o = o;
    this.base = `${http.schemeFor(endpoint.host)}://${endpoint.host}/v2/${endpoint.path}`;
  }

  get pullScopes(): string[] {
    return [repositoryScope(this.endpoint.path, ['pull'])];
  }

  get pushScopes(): string[] {
    return [repositoryScope(this.endpoint.path, ['pull', 'push'])];
  }

  /** A tag, a digest, or a full reference to this repository → the manifest's descriptor (HEAD, GET when needed). */
  async resolve(ref: string, c?: Ctx): Promise<Descriptor> {
    const found = await this.resolveIfPresent(ref, c);
    if (!found) throw this.#notFound(selectorOf(ref));
    return found;
  }

  /**
   * As resolve, with undefined where the registry has no such manifest (404): the answer a sync
   * expects for most tags of a new mirror, so no error is made (and its stack taken) for it.
   */
  async resolveIfPresent(ref: string, c?: Ctx): Promise<Descriptor | undefined> {
    const sel = selectorOf(ref);
    const res = await this.#send('HEAD', `manifests/${sel}`, c, { accept: MANIFEST_ACCEPT.join(', '), expect: [200, 404, 405] });
    await discard(res);
    const digest = res.headers.get('docker-content-digest');
    const mediaType = contentType(res);
    const size = Number(res.headers.get('content-length') ?? NaN);
    if (res.status === 200 && digest && isDigest(digest) && isManifestType(mediaType) && Number.isFinite(size)) {
      if (isDigest(sel) && digest !== sel) throw this.#mismatch(sel, digest);
      return { mediaType: mediaType!, digest, size };
    }
    if (res.status === 404) return undefined;
    return (await this.fetchReference(ref, c)).descriptor;
  }

  /** GETs a manifest by tag or digest: its descriptor and exact bytes (verified when by digest). */
  async fetchReference(ref: string, c?: Ctx): Promise<{ descriptor: Descriptor; bytes: Uint8Array }> {
    const sel = selectorOf(ref);
    const { res, bytes } = await this.#http.fetchSmall(
      { method: 'GET', url: `${this.base}/manifests/${sel}`, headers: { accept: MANIFEST_ACCEPT.join(', ') }, scopes: this.pullScopes, expect: [200, 404] },
      MAX_MANIFEST_BYTES,
      `${this.name}@${sel}`,
      c,
    );
    if (res.status === 404) throw this.#notFound(sel);
    const digest = isDigest(sel) ? sel : sha256Of(bytes);
    if (isDigest(sel)) verifyBytes({ digest, size: bytes.length }, bytes, `${this.name}@${sel}`);
    const headerDigest = res.headers.get('docker-content-digest');
    if (headerDigest && headerDigest.startsWith('sha256:') && headerDigest !== sha256Of(bytes)) throw this.#mismatch(headerDigest, sha256Of(bytes));
    const mediaType = contentType(res) ?? mediaTypeOf(bytes);
    if (!mediaType) throw new RegistryError(`${this.name}@${sel}: manifest has no media type`, { method: 'GET', url: res.url, status: 200, transient: false });
    this.#remember(digest, bytes);
    return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
  }

  /** Streams a manifest (whole, verified) or a blob (verified, reconnecting with Range). */
  async fetch(d: Descriptor, c?: Ctx, o: FetchOptions = {}): Promise<Readable> {
    if (isManifestType(d.mediaType)) {
      const bytes = this.#manifests.get(d.digest) ?? (await this.fetchReference(d.digest, c)).bytes;
      verifyBytes(d, bytes, `${this.name}@${d.digest}`);
      return Readable.from([Buffer.from(bytes).subarray(o.offset ?? 0)]);
    }
    const what = `${this.name}@${d.digest}`;
    const stream = await openBlobReader({ open: (at) => this.#openBlob(d, at, c), size: d.size, offset: o.offset, what, ctx: c });
    if (o.offset || this.#o.verifyFetch === false) return stream;
    const verifier = createVerifier(d, what);
    stream.on('error', (e) => verifier.destroy(e));
    verifier.on('error', () => stream.destroy());
    return stream.pipe(verifier);
  }

  async #openBlob(d: Descriptor, offset: number, c?: Ctx): Promise<HttpResponse> {
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const res = await this.#send('GET', `blobs/${d.digest}`, c, { headers, expect: [200, 206, 404], bulk: true });
    if (res.status === 404) {
      await discard(res);
      throw new RegistryError(`${this.name}@${d.digest}: blob unknown`, { method: 'GET', url: res.url, status: 404, codes: ['BLOB_UNKNOWN'] });
    }
    return res;
  }

  async exists(d: Descriptor, c?: Ctx): Promise<boolean> {
    const kind = isManifestType(d.mediaType) ? 'manifests' : 'blobs';
    const res = await this.#send('HEAD', `${kind}/${d.digest}`, c, {
      accept: kind === 'manifests' ? MANIFEST_ACCEPT.join(', ') : undefined,
      expect: [200, 404],
    });
    await discard(res);
    if (res.status === 404) {
      if (this.#absent.size >= 4096) this.#absent.clear();
      this.#absent.set(d.digest, Date.now());
    }
    return res.status === 200;
  }

  /** Pushes content; already present = success. Manifests are PUT by digest with their bytes. */
  async push(d: Descriptor, body: Readable, c?: Ctx, o: PushOptions = {}): Promise<void> {
    if (isManifestType(d.mediaType)) {
      const bytes = await readAllBounded(body, MAX_MANIFEST_BYTES, `${this.name}@${d.digest}`);
      verifyBytes(d, bytes, `${this.name}@${d.digest}`);
      return this.pushManifest(d, bytes, d.digest, c);
    }
    // copyGraph asks exists() right before push(): a fresh "absent" spares a second HEAD
    const checked = this.#absent.get(d.digest);
    this.#absent.delete(d.digest);
    if ((checked === undefined || Date.now() - checked > ABSENT_TTL_MS) && (await this.exists(d, c))) {
      body.resume();
      return;
    }
    if (o.mountFrom && (await this.mount(d, o.mountFrom, c))) {
      body.resume();
      return;
    }
    await uploadBlob(this.#uploadTarget(d), d, body, c);
  }

  /** Cross-repository mount (same registry); false when the registry opened an upload instead. */
  async mount(d: Descriptor, fromPath: string, c?: Ctx): Promise<boolean> {
    const t = { ...this.#uploadTarget(d), scopes: [...this.pushScopes, repositoryScope(fromPath, ['pull'])] };
    let opened: { mounted: boolean; location: string };
    try {
      opened = await startUpload(t, d, c, fromPath);
    } catch (e) {
      // some registries fail a mount they do not support (ggcr#1404): the caller uploads instead
      if (e instanceof RegistryError && e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 401) return false;
      throw e;
    }
    const { mounted, location } = opened;
    if (!mounted && location) {
      await this.#http.send({ method: 'DELETE', url: location, scopes: t.scopes, expect: [200, 202, 204, 400, 404, 405] }, c).then(discard, () => undefined);
    }
    return mounted;
  }

  /** PUTs manifest bytes under a tag or digest with their own media type. */
  async pushManifest(d: Descriptor, bytes: Uint8Array, ref: string, c?: Ctx): Promise<void> {
    const res = await this.#send('PUT', `manifests/${ref}`, c, {
      headers: { 'content-type': d.mediaType },
      body: bytes,
      scopes: this.pushScopes,
      expect: [200, 201, 202, 204],
    });
    await discard(res);
    this.#remember(d.digest, bytes);
  }

  /** Points a tag at a manifest already in this repository. */
  async tag(d: Descriptor, ref: string, c?: Ctx): Promise<void> {
    const bytes = this.#manifests.get(d.digest) ?? (await this.fetchReference(d.digest, c)).bytes;
    await this.pushManifest(d, bytes, selectorOf(ref), c);
  }

  /** Every tag, sorted (pages followed through Link). */
  listTags(c?: Ctx, o: { pageSize?: number; max?: number } = {}): Promise<string[]> {
    return listTags(this.#listing(), c, o.pageSize, o.max);
  }

  /** Manifests whose subject is `d`: referrers API, else the `sha256-<hex>` tag schema. */
  referrers(d: Descriptor, c?: Ctx): Promise<Descriptor[]> {
    return listReferrers(this.#listing(), this, d, c);
  }

  #listing() {
    return { http: this.#http, base: this.base, scopes: this.pullScopes, name: this.name };
  }

  #uploadTarget(d: Descriptor): UploadTarget {
    return {
      http: this.#http,
      base: this.base,
      scopes: this.pushScopes,
      monolithicMax: this.#o.monolithicMax ?? 8 * MiB,
      streamSmall: this.#o.streamSmall,
      // one streamed PATCH per blob unless the caller chose a chunk size (ECR accepts it on /v2/)
      chunkSize: this.#o.chunkSize,
      stream: true,
      what: `push ${this.name}@${d.digest}`,
    };
  }

  #send(
    method: string,
    path: string,
    c: Ctx | undefined,
    o: { accept?: string; headers?: Record<string, string>; body?: Uint8Array; scopes?: string[]; expect?: number[]; bulk?: boolean },
  ) {
    const headers = { ...o.headers, ...(o.accept ? { accept: o.accept } : {}) };
    const url = `${this.base}/${path}`;
    return this.#http.send({ method, url, headers, body: o.body, scopes: o.scopes ?? this.pullScopes, expect: o.expect, bulk: o.bulk }, c);
  }

  #remember(digest: string, bytes: Uint8Array): void {
    if (this.#manifests.size >= 256) this.#manifests.delete(this.#manifests.keys().next().value!);
    this.#manifests.set(digest, bytes);
  }

  #notFound(sel: string): RegistryError {
    const at = isDigest(sel) ? '@' : ':';
    // fetched through a mirror: where it was asked is what to look at
    const asked = `${this.endpoint.host}/${this.endpoint.path}`;
    const through = asked === this.name ? '' : ` (asked at ${asked}${at}${sel})`;
    return new RegistryError(`${this.name}${at}${sel}: manifest unknown${through}`, {
      method: 'GET',
      url: `${this.base}/manifests/${sel}`,
      status: 404,
      codes: ['MANIFEST_UNKNOWN'],
    });
  }

  #mismatch(expected: string, actual: string): RegistryError {
    return new RegistryError(
      `${this.name}: registry answered digest ${actual} for ${expected}`,
      { method: 'GET', url: this.base, transient: false },
      { code: 'ERR_DIGEST_MISMATCH' },
    );
  }
}

/** tag | digest | full reference → what goes after /manifests/. */
export function selectorOf(ref: string): string {
  if (isDigest(ref) || /^[\w][\w.-]{0,127}$/.test(ref)) return ref;
  return referenceSelector(parseReference(ref));
}

function contentType(res: HttpResponse): string | undefined {
  const t = res.headers.get('content-type')?.split(';')[0]?.trim();
  return t && t !== 'application/json' && t !== 'text/plain' ? t : undefined;
}

function mediaTypeOf(bytes: Uint8Array): string | undefined {
  try {
    const m = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { mediaType?: unknown }).mediaType;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}
