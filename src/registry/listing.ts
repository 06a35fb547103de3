// Paged listings: repositories (the catalog), tags (DS "Listing Tags") and referrers (DS "Listing Referrers", with the
// `sha256-<hex>` tag schema when the API answers 404). Pages follow `Link: <…>; rel="next"`.
import { AirgapError } from '../util/errors.js';
import type { Ctx, Descriptor } from '../oci/content.js';
import { logTo } from '../util/ctx.js';
import { isDigest, parseDigest } from '../oci/digest.js';
import { MAX_MANIFEST_BYTES } from '../oci/manifest.js';
import { isIndexType, MediaType } from '../oci/media-types.js';
import { RegistryError } from './errors.js';
import type { HttpClient } from './http.js';

export interface Listing {
  http: HttpClient;
  /** `<scheme>://<host>/v2/<path>` */
  base: string;
  scopes: string[];
  name: string;
}

const MAX_PAGES = 10_000;
/** A page of 1,000 names is ~100 KiB; one past this (an endless body) is refused as copy refuses it. */
const MAX_PAGE_BYTES = MAX_MANIFEST_BYTES * 4;

/** All tags, following pages; `pageSize` 1000 by default (ECR refuses more, ggcr#681). */
export async function listTags(l: Listing, c?: Ctx, pageSize = 1000, max = Infinity): Promise<string[]> {
  const tags: string[] = [];
  await eachPage(l, `${l.base}/tags/list?n=${pageSize}`, c, (json) => {
    const page = (json as { tags?: unknown }).tags;
    if (Array.isArray(page)) tags.push(...page.filter((t): t is string => typeof t === 'string'));
    // a repository of millions of tags ends here, not after listing (and holding) them all
    if (tags.length > max) throw new TooManyTags(l.name, max);
    return `${tags.length} tags of ${l.name}`;
  });
  // ECR answers unsorted; the spec says lexical order
  return [...new Set(tags)].sort();
}

/** A listing passed the caller's bound (sync's --max-tags). */
export class TooManyTags extends AirgapError {
  constructor(
    readonly repository: string,
    readonly max: number,
  ) {
    super(`${repository} lists more than ${max} tags`, {
      code: 'ERR_TOO_MANY_TAGS',
      hint: 'choose the tags (--include, or a regex or semver range per repository in a sync file), or raise the bound: --max-tags N',
    });
  }
}

/**
 * Every repository name a registry lists (DS "Listing Repositories", `/v2/_catalog`), sorted;
 * undefined when the registry does not offer the catalog (Docker Hub, ECR answer 404).
 */
export async function listCatalog(l: Omit<Listing, 'base'> & { root: string }, c?: Ctx, pageSize = 1000): Promise<string[] | undefined> {
  const names: string[] = [];
  const found = await eachPage({ ...l, base: l.root }, `${l.root}/_catalog?n=${pageSize}`, c, (json) => {
    const page = (json as { repositories?: unknown }).repositories;
    if (Array.isArray(page)) names.push(...page.filter((t): t is string => typeof t === 'string'));
    return `${names.length} repositories of ${l.name}`;
  });
  return found ? [...new Set(names)].sort() : undefined;
}

interface ResolveFetch {
  fetchReference(ref: string, c?: Ctx): Promise<{ descriptor: Descriptor; bytes: Uint8Array }>;
}

export async function listReferrers(l: Listing, repo: ResolveFetch, d: Descriptor, c?: Ctx): Promise<Descriptor[]> {
  const out: Descriptor[] = [];
  const url = `${l.base}/referrers/${d.digest}`;
  const found = await eachPage(l, url, c, (json) => {
    out.push(...referrerList(json, `${l.name}: the referrers answer for ${d.digest}`, url));
    // anyone who can push to the repository can attach referrers: the listing stops here, not
    // after reading (and copying, and trying) every one
    if (out.length > MAX_REFERRERS) throw new TooManyReferrers(l.name, d.digest, `at least ${out.length}`);
    return `${out.length} referrers of ${d.digest}`;
  });
  if (found) return out;
  const byTag = await referrersByTag(repo, d, c);
  if (byTag.length > MAX_REFERRERS) throw new TooManyReferrers(l.name, d.digest, `${byTag.length}`);
  return byTag;
}

/** Referrers read per manifest: signatures, attestations and SBOMs of one image are a handful. */
export const MAX_REFERRERS = 1000;

