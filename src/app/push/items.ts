// Pushes the planned images and charts: each root's DAG goes from the bundle to its target
// repository through copyGraph (children first, present content skipped by HEAD, digests and
// bytes unchanged), blobs already pushed to a sibling repository are mounted when the registry
// allows it, and the tag is set last: a tag already on the same digest is left alone (ECR's
// immutable repositories refuse even an identical re-put), another digest on an immutable tag
// is a clear error.
import { ExistingTagError, type OnExistingTag } from './existing-tag.js';
import { copyGraph, createCopySession, type CopySession } from '../../oci/copy-graph.js';
import type { Platform } from '../../oci/content.js';
import type { Descriptor, ReadOnlyTarget } from '../../oci/content.js';
import { fetchManifest } from '../../oci/manifest.js';
import { rewriteSparseIndex, withRewrittenIndex } from '../../oci/sparse-index.js';
import type { LockedArtifact } from '../../bundle/lock.js';
import { pushArtifacts } from './artifacts.js';
import { isManifestType } from '../../oci/media-types.js';
import type { RemoteRepository } from '../../registry/repository.js';
import { RegistryError } from '../../registry/errors.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { AirgapError, findCause, wrapError } from '../../util/errors.js';
import { createPool } from '../../util/pool.js';
import type { Destination } from '../../ecr/destination.js';
import { MountBook } from '../../registry/mount-book.js';
import { withMounts } from './mounts.js';
import type { PushItem, PushPlan } from './plan.js';

/** kept: --on-existing-tag skip left a tag that holds other content as it was. */
export type ItemStatus = 'pushed' | 'present' | 'failed' | 'kept';

export interface ItemResult {
  item: PushItem;
  /** host/path[:tag]@digest as pushed. */
  target: string;
  status: ItemStatus;
  blobsUploaded: number;
  blobsPresent: number;
  blobsMounted: number;
  bytesUploaded: number;
  /** --sparse-index rewrite: the bundle's index digest this item's pushed index replaces. */
  rewrittenFrom?: string;
  /** Signatures, SBOMs, attestations pushed with it. */
  artifacts?: number;
  error?: AirgapError;
}

/** keep: push a sparse index's original bytes; rewrite: an index of only the children carried. */
export type SparseIndexMode = 'keep' | 'rewrite';

export interface PushItemsOptions {
  /** Parallel transfers (blobs and manifests) across the whole push (default 8). */
  concurrency?: number;
  /** Attempts per blob or manifest after the first (copyGraph; default 4). */
  retries?: number;
  /** The bundle's --platform selection: an index keeps its bytes, only these children are in the bundle. */
  platforms?: Platform[];
  sparseIndex?: SparseIndexMode;
  /** A differential bundle: blobs its base left in another repository of the target. */
  baseMounts?: BaseMounts;
  /** Signatures, SBOMs, attestations to push after each image, by the image's layoutRef. */
  artifacts?: ReadonlyMap<string, readonly LockedArtifact[]>;
  /** A tag on other content: overwrite (default), skip (kept, named), fail (named, nothing uploaded). */
  onExistingTag?: OnExistingTag;
  ctx?: Ctx;
}

export class ImmutableTagError extends AirgapError {
  constructor(target: string, held: string, wanted: string) {
    super(`${target}: the tag already holds ${held}, the bundle has ${wanted}, and the repository's tags are immutable`, {
      code: 'ERR_IMMUTABLE_TAG',
      hint: 'the registry has other content under this tag: push under another --registry prefix, or delete that image first if it is safe',
    });
  }
}

