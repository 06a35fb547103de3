// The image half of `bundle`: resolve each planned reference to its digest, then either measure
// it from the registry (--dry-run) or pull it into the cache layout (shared blobs move once,
// present ones are skipped) and measure it there.
import { copyGraph, createCopySession } from '../../oci/copy-graph.js';
import type { Descriptor, Fetcher, Platform } from '../../oci/content.js';
import { rm } from 'node:fs/promises';
import { parseReference, referenceSelector } from '../../oci/reference.js';
import type { LayoutStore } from '../../layout/layout-store.js';
import type { RegistryClient } from '../../registry/client.js';
import type { PlannedImage } from '../../bundle/image-plan.js';
import { walkImage } from '../../bundle/image-walk.js';
import { isNotFound } from '../../oci/not-found.js';
import { COSIGN_SUFFIXES, cosignTag } from '../../oci/cosign.js';
import type { RemoteRepository } from '../../registry/repository.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { isManifestType } from '../../oci/media-types.js';
import { AirgapError, DigestMismatchError, findCause, wrapError } from '../../util/errors.js';
import { ArtifactManifestError, ArtifactRefused } from '../../oci/referrer-bounds.js';
import { RegistryError } from '../../registry/errors.js';
import { policyEntryFor } from '../../bundle/signature-policy.js';
import { createPool } from '../../util/pool.js';
import { NotRegularFileError } from '../../util/safe-fs.js';
import type { LockedSignature } from '../../bundle/lock.js';
import { checkSignatures, type LoadedPolicy } from '../../trust/check-signatures.js';
import { SignatureError } from '../../trust/signature-error.js';

export interface ImageFetchOptions {
  client: RegistryClient;
  /** The cache layout images are pulled into (absent for --dry-run). */
  cache?: LayoutStore;
  platforms?: Platform[];
  concurrency: number;
  keepGoing: boolean;
  /** Carry signatures, SBOMs and attestations: OCI referrers and cosign's sha256-<hex>.sig/.att/.sbom tags. */
  withReferrers?: boolean;
  /** Who must have signed each image; checked over the cache after the pull by digest, before assembly. */
  policy?: LoadedPolicy;
  now?: Date;
}

/** A manifest carried beside an image: a referrer (its `subject` is in the image) or a cosign tag. */
export interface CarriedArtifact {
  root: Descriptor;
  nodes: Descriptor[];
  /** cosign's tag (sha256-<hex>.sig…); absent for an OCI referrer. */
  tag?: string;
}

export interface FetchedImage extends PlannedImage {
  root: Descriptor;
  nodes: Descriptor[];
  platforms: string[];
  size: number;
  pulledFrom?: string;
  /** --with-referrers: what was found for this image. */
  artifacts?: CarriedArtifact[];
  /** The signatures that satisfied the policy (evidence for the lock). */
  signatures?: LockedSignature[];
}

export interface ImageFailure {
  item: string;
  error: AirgapError;
}

export interface TransferStats {
  /** Blobs and manifests written into the cache by this run. */
  copied: number;
  /** Already in the cache (a re-run reuses them). */
  skipped: number;
  bytes: number;
}

export async function fetchImages(
  plan: PlannedImage[],
  o: ImageFetchOptions,
  ctx: Ctx = {},
): Promise<{ images: FetchedImage[]; failures: ImageFailure[]; transfer: TransferStats }> {
  const session = createCopySession(o.concurrency);
  const imagePool = createPool(Math.max(1, Math.min(o.concurrency, 4)));
  const images: FetchedImage[] = [];
  const failures: ImageFailure[] = [];
  await Promise.all(
    plan.map((img) =>
      imagePool.run(async () => {
        try {
          images.push(await fetchOne(img, o, session, ctx));
        } catch (e) {
          const err = e instanceof SignatureError ? e : pullError(img.ref, o.client, e);
          if (!o.keepGoing) throw err;
          failures.push({ item: img.ref, error: err });
        }
      }),
    ),
  );
  images.sort((a, b) => (a.ref < b.ref ? -1 : 1));
  return { images, failures, transfer: { ...session.stats } };
}

/** Names the image once, and the mirror it was fetched from when one applied. */
function pullError(ref: string, client: RegistryClient, e: unknown): AirgapError {
  const r = parseReference(ref);
  const ep = client.endpointFor(r);
  const via = ep.path !== r.repository ? ` (via mirror ${ep.host}/${ep.path})` : '';
  const named = e instanceof Error && e.message.includes(`${r.registry}/${r.repository}`);
  return wrapError(named ? `pull${via}` : `image ${ref}${via}`, e);
}