/** A manifest lists more referrers than are read for one (a flood attached to it). */
export class TooManyReferrers extends AirgapError {
  constructor(repository: string, digest: string, listed: string) {
    super(`${repository}@${digest}: lists ${listed} referrers, past the ${MAX_REFERRERS} read per manifest: refused unread`, {
      code: 'ERR_TOO_MANY_REFERRERS',
      hint: `someone attached a flood of artifacts to it: remove them in the registry (keep its signatures, SBOMs and attestations), or bundle it with --no-with-referrers and no signature policy covering it`,
    });
  }
}

/** The tag schema fallback, accepted only when it is an index other than the subject itself (oras#2148). */
async function referrersByTag(repo: ResolveFetch, d: Descriptor, c?: Ctx): Promise<Descriptor[]> {
  const tag = referrersTag(d.digest);
  let got: { descriptor: Descriptor; bytes: Uint8Array };
  try {
    got = await repo.fetchReference(tag, c);
  } catch (e) {
    if (e instanceof RegistryError && e.status === 404) return [];
    throw e;
  }
  if (got.descriptor.digest === d.digest || !isIndexType(got.descriptor.mediaType)) return [];
  let index: unknown;
  const what = `the referrers tag index ${tag}`;
  try {
    index = JSON.parse(Buffer.from(got.bytes).toString('utf8'));
  } catch (e) {
    throw new RegistryError(`${what} is not JSON`, { method: 'GET', url: tag, status: 200, transient: false }, { cause: e });
  }
  return referrerList(index, what, tag).filter((m) => m.artifactType !== undefined || m.mediaType === MediaType.ociManifest);
}

/**
 * The descriptors of a referrers answer (an image index); anything else is an error, never "no
 * referrers": a registry that answers garbage must not pass for one whose image has no signature.
 */
function referrerList(json: unknown, what: string, url: string): Descriptor[] {
  const bad = (why: string) => new RegistryError(`${what} is not an image index: ${why}`, { method: 'GET', url, status: 200, transient: false });
  const m = json !== null && typeof json === 'object' ? (json as { manifests?: unknown }).manifests : undefined;
  if (!Array.isArray(m)) throw bad('no "manifests" list');
  m.forEach((x: unknown, i) => {
    const d = x as Partial<Descriptor> | null;
    if (typeof d?.mediaType !== 'string' || typeof d.digest !== 'string' || !isDigest(d.digest) || !Number.isSafeInteger(d.size) || d.size! < 0)
      throw bad(`manifests[${i}] is not a descriptor (mediaType, digest, size)`);
  });
  return m as Descriptor[];
}

/** `<alg>-<encoded>` with the algorithm cut to 32 and the hex to 64 characters (DS tag schema). */
export function referrersTag(digest: string): string {
  const { algorithm, encoded } = parseDigest(digest);
  return `${algorithm.slice(0, 32)}-${encoded.slice(0, 64)}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * Calls `page` for each JSON page; false when the first page is 404 (endpoint unsupported). From
 * the second page on, each says how far the listing got (what `page` returns): a repository of
 * 10,000 tags takes a while and must not look like a hang.
 */
async function eachPage(l: Listing, first: string, c: Ctx | undefined, page: (json: unknown) => string): Promise<boolean> {
  let url: string | undefined = first;
  for (let n = 0; url && n < MAX_PAGES; n++) {
    const { res, bytes } = await l.http.fetchSmall(
      { method: 'GET', url, headers: { accept: 'application/json, ' + MediaType.ociIndex }, scopes: l.scopes, expect: [200, 404] },
      MAX_PAGE_BYTES,
      `${l.name} listing`,
      c,
    );
    if (res.status === 404) {
      if (n === 0) return false;
      throw new RegistryError(`${l.name}: next page vanished`, { method: 'GET', url, status: 404 });
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new RegistryError(`${l.name}: listing page is not JSON`, { method: 'GET', url, status: 200, transient: false }, { cause: e });
    }
    // the caller's own errors (a bound it sets) pass as they are
    const sofar = page(json);
    url = nextLink(res.headers.get('link'), url);
    if (url) logTo(c, 'info', `listing: ${sofar} so far (page ${n + 1})`);
  }
  return true;
}

/** The rel="next" target of a Link header, resolved against the request URL (RFC 8288). */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel="?next"?/i.test(m[2]!)) return new URL(m[1]!, requestUrl).toString();
  }
  return undefined;
}
