// `helm airgap verify`: before any pod starts in the isolated network, is everything the bundle
// (or a list, or a transfer's map) names really in the target registry, by digest? Every image and
// chart of the lock is looked up where push put it (same naming), each map entry where the map says
// it went, and every child of a kept index (under the bundle's platform selection, or the platforms
// the map records) must be there too. Nothing is downloaded: manifests of indexes are read, the
// rest is HEAD.
import { readBundleLock } from '../../bundle/open.js';
import { checkBundleSignature, type BundleTrust } from '../../bundle/signature/check.js';
import { sparseRewritesOf } from '../../bundle/sparse-rewrites.js';
import { lockPlatforms } from '../../bundle/lock.js';
import { DEFAULT_NAMING, type NamingMode } from '../../ecr/naming.js';
import { parseTarget, type RegistryTarget, type TargetKind } from '../../ecr/target.js';
import type { ImageMap } from '../../bundle/image-map.js';
import type { ImageListEntry } from '../../oci/image-list.js';
import type { RegistryClient } from '../../registry/client.js';
import { UsageError } from '../../util/errors.js';
import { sourceDigests } from './source-digests.js';
import { checksFromList, checksFromLock, checksFromMap, type VerifyCheck } from './checks.js';
import type { Descriptor } from '../../oci/content.js';
import { fetchManifest } from '../../oci/manifest.js';
import { isIndexType, MediaType } from '../../oci/media-types.js';
import { isNotFound } from '../../oci/not-found.js';
import { successorsUnder } from '../../oci/platform-filter.js';
import type { RemoteRepository } from '../../registry/repository.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';
import { createDestination, type DestinationOptions } from '../../ecr/destination.js';
import { accessFor } from '../../ecr/map-registry.js';

export interface VerifyOptions extends DestinationOptions {
  /** --key: a bundle given must be signed by one of these keys. */
  bundleTrust?: BundleTrust;
  /** TARGET[/PREFIX], as push was given; optional with a map alone (its destinations name the hosts). */
  registry?: string;
  targetKind?: TargetKind;
  naming?: NamingMode;
  concurrency?: number;
  /** As given to push: rewrite expects the rewritten index digests of a --platform bundle. */
  sparseIndex?: 'keep' | 'rewrite';
  /** An image list instead of a bundle (named by `from`). */
  list?: ImageListEntry[];
  /** Where a transfer put each image: alone, or the digests for a list. */
  map?: ImageMap;
  /** A list: ask each source for its tag's digest (false: presence only); through these mirrors (names kept). */
  askSources?: boolean;
  sourceMirrors?: Record<string, string>;
}

export type VerifyStatus = 'present' | 'missing' | 'different';

export interface VerifiedItem {
  kind: 'image' | 'chart' | 'artifact';
  source: string;
  target: string;
  /** What the target had to serve; absent when nothing named a digest (a list without pins or a map). */
  digest?: string;
  status: VerifyStatus;
  /** What is missing or different (a tag on another digest, an absent platform child). */
  detail?: string;
  /** digest: the content was compared; presence: only that the tag is there (`presenceOnly` says why). */
  checked: 'digest' | 'presence';
  presenceOnly?: string;
}

export interface VerifyReport {
  bundle: string;
  target: string;
  items: VerifiedItem[];
  totals: Record<VerifyStatus, number>;
  /** Items whose content could not be compared (a list's tag with no digest anywhere). */
  presenceOnly: number;
}

/** `from`: a bundle, a lock, a list file (with o.list) or "" for a map alone (o.map). */
export async function verifyTarget(from: string, o: VerifyOptions, ctx: Ctx = {}): Promise<VerifyReport> {
  const target = o.registry !== undefined ? parseTarget(o.registry, o.targetKind) : undefined;
  const checks = await checksFor(from, o, target, ctx);
  const pool = createPool(o.concurrency ?? 8);
  const clients = new Map<string, Promise<RegistryClient>>();
  const clientFor = (host: string) => {
    let c = clients.get(host);
    if (c) return c;
    // a map says how its writer reached each host (kind, ECR endpoint, region); this run's flags win
    const access = accessFor(o.map?.registry(host), o);
    const t = target?.host === host ? target : parseTarget(host, access.targetKind);
    clients.set(host, (c = createDestination(t, { ...o, ...(access.aws ? { aws: access.aws } : {}) }).then((d) => d.client)));
    return c;
  };
  const next = successorsUnder(o.list || !from ? undefined : lockPlatforms(await readBundleLock(from)));
  const items = await Promise.all(
    checks.map((check) => pool.run(async () => verifyItem((await clientFor(check.host)).repository(`${check.host}/${check.path}`), check, next, ctx))),
  );
  const totals: Record<VerifyStatus, number> = { present: 0, missing: 0, different: 0 };
  for (const i of items) totals[i.status]++;
  return {
    bundle: from || 'map',
    target: o.registry ?? [...new Set(checks.map((c) => c.host))].join(', '),
    items,
    totals,
    presenceOnly: items.filter((i) => i.checked === 'presence').length,
  };
}

