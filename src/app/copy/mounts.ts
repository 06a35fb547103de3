// Blob mounts for copies into a registry (copy and sync share them): a blob the destination
// registry already holds in another repository is linked, not moved again. Which repository of the
// run holds or is sending a blob is the run's MountBook (registry/mount-book.ts), as for push.
import type { Descriptor } from '../../oci/content.js';
import type { CopyGraphOptions, CopySession } from '../../oci/copy-graph.js';
import { MountBook } from '../../registry/mount-book.js';
import { RemoteRepository } from '../../registry/repository.js';

export interface BlobMounts extends Pick<CopyGraphOptions, 'mount' | 'postCopy' | 'onSkipped'> {
  /** The copy ended (done or failed): uploads it claimed and did not finish are given up, so others send them. */
  release(): void;
}

export interface BlobMountOptions {
  /**
   * The registry lets a blob be mounted once its upload completes (distribution, Harbor; not ECR,
   * which mounts only blobs a manifest references): a blob another repository of this run is
   * uploading is waited for and mounted, not sent a second time beside it. Without it, only
   * uploads already finished are mounted from.
   */
  waitForUploads?: boolean;
}

/** Same-registry copies mount blobs instead of moving them: from the source repository, or from
 * a sibling destination repository that received the blob earlier in this run. */
export function blobMounts(src: object, dst: object, session: CopySession, o: BlobMountOptions = {}): BlobMounts {
  if (!(dst instanceof RemoteRepository)) return { release: () => undefined };
  const to = dst;
  const path = to.endpoint.path;
  const from = src instanceof RemoteRepository && src.endpoint.host === to.endpoint.host ? src.endpoint.path : undefined;
  const book = bookOf(session, o.waitForUploads ? 'after-blob' : 'after-manifest');
  const keyOf = (d: Descriptor) => `${to.endpoint.host}/${d.digest}`;
  /** Blobs this copy took on to send, with how to tell the book how that ended. */
  const claimed = new Map<string, (ok: boolean) => void>();
  const settle = (key: string, ok: boolean) => {
    const done = claimed.get(key);
    claimed.delete(key);
    done?.(ok);
  };
  /** The blob is in this repository now: whoever waits on this copy's claim mounts it from here. */
  const landed = (key: string) => {
    settle(key, true);
    book.record([key], path);
  };
  return {
    mount: async (d: Descriptor) => {
      if (from && from !== path && (await to.mount(d, from, undefined))) return true;
      const key = keyOf(d);
      const got = await book.acquire(key, path);
      if (got.present) return true;
      try {
        if (got.from && (await to.mount(d, got.from, undefined))) {
          got.settle?.(true);
          return true;
        }
      } catch (e) {
        got.settle?.(false);
        throw e;
      }
      // this copy sends it: others wait for it (after-blob) and mount it from here
      if (got.settle) claimed.set(key, got.settle);
      return false;
    },
    postCopy: (d: Descriptor) => landed(keyOf(d)),
    // claimed before the HEAD, which then found the blob there
    onSkipped: (d: Descriptor) => {
      const key = keyOf(d);
      if (claimed.has(key)) landed(key);
    },
    release: () => {
      for (const key of [...claimed.keys()]) settle(key, false);
    },
  };
}

const BOOKS = new WeakMap<CopySession, MountBook>();

function bookOf(session: CopySession, mode: ConstructorParameters<typeof MountBook>[0]): MountBook {
  let b = BOOKS.get(session);
  if (!b) BOOKS.set(session, (b = new MountBook(mode)));
  return b;
}
