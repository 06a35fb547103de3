// `helm airgap push`: verify the bundle, plan and check every target name, ensure the
// repositories, push each image and chart with its digest unchanged, and report what moved.
// Nothing reaches the registry before the bundle and the names have been checked.
import { afterFailures } from '../../oci/not-found.js';
import { lockPlatforms } from '../../bundle/lock.js';
import { toMapEntry, type MapEntry, type MapRegistry } from '../../bundle/image-map.js';
import { mapRegistryOf } from '../../ecr/map-registry.js';
import { writeImageMap } from '../../bundle/image-map-file.js';
import { platformChildren } from '../../oci/manifest.js';
import { isManifestType } from '../../oci/media-types.js';
import type { NamingMode } from '../../ecr/naming.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import { AirgapError, PartialResultError } from '../../util/errors.js';
import { createDestination, type Destination, type DestinationOptions } from '../../ecr/destination.js';
import { estimateUpload } from './estimate.js';
import { provisionRepositories } from '../../ecr/repositories.js';
import { pushItems, type BaseMounts, type ItemResult, type SparseIndexMode } from './items.js';
import type { OnExistingTag } from './existing-tag.js';
import { planPush, type PushItem, type PushPlan, type Shard } from './plan.js';
import { heldCharts, heldResult } from './charts-last.js';
import { parseTarget, type TargetKind } from '../../ecr/target.js';
import { openBundle, type OpenedBundle } from '../../bundle/open.js';
import { isServedBundle } from '../../bundle/served-bundle.js';
import { checkBundleSignature, type BundleTrust, type SignatureCheck } from '../../bundle/signature/check.js';
import type { SignatureRecheck } from '../../trust/recheck-bundle.js';
import { verifyBundle, type VerifyReport } from './verify.js';
import type { ItemCounts, PushItemReport, PushReport } from './report.js';

export type { ItemCounts, PushItemReport, PushReport } from './report.js';
import { isVerified, recordVerified, toVerifiedStamp } from './verify-cache.js';

export interface PushOptions extends DestinationOptions {
  /** HOST[/PREFIX]: an ECR or ECR Public host, or any OCI registry. */
  registry: string;
  /** Force the target kind (a stand-in or a custom DNS name in front of ECR). */
  targetKind?: TargetKind;
  naming?: NamingMode;
  shard?: Shard;
  dryRun?: boolean;
  /** Parallel transfers (default 8). */
  concurrency?: number;
  /** keep (default): a --platform bundle's index as bundled; rewrite: an index of the carried platforms only. */
  sparseIndex?: SparseIndexMode;
  /** Remember fully verified bundle files here, so re-runs skip re-hashing (see push-verify-cache.ts). */
  verifyCacheDir?: string;
  /** Write where each image went (bundle/image-map.ts), also after a partial failure. */
  writeMap?: string;
  /** A tag already on other content: overwrite (default), skip, fail. */
  onExistingTag?: OnExistingTag;
  /** --key: the bundle must be signed by one of these keys (checked before anything else). */
  bundleTrust?: BundleTrust;
  /** Re-check every carried signature against the lock's policy (offline) before anything moves; trustedRoot replaces the carried one. */
  verifySignatures?: { trustedRoot?: string; trustCarriedKeys?: boolean };
}

