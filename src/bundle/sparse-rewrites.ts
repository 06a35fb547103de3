// `--sparse-index rewrite` as every command sees it: for each image of a --platform bundle whose
// index lost children, the digest push gives its rewritten index. Computed from the bundle alone
// (see oci/sparse-index.ts), so push, values and verify agree without a record between them.
import type { Ctx } from '../util/ctx.js';
import { rewriteSparseIndex } from '../oci/sparse-index.js';
import { openBundle, type OpenedBundle } from './open.js';

/** Bundled index digest → the digest its rewritten index has. */
export async function sparseRewrites(bundle: OpenedBundle, c?: Ctx): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const img of bundle.lock.images) {
    const root = await bundle.store.resolve(img.layoutRef, c);
    const r = await rewriteSparseIndex(bundle.store, root, c);
    if (r) out.set(r.from.digest, r.to.digest);
  }
  return out;
}

/** The same, for the bundle at `path` (tarball, folder or the lock beside its layout). */
export async function sparseRewritesOf(path: string, c?: Ctx): Promise<Map<string, string>> {
  const bundle = await openBundle(path);
  try {
    return await sparseRewrites(bundle, c);
  } finally {
    await bundle.close();
  }
}