export async function pushItems(
  src: ReadOnlyTarget,
  plan: PushPlan,
  roots: Map<string, Descriptor>,
  dest: Destination,
  o: PushItemsOptions = {},
): Promise<ItemResult[]> {
  const copyPool = createPool(o.concurrency ?? 8);
  const itemPool = createPool(Math.max(1, Math.ceil((o.concurrency ?? 8) / 2)));
  const sessions = new Map<string, CopySession>();
  const mounts = new MountBook(plan.target.kind === 'oci' ? 'after-blob' : 'after-manifest');
  const sessionFor = (repository: string) => {
    if (!sessions.has(repository)) sessions.set(repository, { ...createCopySession(1), pool: copyPool });
    return sessions.get(repository)!;
  };
  // The same content to the same repository (one chart that several GitOps releases name) is pushed
  // one item after another: a registry writing a manifest's links while another PUT of that digest
  // checks them answers MANIFEST_BLOB_UNKNOWN (distribution's filesystem driver writes in place)
  const sameContent = new Map<string, Promise<unknown>>();
  const inTurn = <T>(item: PushItem, push: () => Promise<T>): Promise<T> => {
    const key = `${item.repository}\0${roots.get(item.layoutRef)?.digest ?? item.layoutRef}`;
    const next = (sameContent.get(key) ?? Promise.resolve()).then(push);
    sameContent.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  };
  return Promise.all(
    plan.items.map((item) =>
      inTurn(item, () =>
        itemPool.run(async () => {
          const bundled = roots.get(item.layoutRef)!;
          const rewritten = o.sparseIndex === 'rewrite' ? await rewriteSparseIndex(src, bundled, o.ctx) : undefined;
          const root = rewritten?.to ?? bundled;
          // one result across attempts, so bytes moved before a renewal still count
          const result = emptyResult(item, targetRef(plan.target.host, item, root));
          if (rewritten) result.rewrittenFrom = bundled.digest;
          const run = () =>
            pushOne(
              rewritten ? withRewrittenIndex(src, rewritten) : src,
              item,
              root,
              dest,
              {
                session: sessionFor(item.repository),
                mounts,
                host: plan.target.host,
                retries: o.retries,
                platforms: o.platforms,
                baseMounts: o.baseMounts,
                artifacts: o.artifacts?.get(item.layoutRef),
                onExistingTag: o.onExistingTag,
                roots,
                ctx: o.ctx,
              },
              result,
            );
          try {
            return await withLoginRenewal(run, dest, o.ctx);
          } catch (e) {
            const why = !rewritten && isManifestRefusal(e) ? await sparseRefusal(src, bundled, o.ctx) : undefined;
            return { ...result, status: 'failed' as const, error: wrapError(`push ${item.kind} ${item.source} to ${result.target}`, why ?? e) };
          }
        }),
      ),
    ),
  );
}

/**
 * A differential bundle's blobs that a repository of the target lacks and another one holds, by
 * the repository that lacks them: digest → the repository to mount from.
 */
export type BaseMounts = Map<string, Map<string, string>>;

interface ItemDeps {
  baseMounts?: BaseMounts;
  artifacts?: readonly LockedArtifact[];
  roots: ReadonlyMap<string, Descriptor>;
  session: CopySession;
  mounts: MountBook;
  host: string;
  retries?: number;
  platforms?: Platform[];
  onExistingTag?: OnExistingTag;
  ctx?: Ctx;
}

async function pushOne(src: ReadOnlyTarget, item: PushItem, root: Descriptor, dest: Destination, d: ItemDeps, result: ItemResult): Promise<ItemResult> {
  const repo = dest.client.repository(`${d.host}/${item.path}`);
  const blobs = new Set<string>();
  const mounted = new Set<string>();
  /** Blobs another image of this repository sent during this push. */
  const present = new Set<string>();
  const label = `${item.kind} ${item.source}`;
  d.ctx?.onProgress?.({ type: 'start', id: `item:${item.layoutRef}`, label });
  const current = item.tag ? await resolveTag(repo, item.tag, d.ctx) : undefined;
  // registries refuse manifests whose references are missing, so a tag already on this digest
  // means the whole graph is there: one HEAD settles an unchanged image on a re-run
  if (current?.digest === root.digest) {
    // signatures may be new though the image is not (signed after the first push)
    if (d.artifacts?.length) result.artifacts = await pushArtifacts(src, repo, d.artifacts, d.roots, d);
    return finish(result, d, label, false);
  }
  // decided before any upload: a tag the user keeps costs no bytes, a refusal leaves nothing behind
  if (current && d.onExistingTag === 'fail') throw new ExistingTagError(result.target, current.digest, root.digest);
  if (current && d.onExistingTag === 'skip') {
    result.status = 'kept';
    result.error = new ExistingTagError(result.target, current.digest, root.digest);
    d.ctx?.onProgress?.({ type: 'done', id: `item:${item.layoutRef}`, label: `${label}: kept ${current.digest} (--on-existing-tag skip)`, skipped: true });
    return result;
  }
  /** Counts a blob this repository now holds by how it got there: mounted, present or uploaded. */
  const tally = (x: Descriptor) => {
    if (isManifestType(x.mediaType)) return;
    blobs.add(x.digest);
    if (mounted.has(x.digest)) return void result.blobsMounted++;
    if (present.has(x.digest)) return void result.blobsPresent++;
    result.blobsUploaded++;
    result.bytesUploaded += x.size;
  };
  // blobs requireBase's HEADs found this repository lacking and another holding: mounted at once
  const baseMounts = d.baseMounts?.get(item.path);
  await copyGraph(src, withMounts(repo, d.mounts, mounted, d.ctx, present), root, {
    session: d.session,
    ...(baseMounts
      ? {
          mount: async (x: Descriptor) => {
            const from = baseMounts.get(x.digest);
            const ok = from !== undefined && (await repo.mount(x, from, d.ctx));
            if (ok) {
              mounted.add(x.digest);
              // copyGraph calls no postCopy for a mount
              tally(x);
            }
            return ok;
          },
        }
      : {}),
    retries: d.retries,
    platforms: d.platforms,
    ctx: d.ctx,
    postCopy: tally,
    onSkipped: (x) => {
      if (isManifestType(x.mediaType)) return;
      blobs.add(x.digest);
      result.blobsPresent++;
    },
  });
  if (item.tag) await putTag(src, repo, root, item.tag, current, result.target, d.ctx);
  if (d.artifacts?.length) result.artifacts = await pushArtifacts(src, repo, d.artifacts, d.roots, d);
  d.mounts.record(blobs, item.path);
  return finish(result, d, label, result.blobsUploaded > 0 || result.blobsMounted > 0 || item.tag !== undefined);
}