async function checksFor(from: string, o: VerifyOptions, target: RegistryTarget | undefined, ctx: Ctx): Promise<VerifyCheck[]> {
  if (o.list) {
    if (!target && !o.map) throw new UsageError(`${from}: a list needs --registry TARGET[/PREFIX] or --map FILE to know where each image went`);
    const unpinned = o.list.filter((e) => !e.ref.digest && !o.map?.lookup(e.image)?.digest);
    const sources =
      o.askSources === false || unpinned.length === 0
        ? undefined
        : await sourceDigests(unpinned, { credentials: o.credentials, insecureHosts: o.insecureRegistries, mirrors: o.sourceMirrors }, ctx);
    return checksFromList(o.list, target, o.naming ?? DEFAULT_NAMING.list, o.map, sources);
  }
  if (!from) {
    if (!o.map) throw new UsageError('verify needs a bundle, a lock, a list or --map FILE');
    return checksFromMap(o.map);
  }
  if (!target) throw new UsageError(`${from}: verifying a bundle needs --registry TARGET[/PREFIX] (as push was given)`);
  await checkBundleSignature(from, o.bundleTrust);
  const lock = await readBundleLock(from);
  const rewrites = o.sparseIndex === 'rewrite' ? await sparseRewritesOf(from, ctx) : undefined;
  return checksFromLock(lock, target, o.naming, rewrites);
}

async function verifyItem(repo: RemoteRepository, item: VerifyCheck, next: ReturnType<typeof successorsUnder>, c: Ctx): Promise<VerifiedItem> {
  const where = `${item.host}/${item.path}`;
  const target = `${where}${item.tag ? `:${item.tag}` : ''}${item.digest ? `@${item.digest}` : ''}`;
  const base = {
    kind: item.kind,
    source: item.source,
    target,
    ...(item.digest ? { digest: item.digest } : {}),
    checked: item.digest ? ('digest' as const) : ('presence' as const),
    ...(item.presenceOnly ? { presenceOnly: item.presenceOnly } : {}),
  };
  let root: Descriptor;
  if (item.tag) {
    const tagged = await repo.resolve(item.tag, c).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!tagged) return { ...base, status: 'missing', detail: `tag ${item.tag} is not in ${where}` };
    if (item.digest && tagged.digest !== item.digest) return { ...base, status: 'different', detail: `tag ${item.tag} holds ${tagged.digest}` };
    root = tagged;
  } else {
    root = { digest: item.digest!, mediaType: item.mediaType ?? '', size: 0 };
    if (!(await present(repo, root, c))) return { ...base, status: 'missing', detail: `${item.digest} is not in ${where}` };
    if (!item.mediaType && !item.platforms) root = await repo.resolve(item.digest!, c);
  }
  const absent: string[] = [];
  if (item.platforms) {
    // any manifest type: it makes the lookup a manifest HEAD, whichever type the child has
    for (const p of item.platforms) if (!(await present(repo, { digest: p.digest, mediaType: MediaType.ociManifest, size: 0 }, c))) absent.push(p.platform);
  } else if (isIndexType(root.mediaType)) {
    const index = await fetchManifest(repo, { ...root, size: root.size || (await repo.resolve(root.digest, c)).size }, target, c);
    for (const child of next(index, target))
      if (!(await present(repo, child, c))) absent.push(child.platform ? `${child.platform.os}/${child.platform.architecture}` : child.digest);
  }
  return absent.length ? { ...base, status: 'missing', detail: `index children missing: ${absent.join(', ')}` } : { ...base, status: 'present' };
}

async function present(repo: RemoteRepository, d: Descriptor, c: Ctx): Promise<boolean> {
  return repo.exists(d, c).catch((e: unknown) => (isNotFound(e) ? false : Promise.reject(e)));
}