async function fetchOne(img: PlannedImage, o: ImageFetchOptions, session: ReturnType<typeof createCopySession>, ctx: Ctx): Promise<FetchedImage> {
  const ref = parseReference(img.ref);
  const repo = o.client.repository(ref);
  const id = `image:${img.ref}`;
  ctx.onProgress?.({ type: 'start', id, label: img.ref });
  const root = await repo.resolve(referenceSelector(ref), ctx);
  const copied = o.cache
    ? await copyGraph(repo, o.cache, root, { session, platforms: o.platforms, withReferrers: o.withReferrers, ctx }).catch(
        policyRefusal(`image ${img.ref}`, img.ref, o.policy),
      )
    : undefined;
  const walked = o.cache ? await walkCache(o.cache, repo, root, o.platforms, img.ref, ctx) : await walkImage(repo, root, o.platforms, img.ref, ctx);
  if (o.cache) await repairCutBlobs(o.cache, repo, walked.nodes, ctx);
  const artifacts =
    o.cache && o.withReferrers
      ? await carryArtifacts(repo, o.cache, root, copied?.referrers ?? [], session, ctx).catch(policyRefusal(`image ${img.ref}`, img.ref, o.policy))
      : undefined;
  const signatures =
    o.cache && o.policy
      ? await checkSignatures(
          { what: `image ${img.ref}`, ref: img.ref, digest: root.digest, artifacts: artifacts ?? [] },
          o.cache,
          o.policy,
          o.now ?? new Date(),
        )
      : undefined;
  ctx.onProgress?.({ type: 'done', id, label: `${img.ref} ${root.digest}` });
  const ep = repo.endpoint;
  const pulledFrom = (ep.host !== ref.registry && ep.host !== 'registry-1.docker.io') || ep.path !== ref.repository ? `${ep.host}/${ep.path}` : undefined;
  return {
    ...img,
    root,
    nodes: walked.nodes,
    platforms: walked.platforms,
    size: walked.size,
    ...(pulledFrom ? { pulledFrom } : {}),
    ...(artifacts?.length ? { artifacts } : {}),
    ...(signatures ? { signatures } : {}),
  };
}

/**
 * A signature or referrer refused as it is (past a bound, not a manifest: ArtifactRefused) is,
 * where a signature policy covers the image, that policy's refusal (exit 3): the signature it
 * wants cannot be had. Other failures, and images no policy covers, fail as they are.
 */
export function policyRefusal(what: string, ref: string, policy: LoadedPolicy | undefined): (e: unknown) => never {
  return (e) => {
    const entry = policy ? policyEntryFor(policy.carried.entries, ref) : undefined;
    const refused = findCause<ArtifactRefused>(e, (x) => x instanceof ArtifactRefused);
    if (entry && entry.require !== 'none' && refused) throw new SignatureError(what, entry, [refused.message]);
    throw e;
  };
}

/**
 * walkImage over the cache. copyGraph takes a manifest, index or config already in the cache (of
 * the right size) as it is; one whose bytes are not its digest's since (a disk error, a hand edit)
 * fails the walk, and would fail every later run, as the registry's fault. It is the cache's: the
 * file (or whatever is at its name: a link, a FIFO) is removed and fetched again from the
 * registry, once per digest, and the walk runs again.
 */
async function walkCache(cache: LayoutStore, repo: RemoteRepository, root: Descriptor, platforms: Platform[] | undefined, what: string, ctx: Ctx) {
  const seen = new Map<string, Descriptor>();
  // records what the walk read, so a damaged one's descriptor is at hand to fetch it again
  const reading: Fetcher = { fetch: (d, c, f) => (seen.set(d.digest, d), cache.fetch(d, c, f)) };
  const refetched = new Set<string>();
  for (;;) {
    try {
      return await walkImage(reading, root, platforms, what, ctx);
    } catch (e) {
      const d =
        e instanceof DigestMismatchError
          ? seen.get(e.expected)
          : e instanceof NotRegularFileError
            ? [...seen.values()].find((x) => cache.blobPath(x.digest) === e.path)
            : undefined;
      if (!d || refetched.has(d.digest)) throw e;
      refetched.add(d.digest);
      const path = cache.blobPath(d.digest);
      logTo(ctx, 'warn', `cache file ${path} holds other bytes than its digest names: removed, fetching it again`);
      await rm(path, { force: true });
      await cache.push(d, await repo.fetch(d, ctx), ctx);
    }
  }
}

/**
 * copyGraph takes a manifest already in the cache as proof of its whole graph; a blob under it cut
 * short since (a full disk, a killed copy by hand) would then fail the bundle at assembly. Its size
 * gives it away: it is named and fetched again (a blob of the right size but wrong bytes is caught
 * when the archive hashes it, and removed there for the next run).
 */
async function repairCutBlobs(cache: LayoutStore, repo: RemoteRepository, nodes: readonly Descriptor[], ctx: Ctx): Promise<void> {
  for (const d of nodes) {
    if (isManifestType(d.mediaType) || (await cache.exists(d))) continue;
    logTo(ctx, 'warn', `cache blob ${cache.blobPath(d.digest)} is not ${d.size} bytes (cut short or lost): fetching it again`);
    await cache.push(d, await repo.fetch(d, ctx), ctx);
  }
}

const notManifest = (e: unknown) => findCause(e, (x) => x instanceof RegistryError && x.status === 200 && !x.transient) !== undefined;

/** The referrers copyGraph brought into the cache, and cosign's tags for the root (copied here). */
export async function carryArtifacts(
  repo: RemoteRepository,
  cache: LayoutStore,
  root: Descriptor,
  referrers: Descriptor[],
  session: ReturnType<typeof createCopySession>,
  ctx: Ctx,
): Promise<CarriedArtifact[]> {
  const out: CarriedArtifact[] = [];
  const unique = [...new Map(referrers.map((r) => [r.digest, r])).values()];
  for (const r of unique) out.push({ root: r, nodes: (await walkImage(cache, r, undefined, `referrer ${r.digest}`, ctx)).nodes });
  for (const suffix of COSIGN_SUFFIXES) {
    const tag = cosignTag(root.digest, suffix);
    // a tag answering 200 with what is no manifest (`null`) is a broken signature, not a failed pull
    const d = await repo
      .resolve(tag, ctx)
      .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(notManifest(e) ? new ArtifactManifestError(tag, e as Error) : e)));
    if (!d) continue;
    await copyGraph(repo, cache, d, { session, artifact: tag, ctx });
    out.push({ root: d, nodes: (await walkImage(cache, d, undefined, `${tag}`, ctx)).nodes, tag });
  }
  return out;
}
