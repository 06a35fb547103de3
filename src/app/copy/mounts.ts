// Blob mounts for copies into a registry (copy and sync share them): a blob the destination
// registry already holds in another repository is linked, not moved again.
import type { Descriptor } from '../../oci/content.js';
import type { CopyGraphOptions, CopySession } from '../../oci/copy-graph.js';
import { RemoteRepository } from '../../registry/repository.js';

/** Same-registry copies mount blobs instead of moving them: from the source repository, or from
 * a sibling destination repository that received the blob earlier in this run. */
export function blobMounts(src: object, dst: object, session: CopySession): Pick<CopyGraphOptions, 'mount' | 'postCopy'> {
  if (!(dst instanceof RemoteRepository)) return {};
  const to = dst;
  const from = src instanceof RemoteRepository && src.endpoint.host === to.endpoint.host ? src.endpoint.path : undefined;
  const siblings = siblingMounts(session);
  return {
    mount: async (d: Descriptor) => {
      const sibling = siblings.get(`${to.endpoint.host}/${d.digest}`);
      for (const path of [from, sibling]) if (path && path !== to.endpoint.path && (await to.mount(d, path, undefined))) return true;
      return false;
    },
    postCopy: (d: Descriptor) => void siblings.set(`${to.endpoint.host}/${d.digest}`, to.endpoint.path),
  };
}

const SIBLINGS = new WeakMap<CopySession, Map<string, string>>();

function siblingMounts(session: CopySession): Map<string, string> {
  let m = SIBLINGS.get(session);
  if (!m) SIBLINGS.set(session, (m = new Map()));
  return m;
}
