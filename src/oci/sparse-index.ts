// A bundle made with --platform keeps each image's original index bytes (so a pinned digest still
// matches) but only the chosen platforms' children: a sparse index. Registries that check every
// child of an index they accept (docker-registry 2.8 does) refuse it. `rewriteSparseIndex` gives
// the index of only the children that are there: new bytes, a new digest. It is a pure function of
// the stored index and which children the store holds, so `push` and `values` compute the same
// digest without telling each other.
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { Ctx, Descriptor, ReadOnlyTarget } from './content.js';
import { fetchManifest } from './manifest.js';
import { isIndexType } from './media-types.js';

export interface RewrittenIndex {
  from: Descriptor;
  to: Descriptor;
  bytes: Buffer;
  /** Children left out because the store does not hold them. */
  dropped: number;
}

/** The filtered index for `root`, or undefined when root is no index or holds every child. */
export async function rewriteSparseIndex(src: ReadOnlyTarget, root: Descriptor, c?: Ctx): Promise<RewrittenIndex | undefined> {
  if (!isIndexType(root.mediaType)) return undefined;
  const m = await fetchManifest(src, root, `index ${root.digest}`, c);
  const present = await Promise.all(m.manifests.map((d) => src.exists(d, c)));
  const dropped = present.filter((p) => !p).length;
  if (dropped === 0) return undefined;
  const json = JSON.parse(Buffer.from(m.raw).toString('utf8')) as { manifests: Descriptor[] };
  json.manifests = json.manifests.filter((_d, i) => present[i]);
  const bytes = Buffer.from(JSON.stringify(json));
  const to: Descriptor = { mediaType: root.mediaType, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length };
  return { from: root, to, bytes, dropped };
}

/** `src` with the rewritten index added, so copyGraph can take it as a root like any other. */
export function withRewrittenIndex(src: ReadOnlyTarget, r: RewrittenIndex): ReadOnlyTarget {
  const mine = (d: Descriptor) => d.digest === r.to.digest;
  return {
    fetch: (d, c, o) => (mine(d) ? Promise.resolve(Readable.from([r.bytes.subarray(o?.offset ?? 0)])) : src.fetch(d, c, o)),
    exists: (d, c) => (mine(d) ? Promise.resolve(true) : src.exists(d, c)),
    resolve: (ref, c) => src.resolve(ref, c),
  };
}