export async function pushBundle(bundlePath: string, o: PushOptions, ctx: Ctx = {}): Promise<PushReport> {
  const started = Date.now();
  const target = parseTarget(o.registry, o.targetKind);
  // a served bundle (oci://HOST:PORT) is reached as the target's --insecure-registry hosts allow
  const source = { insecureHosts: o.insecureRegistries };
  const signature = await checkBundleSignature(bundlePath, o.bundleTrust, source);
  const bundle = await openBundle(bundlePath, source);
  try {
    let imageSignatures: SignatureRecheck | undefined;
    if (o.verifySignatures) {
      // loaded on use: the Sigstore libraries are for this check alone
      const { carriedKeysTrust, recheckSignatures, refuseUnverified } = await import('../../trust/recheck-bundle.js');
      const carriedKeys = carriedKeysTrust(bundlePath, signature, o.verifySignatures.trustCarriedKeys === true);
      imageSignatures = await recheckSignatures(bundle, {
        ...(o.verifySignatures.trustedRoot ? { trustedRoot: o.verifySignatures.trustedRoot } : {}),
        carriedKeys,
      });
      refuseUnverified(imageSignatures);
    }
    const verified = await verifyWithCache(bundle, o, ctx);
    const plan = planPush(bundle.lock, target, { naming: o.naming, shard: o.shard });
    const dest = await createDestination(target, o);
    // one authenticated request first: proves the login before any write, and lets concurrent
    // requests start with the registry's challenge already known
    await dest.client.ping(target.host, ctx);
    // a differential bundle: what its base carried must already be in the target, or nothing moves
    const baseMounts = bundle.lock.base ? await requireBase(bundle.lock, plan, verified, dest, ctx) : undefined;
    const base = { bundle: bundle.where, plan, verified, ...(signature ? { signature } : {}), ...(imageSignatures ? { imageSignatures } : {}) };
    const repositories = await provisionRepositories(dest.provisioner, plan.repositories, { dryRun: o.dryRun, ctx });
    if (o.dryRun) {
      const estimate = await estimateUpload(bundle.store, plan, verified.roots, dest.client, new Set(repositories.toCreate), {
        concurrency: o.concurrency,
        platforms: lockPlatforms(bundle.lock),
        ctx,
      });
      return toReport(base, repositories, estimate.items, started, estimate.bytes);
    }
    const push = (items: PushItem[]) =>
      pushItems(bundle.bulkStore ?? bundle.store, { ...plan, items }, verified.roots, dest, {
        concurrency: o.concurrency,
        retries: o.retries,
        platforms: lockPlatforms(bundle.lock),
        sparseIndex: o.sparseIndex,
        ...(baseMounts?.size ? { baseMounts } : {}),
        // an OCI chart's signatures go beside it too, as an image's
        artifacts: new Map([...bundle.lock.images, ...bundle.lock.charts].filter((i) => i.artifacts?.length).map((i) => [i.layoutRef, i.artifacts!])),
        onExistingTag: o.onExistingTag,
        ctx,
      });
    // images first; each chart only once all of its images are in (charts-last.ts)
    const imageResults = await push(plan.items.filter((i) => i.kind === 'image'));
    const charts = plan.items.filter((i) => i.kind === 'chart');
    const allImages = planPush(bundle.lock, target, { naming: o.naming }).items.filter((i) => i.kind === 'image');
    const held = await heldCharts(charts, bundle.lock, allImages, imageResults, dest, plan, ctx);
    const chartResults = await push(charts.filter((c) => !held.has(c.layoutRef)));
    const results = [
      ...imageResults,
      ...chartResults,
      ...charts.filter((c) => held.has(c.layoutRef)).map((c) => heldResult(c, `${target.host}/${c.path}:${c.tag}`, held.get(c.layoutRef)!)),
    ];
    const report = toReport(base, repositories, results.map(toItemReport), started);
    if (o.writeMap) report.mapFile = await writeTransferMap(o.writeMap, results, bundle, verified, mapRegistryOf(target, o.aws), ctx);
    failOnErrors(results, report);
    return report;
  } finally {
    await bundle.close();
  }
}

/**
 * A differential bundle leaves to its base what the base carried. Each such item must be in the
 * target: in its own repository, or (a blob) in another repository of this push, to mount from
 * (a new image on the base's layer). Returns those mounts; throws, naming the rest, before any write.
 */
async function requireBase(lock: OpenedBundle['lock'], plan: PushPlan, verified: VerifyReport, dest: Destination, ctx: Ctx): Promise<BaseMounts> {
  const missing: string[] = [];
  /** digest → a repository of the target that holds it */
  const holders = new Map<string, string>();
  const mounts: BaseMounts = new Map();
  const repoAt = (path: string) => dest.client.repository(`${plan.target.host}/${path}`);
  const paths = [...new Set(plan.items.map((i) => i.path))];
  for (const item of plan.items) {
    for (const d of verified.fromBase.get(item.layoutRef) ?? []) {
      if (
        await repoAt(item.path)
          .exists(d, ctx)
          .catch(() => false)
      )
        continue;
      let from = holders.get(d.digest);
      if (!from && !isManifestType(d.mediaType))
        for (const p of paths)
          if (
            p !== item.path &&
            (await repoAt(p)
              .exists(d, ctx)
              .catch(() => false))
          )
            from = p;
      if (from) {
        holders.set(d.digest, from);
        let here = mounts.get(item.path);
        if (!here) mounts.set(item.path, (here = new Map()));
        here.set(d.digest, from);
      } else missing.push(`${plan.target.host}/${item.path}@${d.digest}`);
    }
  }
  if (missing.length === 0) return mounts;
  const b = lock.base!;
  throw new AirgapError(
    `the target lacks ${missing.length} item(s) this differential bundle leaves to its base (made ${b.createdAt}, lock ${b.lockDigest}): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}; nothing was pushed`,
    { code: 'ERR_BASE_MISSING', hint: 'push the base bundle to this target first (same --registry and --naming), then this one' },
  );
}

async function verifyWithCache(bundle: OpenedBundle, o: PushOptions, ctx: Ctx): Promise<VerifyReport> {
  // the cache remembers files; a served bundle is hashed as it streams, every time
  const stamp = o.verifyCacheDir && !isServedBundle(bundle.where) ? await toVerifiedStamp(o.verifyCacheDir, bundle.where, bundle.lock) : undefined;
  const presenceOnly = stamp ? await isVerified(stamp) : false;
  logTo(
    ctx,
    'info',
    `verifying ${bundle.where}${presenceOnly ? ' (verified before and unchanged since: digests of manifests, presence and size of blobs)' : ''}`,
  );
  const verified = await verifyBundle(bundle.store, bundle.lock, bundle.where, {
    concurrency: o.concurrency,
    sourceVerifies: bundle.verifiesDigests,
    presenceOnly,
    platforms: lockPlatforms(bundle.lock),
    recordedLockDigest: bundle.recordedLockDigest,
    ctx,
  });
  if (stamp && !presenceOnly) {
    await recordVerified(stamp, verified).catch((e: unknown) => logTo(ctx, 'debug', `verify cache not written: ${(e as Error).message}`));
  }
  return verified;
}

