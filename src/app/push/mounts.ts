// Cross-repository blob mounts during a push (DS "Mounting a blob"): a layer shared by many
// images goes up once, and every other repository that needs it mounts it from the first.
// Two registry behaviours decide when a blob becomes mountable:
//  - 'after-blob' (distribution, Harbor, most registries): as soon as its upload completes, so
//    a second repository waits for an upload in flight instead of sending the bytes again;
//  - 'after-manifest' (ECR with BLOB_MOUNTING: only once a manifest references it,
//    bazel-contrib/rules_img#732): only blobs of finished images are offered, never waited for
//    (two images waiting on each other's unfinished manifests would deadlock).
// The first refusal from a source that surely holds the blob turns mounts off for the push.
import type { Readable } from 'node:stream';
import type { Storage } from '../../oci/content.js';
import { isManifestType } from '../../oci/media-types.js';
import type { RemoteRepository } from '../../registry/repository.js';
import { logTo, type Ctx } from '../../util/ctx.js';

export type MountMode = 'after-blob' | 'after-manifest';

interface Holder {
  path: string;
  /** true once the blob is in `path`; false when that upload failed. */
  ready: Promise<boolean>;
}

export class MountBook {
  readonly #holders = new Map<string, Holder>();
  enabled = true;
  constructor(readonly mode: MountMode) {}

  /**
   * For a push of `digest` into `path`: a repository to mount it from (after any upload in
   * flight there ends), or the duty to upload it, with `settle` to call when that ends. The
   * check and the claim happen in one step, so two repositories never both upload a blob.
   */
  async acquire(digest: string, path: string): Promise<{ from?: string; settle?: (ok: boolean) => void }> {
    const h = this.#holders.get(digest);
    if (!h) return { settle: this.#claim(digest, path) };
    if (!this.enabled || h.path === path) return {};
    if (await h.ready) return { from: h.path };
    // that upload failed (and let go of the blob): take it over, or wait on whoever did
    return this.acquire(digest, path);
  }

  #claim(digest: string, path: string): ((ok: boolean) => void) | undefined {
    if (this.mode !== 'after-blob') return undefined;
    let settle!: (ok: boolean) => void;
    const ready = new Promise<boolean>((r) => (settle = r));
    this.#holders.set(digest, { path, ready });
    return (ok) => {
      if (!ok) this.#holders.delete(digest);
      settle(ok);
    };
  }

  /** An image finished in `path`: its blobs are mountable from there (both modes). */
  record(digests: Iterable<string>, path: string): void {
    for (const d of digests) if (!this.#holders.has(d)) this.#holders.set(d, { path, ready: Promise.resolve(true) });
  }
}

/** The repository as copyGraph's destination: mount from a sibling repository first when one holds the blob. */
export function withMounts(repo: RemoteRepository, book: MountBook, mounted: Set<string>, c?: Ctx): Storage {
  const path = repo.endpoint.path;
  return {
    exists: (x, ctx) => repo.exists(x, ctx),
    fetch: (x, ctx) => repo.fetch(x, ctx),
    push: async (x, body: Readable, ctx) => {
      if (isManifestType(x.mediaType)) return repo.push(x, body, ctx);
      const { from, settle } = await book.acquire(x.digest, path);
      if (from) {
        if (await repo.mount(x, from, ctx)) {
          mounted.add(x.digest);
          // closed, not drained: reading the blob to its end only to drop it read the shared base
          // of bench/push's ten images nine times more (270 MiB of 486)
          body.destroy();
          return;
        }
        book.enabled = false;
        logTo(c, 'debug', `${repo.endpoint.host} did not mount ${x.digest} from ${from}: uploading (mounts off for this push)`);
      }
      try {
        await repo.push(x, body, ctx);
        settle?.(true);
      } catch (e) {
        settle?.(false);
        throw e;
      }
    },
  };
}