function finish(result: ItemResult, d: ItemDeps, label: string, changed: boolean): ItemResult {
  result.status = changed ? 'pushed' : 'present';
  d.ctx?.onProgress?.({ type: 'done', id: `item:${result.item.layoutRef}`, label: `${label} → ${result.target}`, skipped: !changed });
  return result;
}

async function resolveTag(repo: RemoteRepository, tag: string, c?: Ctx): Promise<Descriptor | undefined> {
  return repo.resolve(tag, c).catch((e: unknown) => {
    if (e instanceof RegistryError && e.status === 404) return undefined;
    throw e;
  });
}

/** Points the tag at the root; an immutable tag holding another digest is an ImmutableTagError. */
async function putTag(
  src: ReadOnlyTarget,
  repo: RemoteRepository,
  root: Descriptor,
  tag: string,
  current: Descriptor | undefined,
  target: string,
  c?: Ctx,
): Promise<void> {
  // an unchanged image of a differential bundle: its manifest is in the target, not the bundle
  const from = (await src.exists(root, c)) ? src : repo;
  const m = await fetchManifest(from, root, `bundle ${root.digest}`, c);
  try {
    await repo.pushManifest(root, m.raw, tag, c);
  } catch (e) {
    if (isImmutableRefusal(e)) throw new ImmutableTagError(target, current?.digest ?? 'another manifest', root.digest);
    throw e;
  }
}

/** A registry refusing a manifest because something it references is not there. */
function isManifestRefusal(e: unknown): boolean {
  return findCause(e, (x) => x instanceof RegistryError && (x.codes.includes('MANIFEST_BLOB_UNKNOWN') || x.codes.includes('MANIFEST_INVALID'))) !== undefined;
}

/** The clear error for a sparse index refused, or undefined when the root is not one. */
async function sparseRefusal(src: ReadOnlyTarget, root: Descriptor, c?: Ctx): Promise<AirgapError | undefined> {
  const r = await rewriteSparseIndex(src, root, c).catch(() => undefined);
  if (!r) return undefined;
  return new AirgapError(
    `the registry refuses the sparse index ${root.digest}: the bundle carries only some of its platforms (${r.dropped} left out by --platform), and this registry wants every child present`,
    {
      code: 'ERR_SPARSE_INDEX_REFUSED',
      hint: 'push again with --sparse-index rewrite (an index of the carried platforms, a new digest; give the same flag to values and verify), or bundle without --platform',
    },
  );
}

function isImmutableRefusal(e: unknown): boolean {
  return e instanceof RegistryError && (e.codes.includes('TAG_INVALID') || /immutable/i.test(e.message));
}

/**
 * Runs an item again once after the registry refused the ECR login (401/403): the 12-hour
 * token expired mid-push, or was revoked. The login is renewed only when it predates this
 * attempt; one renewed meanwhile by a sibling item is simply used.
 */
async function withLoginRenewal<T>(fn: () => Promise<T>, dest: Destination, c?: Ctx): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } catch (e) {
    if (!dest.ecrLogin || !isAuthRefusal(e)) throw e;
    if (dest.ecrLogin.fetchedBefore(started + 1)) {
      dest.ecrLogin.invalidate();
      logTo(c, 'info', 'the registry refused the ECR login (expired?): fetched a new one, resuming');
    }
    return fn();
  }
}

function isAuthRefusal(e: unknown): boolean {
  return findCause(e, (x) => x instanceof RegistryError && (x.status === 401 || x.status === 403)) !== undefined;
}

function targetRef(host: string, item: PushItem, root: Descriptor): string {
  return `${host}/${item.path}${item.tag ? `:${item.tag}` : ''}@${root.digest}`;
}

function emptyResult(item: PushItem, target: string): ItemResult {
  return { item, target, status: 'present', blobsUploaded: 0, blobsPresent: 0, blobsMounted: 0, bytesUploaded: 0 };
}