/** The images that arrived, each with its platform children, into the map file (merged over what it holds). */
async function writeTransferMap(
  file: string,
  results: readonly ItemResult[],
  bundle: OpenedBundle,
  verified: VerifyReport,
  registry: MapRegistry,
  ctx: Ctx,
): Promise<string> {
  const entries: MapEntry[] = [];
  for (const r of results) {
    // a kept tag holds other content: the map records only where the bundle's image is
    if (r.item.kind !== 'image' || (r.status !== 'pushed' && r.status !== 'present')) continue;
    const root = verified.roots.get(r.item.layoutRef);
    const platforms = root ? await platformChildren(bundle.store, root, r.item.source, ctx) : [];
    entries.push(toMapEntry(r.item.source, r.target, platforms));
  }
  await writeImageMap(file, entries, 'push', { registries: [registry] });
  return file;
}

function toItemReport(r: ItemResult): PushItemReport {
  return {
    kind: r.item.kind,
    source: r.item.source,
    target: r.target,
    digest: r.item.digest,
    status: r.status,
    blobsUploaded: r.blobsUploaded,
    blobsPresent: r.blobsPresent,
    blobsMounted: r.blobsMounted,
    bytesUploaded: r.bytesUploaded,
    ...(r.rewrittenFrom ? { rewrittenFrom: r.rewrittenFrom } : {}),
    ...(r.artifacts ? { artifacts: r.artifacts } : {}),
    ...(r.error ? { error: r.error.message } : {}),
  };
}

interface ReportBase {
  bundle: string;
  plan: PushPlan;
  verified: VerifyReport;
  signature?: SignatureCheck;
  imageSignatures?: SignatureRecheck;
}

function toReport(b: ReportBase, repositories: PushReport['repositories'], items: PushItemReport[], started: number, bytesToUpload?: number): PushReport {
  const count = (kind: 'image' | 'chart', status: PushItemReport['status']) => items.filter((i) => i.kind === kind && i.status === status).length;
  const counts = (kind: 'image' | 'chart'): ItemCounts => ({
    pushed: count(kind, 'pushed'),
    present: count(kind, 'present'),
    failed: count(kind, 'failed'),
    ...(count(kind, 'kept') ? { kept: count(kind, 'kept') } : {}),
    ...(bytesToUpload !== undefined ? { planned: count(kind, 'planned') } : {}),
  });
  const sum = (f: (i: PushItemReport) => number) => items.reduce((n, i) => n + f(i), 0);
  const t = b.plan.target;
  return {
    bundle: b.bundle,
    ...(b.signature ? { signature: b.signature } : {}),
    ...(b.imageSignatures ? { imageSignatures: b.imageSignatures } : {}),
    target: { kind: t.kind, registry: t.alias ? `${t.host}/${t.alias}` : t.host, prefix: t.prefix },
    shard: b.plan.shard,
    dryRun: bytesToUpload !== undefined,
    verified: { manifests: b.verified.manifests, blobs: b.verified.blobs, bytes: b.verified.bytes, cached: b.verified.cached },
    repositories,
    items,
    totals: {
      images: counts('image'),
      charts: counts('chart'),
      blobsUploaded: sum((i) => i.blobsUploaded),
      blobsPresent: sum((i) => i.blobsPresent),
      blobsMounted: sum((i) => i.blobsMounted),
      bytesUploaded: sum((i) => i.bytesUploaded),
      ...(bytesToUpload !== undefined ? { bytesToUpload } : {}),
    },
    durationMs: Date.now() - started,
  };
}

/** Some items failed: partial (exit 3) when others made it, plain failure when none did. */
function failOnErrors(results: ItemResult[], report: PushReport): void {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return;
  const first = failed[0]!.error!;
  const hint =
    first.hint ??
    afterFailures(
      failed.map((r) => ({ item: `${r.item.kind} ${r.item.source}`, cause: r.error })),
      're-run the same command: content already pushed is skipped',
    );
  if (failed.length === results.length) {
    throw new AirgapError(failed.length === 1 ? first.message : `push: all ${failed.length} items failed; first: ${first.message}`, {
      code: first.code,
      hint,
      cause: first,
    });
  }
  throw new PartialResultError(
    `push: ${failed.length} of ${results.length} items failed; first: ${first.message}`,
    failed.map((r) => ({ item: `${r.item.kind} ${r.item.source}`, error: r.error!.message })),
    report,
    { hint },
  );
}
