// --dry-run: what a push would upload, without writing anything. Each item's graph is read
// from the bundle; each blob is asked of the target (HEAD) unless its repository does not
// exist yet (then everything in it is to upload). Blobs shared within a repository count once.
import type { Descriptor, Platform, ReadOnlyTarget } from '../../oci/content.js';
import { fetchManifest, type Manifest } from '../../oci/manifest.js';
import { successorsUnder } from '../../oci/platform-filter.js';
import { isManifestType } from '../../oci/media-types.js';
import type { RegistryClient } from '../../registry/client.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';
import type { PushItemReport } from './report.js';
import type { PushPlan } from './plan.js';

export interface UploadEstimate {
  bytes: number;
  items: PushItemReport[];
}

export async function estimateUpload(
  src: ReadOnlyTarget,
  plan: PushPlan,
  roots: Map<string, Descriptor>,
  client: RegistryClient,
  newRepositories: Set<string>,
  o: { concurrency?: number; platforms?: Platform[]; ctx?: Ctx } = {},
): Promise<UploadEstimate> {
  const pool = createPool(o.concurrency ?? 8);
  const counted = new Map<string, Promise<number>>();
  const items = await Promise.all(
    plan.items.map(async (item) => {
      const root = roots.get(item.layoutRef)!;
      const repo = newRepositories.has(item.repository) ? undefined : client.repository(`${plan.target.host}/${item.path}`);
      const blobs = await blobsOf(src, root, successorsUnder(o.platforms), o.ctx);
      let bytes = 0;
      let uploads = 0;
      for (const b of blobs) {
        const key = `${item.repository}\n${b.digest}`;
        if (!counted.has(key))
          counted.set(
            key,
            pool.run(async () => (repo && (await repo.exists(b, o.ctx)) ? 0 : b.size)),
          );
        else continue;
        const n = await counted.get(key)!;
        bytes += n;
        if (n > 0) uploads++;
      }
      const report: PushItemReport = {
        kind: item.kind,
        source: item.source,
        target: `${plan.target.host}/${item.path}${item.tag ? `:${item.tag}` : ''}@${root.digest}`,
        digest: root.digest,
        status: 'planned',
        blobsUploaded: uploads,
        blobsPresent: blobs.length - uploads,
        blobsMounted: 0,
        bytesUploaded: bytes,
      };
      return report;
    }),
  );
  return { bytes: items.reduce((n, i) => n + i.bytesUploaded, 0), items };
}

/** Every blob (config and layer) under a root, once. */
export async function blobsOf(src: ReadOnlyTarget, root: Descriptor, next: (m: Manifest, what: string) => Descriptor[], c?: Ctx): Promise<Descriptor[]> {
  const out = new Map<string, Descriptor>();
  const visit = async (d: Descriptor): Promise<void> => {
    if (!isManifestType(d.mediaType)) return void out.set(d.digest, d);
    const what = `manifest ${d.digest}`;
    const m = await fetchManifest(src, d, what, c);
    for (const child of next(m, what)) await visit(child);
  };
  await visit(root);
  return [...out.values()];
}
