// `helm airgap verify`: before any pod starts in the isolated network, is everything the bundle
// carries really in the target registry, by digest? Every image and chart of the lock is looked up
// where push put it (same naming), and every child of a kept index (under the bundle's platform
// selection) must be there too. Nothing is downloaded: manifests of indexes are read, the rest
// is HEAD.
import { openBundle, readBundleLock } from '../../bundle/open.js';
import { sparseRewritesOf } from '../../bundle/sparse-rewrites.js';
import { lockPlatforms } from '../../bundle/lock.js';
import type { NamingMode } from '../../ecr/naming.js';
import { parseTarget, type TargetKind } from '../../ecr/target.js';
import type { Descriptor } from '../../oci/content.js';
import { fetchManifest } from '../../oci/manifest.js';
import { isIndexType } from '../../oci/media-types.js';
import { isNotFound } from '../../oci/not-found.js';
import { successorsUnder } from '../../oci/platform-filter.js';
import type { RemoteRepository } from '../../registry/repository.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';
import { createDestination, type DestinationOptions } from '../push/destination.js';
import { planPush, type PushItem } from '../push/plan.js';

export interface VerifyOptions extends DestinationOptions {
  /** TARGET[/PREFIX], as push was given. */
  registry: string;
  targetKind?: TargetKind;
  naming?: NamingMode;
  concurrency?: number;
  /** As given to push: rewrite expects the rewritten index digests of a --platform bundle. */
  sparseIndex?: 'keep' | 'rewrite';
}

export type VerifyStatus = 'present' | 'missing' | 'different';

export interface VerifiedItem {
  kind: 'image' | 'chart';
  source: string;
  target: string;
  digest: string;
  status: VerifyStatus;
  /** What is missing or different (a tag on another digest, an absent platform child). */
  detail?: string;
}

export interface VerifyReport {
  bundle: string;
  target: string;
  items: VerifiedItem[];
  totals: Record<VerifyStatus, number>;
}

export async function verifyTarget(bundlePath: string, o: VerifyOptions, ctx: Ctx = {}): Promise<VerifyReport> {
  const lock = await readBundleLock(bundlePath);
  const target = parseTarget(o.registry, o.targetKind);
  const plan = planPush(lock, target, { naming: o.naming });
  if (o.sparseIndex === 'rewrite') {
    const rewrites = await sparseRewritesOf(bundlePath, ctx);
    plan.items = plan.items.map((i) => (rewrites.has(i.digest) ? { ...i, digest: rewrites.get(i.digest)! } : i));
  }
  const { client } = await createDestination(target, o);
  const pool = createPool(o.concurrency ?? 8);
  const next = successorsUnder(lockPlatforms(lock));
  const items = await Promise.all(
    plan.items.map((item) => pool.run(() => verifyItem(client.repository(`${target.host}/${item.path}`), item, target.host, next, ctx))),
  );
  const totals: Record<VerifyStatus, number> = { present: 0, missing: 0, different: 0 };
  for (const i of items) totals[i.status]++;
  return { bundle: bundlePath, target: o.registry, items, totals };
}

async function verifyItem(repo: RemoteRepository, item: PushItem, host: string, next: ReturnType<typeof successorsUnder>, c: Ctx): Promise<VerifiedItem> {
  const target = `${host}/${item.path}${item.tag ? `:${item.tag}` : ''}@${item.digest}`;
  const base = { kind: item.kind, source: item.source, target, digest: item.digest };
  const root: Descriptor = { digest: item.digest, mediaType: item.mediaType, size: 0 };
  if (item.tag) {
    const tagged = await repo.resolve(item.tag, c).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!tagged) return { ...base, status: 'missing', detail: `tag ${item.tag} is not in ${host}/${item.path}` };
    if (tagged.digest !== item.digest) return { ...base, status: 'different', detail: `tag ${item.tag} holds ${tagged.digest}` };
  } else if (!(await present(repo, root, c))) {
    return { ...base, status: 'missing', detail: `${item.digest} is not in ${host}/${item.path}` };
  }
  if (!isIndexType(item.mediaType)) return { ...base, status: 'present' };
  const index = await fetchManifest(repo, { ...root, size: (await repo.resolve(item.digest, c)).size }, target, c);
  const absent: string[] = [];
  for (const child of next(index, target))
    if (!(await present(repo, child, c))) absent.push(child.platform ? `${child.platform.os}/${child.platform.architecture}` : child.digest);
  return absent.length ? { ...base, status: 'missing', detail: `index children missing: ${absent.join(', ')}` } : { ...base, status: 'present' };
}

async function present(repo: RemoteRepository, d: Descriptor, c: Ctx): Promise<boolean> {
  return repo.exists(d, c).catch((e: unknown) => (isNotFound(e) ? false : Promise.reject(e)));
}
