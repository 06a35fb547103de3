// Which repository of one run holds a blob, or is sending it now (DS "Mounting a blob"): a layer
// shared by many images goes into a registry once, and every other repository that needs it mounts
// it from the first. Two registry behaviours decide when a blob becomes mountable:
//  - 'after-blob' (distribution, Harbor, most registries): as soon as its upload completes, so
//    a second repository waits for an upload in flight instead of sending the bytes again;
//  - 'after-manifest' (ECR with BLOB_MOUNTING: only once a manifest references it,
//    bazel-contrib/rules_img#732): only blobs recorded as finished are offered, never waited for
//    (two images waiting on each other's unfinished manifests would deadlock).
// push, copy and sync each keep one book per run.
export type MountMode = 'after-blob' | 'after-manifest';

interface Holder {
  path: string;
  /** true once the blob is in `path`; false when that upload failed. */
  ready: Promise<boolean>;
}

export interface Acquired {
  /** This run already put the blob in this repository (another image of it): nothing to send. */
  present?: boolean;
  /** A repository of this run holding the blob, to mount from. */
  from?: string;
  /** Call when this repository's mount or upload of the blob ends (true = the blob is there). */
  settle?: (ok: boolean) => void;
}

export class MountBook {
  readonly #holders = new Map<string, Holder>();
  /**
   * repository + digest → that blob's mount or upload into that repository, under way or done.
   * Two images of one repository share layers; sending a layer there twice at once is not only
   * waste: distribution rewrites the repository's link file for each, and a manifest PUT reading
   * it while it is rewritten is refused (DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN).
   */
  readonly #into = new Map<string, Promise<boolean>>();
  enabled = true;
  constructor(readonly mode: MountMode) {}

  /**
   * For a push of `digest` into `path`: already there, a repository to mount it from (after any
   * upload in flight there ends), or the duty to upload it; `settle` reports how that ended. The
   * check and the claim happen in one step, so a blob is never sent twice at once.
   */
  async acquire(digest: string, path: string): Promise<Acquired> {
    const key = `${path}\0${digest}`;
    const under = this.#into.get(key);
    if (under) {
      if (await under) return { present: true };
      return this.acquire(digest, path);
    }
    let done!: (ok: boolean) => void;
    this.#into.set(key, new Promise<boolean>((r) => (done = r)));
    const into = (ok: boolean) => {
      if (!ok) this.#into.delete(key);
      done(ok);
    };
    const h = this.#holders.get(digest);
    if (!h) {
      const claim = this.#claim(digest, path);
      return { settle: (ok) => (claim?.(ok), into(ok)) };
    }
    if (!this.enabled || h.path === path) return { settle: into };
    if (await h.ready) return { from: h.path, settle: into };
    // that upload failed (and let go of the blob): take it over, or wait on whoever did
    this.#into.delete(key);
    done(false);
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
