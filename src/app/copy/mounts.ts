// Blob mounts for copies into a registry (copy and sync share them): a blob the destination
// registry already holds in another repository is linked, not moved again.
import type { Descriptor } from '../../oci/content.js';
import type { CopyGraphOptions, CopySession } from '../../oci/copy-graph.js';
import { RemoteRepository } from '../../registry/repository.js';

export interface BlobMounts extends Pick<CopyGraphOptions, 'mount' | 'postCopy'> {
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
  const from = src instanceof RemoteRepository && src.endpoint.host === to.endpoint.host ? src.endpoint.path : undefined;
  const { siblings, uploading } = bookOf(session);
  /** Uploads this copy claimed, by key, with how to end the wait of others on them. */
  const claimed = new Map<string, (ok: boolean) => void>();
  const settle = (key: string, ok: boolean) => {
    const done = claimed.get(key);
    if (!done) return;
    claimed.delete(key);
    uploading.delete(key);
    done(ok);
  };
  return {
    mount: async (d: Descriptor) => {
      const key = `${to.endpoint.host}/${d.digest}`;
      for (;;) {
        for (const path of [from, siblings.get(key)]) if (path && path !== to.endpoint.path && (await to.mount(d, path, undefined))) return true;
        const under = uploading.get(key);
        if (!o.waitForUploads || (under && under.path === to.endpoint.path)) return false;
        if (!under) {
          // this copy sends it; others wait for it and mount it from here
          let done!: (ok: boolean) => void;
          uploading.set(key, { path: to.endpoint.path, ready: new Promise<boolean>((r) => (done = r)) });
          claimed.set(key, done);
          return false;
        }
        // mounted from there once it is in (siblings has it); a failed upload leaves it to us
        await under.ready;
      }
    },
    postCopy: (d: Descriptor) => {
      const key = `${to.endpoint.host}/${d.digest}`;
      siblings.set(key, to.endpoint.path);
      settle(key, true);
    },
    release: () => {
      for (const key of [...claimed.keys()]) settle(key, false);
    },
  };
}

interface MountBook {
  /** host/digest → a destination repository of this run that holds the blob. */
  siblings: Map<string, string>;
  /** host/digest → the repository uploading it now, and whether that upload ended with the blob there. */
  uploading: Map<string, { path: string; ready: Promise<boolean> }>;
}

const BOOKS = new WeakMap<CopySession, MountBook>();

function bookOf(session: CopySession): MountBook {
  let b = BOOKS.get(session);
  if (!b) BOOKS.set(session, (b = { siblings: new Map(), uploading: new Map() }));
  return b;
}
