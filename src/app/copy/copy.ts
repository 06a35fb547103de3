// `helm airgap copy`: images between registries, OCI layouts and layout archives, digests kept.
// Every item shares one copy session, so a blob many images use moves once, and one pool
// bounds the transfers; items run in parallel (bounded too).
import { rm } from 'node:fs/promises';
import { AirgapError, findCause, PartialResultError, UsageError, wrapError } from '../../util/errors.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';
import type { Descriptor } from '../../oci/content.js';
import { copyGraph, createCopySession, type CopySession } from '../../oci/copy-graph.js';
import { formatPlatform } from '../../oci/platform.js';
import { afterFailures, isNotFound } from '../../oci/not-found.js';
import { writeArchive } from '../../layout/archive-writer.js';
import { COSIGN_SUFFIXES, cosignTag } from '../../oci/cosign.js';
import { LayoutStore } from '../../layout/layout-store.js';
import { RegistryClient } from '../../registry/client.js';
import { isTransient } from '../../util/transient.js';
import { RemoteRepository } from '../../registry/repository.js';
import { itemDestination, parseEndpoint } from './endpoint.js';
import { provisionDestinations } from './provision.js';
import { toMapEntry, type MapRegistry } from '../../bundle/image-map.js';
import { writeImageMap } from '../../bundle/image-map-file.js';
import { mapRegistryOf } from '../../ecr/map-registry.js';
import { parseRegistryHost } from '../../ecr/hosts.js';
import { formatReference, parseReference } from '../../oci/reference.js';
import { CopySides, named, type OpenedDestination, type OpenedSource } from './sides.js';
import { blobMounts } from './mounts.js';
import { planCopy } from './plan.js';

export type { CopyItem, CopyItemReport, CopyOptions, CopyReport } from './copy-types.js';
import type { CopyItem, CopyItemReport, CopyOptions, CopyReport } from './copy-types.js';

export async function copyImages(given: CopyOptions): Promise<CopyReport> {
  if (given.items.length === 0) throw new UsageError('nothing to copy', { hint: 'give SRC DST, or --from-file LIST DST' });
  const concurrency = given.concurrency ?? 8;
  // Our destinations verify every byte (layout store hashes, registries check the digest), so
  // the registry client need not hash a second time while fetching.
  const registry = new RegistryClient({ verifyFetch: false, ...given.registry });
  const sides = new CopySides(registry, given.ctx);
  const multi = given.items.length > 1 || given.fromList === true;
  // the whole plan is checked before the first write (a repository created, a blob sent)
  const o: CopyOptions = { ...given, items: await planCopy(given, sides, multi) };
  const session = createCopySession(concurrency);
  const items = createPool(concurrency);
  const report: CopyReport = { items: [], failures: [], blobsCopied: 0, blobsSkipped: 0, blobsMounted: 0, bytesCopied: 0 };
  // every ECR repository the items need, before the first upload (ECR refuses unknown names)
  const repositories = await provisionDestinations(o, sides, multi);
  if (repositories) report.repositories = repositories;
  const done: (CopyItemReport | undefined)[] = [];
  const failed: { n: number; item: string; cause: unknown }[] = [];
  // the progress counts are of the list's lines, known now, not of the images begun so far
  if (multi) o.ctx?.onProgress?.({ type: 'plan', items: o.items.length });
  await Promise.all(
    o.items.map((item, n) =>
      items.run(async () => {
        try {
          done[n] = await copyOne(item, o, sides, session, multi, n);
        } catch (e) {
          if (!multi) throw e;
          failed.push({ n, item: item.where ?? item.src, cause: e });
        }
      }),
    ),
  );
  // in list order, whatever order they failed in
  failed.sort((a, b) => a.n - b.n);
  report.failures = failed.map((f) => ({ item: f.item, error: f.cause instanceof Error ? f.cause.message : String(f.cause) }));
  report.items = done.filter((r): r is CopyItemReport => r !== undefined);
  if (o.writeMap) {
    await writeImageMap(
      o.writeMap,
      report.items.flatMap((i) => (i.mapEntry ? [i.mapEntry] : [])),
      'copy',
      { registries: mapRegistries(report.items, o) },
    );
    report.mapFile = o.writeMap;
  }
  Object.assign(report, {
    blobsCopied: session.stats.copied,
    blobsSkipped: session.stats.skipped,
    blobsMounted: session.stats.mounted,
    bytesCopied: session.stats.bytes,
  });
  if (report.failures.length === 0) await finishArchives(sides, report, o.ctx);
  else if (report.items.length > 0)
    throw new PartialResultError(
      `copied ${report.items.length} of ${o.items.length}; ${report.failures.length} failed:\n${listFailures(report.failures)}`,
      report.failures,
      report,
      { hint: afterFailures(failed, 're-run the same command: present content is skipped and the rest resumes') },
    );
  else
    // the first failure's own next: step (or its cause's: a refused port, an unknown host) fits all
    throw new AirgapError(`all ${o.items.length} copies failed; first: ${report.failures[0].item}: ${report.failures[0].error}`, {
      hint: failed[0]!.cause instanceof AirgapError ? failed[0]!.cause.hint : undefined,
      cause: failed[0]!.cause,
    });
  return report;
}

async function copyOne(item: CopyItem, o: CopyOptions, sides: CopySides, session: CopySession, multi: boolean, n: number): Promise<CopyItemReport> {
  const where = item.where ? `${item.where}: ` : '';
  const id = `image ${n}`;
  if (multi) o.ctx?.onProgress?.({ type: 'start', id, label: item.src, item: true });
  const to = itemDestination(item, o, multi);
  if (!to) throw new UsageError(`${where}${item.src}: no destination`);
  const srcEnd = parseEndpoint(item.src);
  const dstEnd = to.end;
  let src: OpenedSource | undefined;
  let dst: OpenedDestination | undefined;
  try {
    src = named(await sides.source(srcEnd), item);
    dst = await sides.destination(dstEnd, src, to.prefixNaming);
    const { release, ...mounts } = blobMounts(src.store, dst.store, session, { waitForUploads: waitsForUploads(dst.store, o) });
    const r = await copyGraph(src.store, dst.store, src.root, { ...copyGraphOptions(o, session), ...mounts, rootTag: dst.tag }).finally(release);
    if (dst.tag && !r.tagged && !(await taggedAlready(dst, src.root, o.ctx)))
      await dst.store.tag({ ...src.root, ...(dst.annotations ? { annotations: dst.annotations } : {}) }, dst.tag, o.ctx);
    if (o.withReferrers) await copyCosignTags(src, dst, o, session);
    o.ctx?.onProgress?.({ type: 'done', id, label: `${src.name} → ${dst.text}` });
    return {
      source: srcEnd.text,
      destination: dst.text,
      digest: src.root.digest,
      mediaType: src.root.mediaType,
      platforms: r.selected.filter((d) => d.platform).map((d) => formatPlatform(d.platform)),
      referrers: r.referrers.length,
      ...(dstEnd.kind === 'docker' && src.ref
        ? {
            mapEntry: toMapEntry(
              formatReference(src.ref),
              `${dst.text.slice('docker://'.length).split('@')[0]}@${src.root.digest}`,
              r.selected.filter((d) => d.platform && d.platform.os !== 'unknown').map((d) => ({ platform: formatPlatform(d.platform), digest: d.digest })),
            ),
          }
        : {}),
    };
  } catch (e) {
    // a list's failures are recorded under their FILE:LINE; a single copy has none
    const ctx = `${multi ? '' : where}copy ${srcEnd.text} → ${dst?.text ?? to.text}`;
    if (o.platforms && dstEnd.kind === 'docker' && hasCode(e, 'MANIFEST_BLOB_UNKNOWN')) {
      throw new AirgapError(
        `${ctx}: the destination registry refuses an index whose other platforms are missing (a sparse index, what --platform keeps to preserve the digest)`,
        {
          code: 'ERR_SPARSE_INDEX_REFUSED',
          hint: 'drop --platform to copy every platform (the pinned index digest keeps working), or copy into oci:/oci-archive:, which keep sparse indexes',
          cause: e,
        },
      );
    }
    throw wrapError(ctx, e);
  }
}

/** A registry destination mounts a blob as soon as its upload ends (not ECR: blobMounts says why). */
function waitsForUploads(store: object, o: CopyOptions): boolean {
  return store instanceof RemoteRepository && (o.targetKind ?? parseRegistryHost(store.endpoint.host).kind) === 'oci';
}

/** A registry tag already on this digest is left alone: an immutable repository (ECR IMMUTABLE,
 * Harbor's rules) refuses even the same manifest again, and a re-run must not fail there. */
async function taggedAlready(dst: OpenedDestination, root: Descriptor, ctx?: Ctx): Promise<boolean> {
  if (!(dst.store instanceof RemoteRepository) || !dst.tag) return false;
  try {
    return (await dst.store.resolve(dst.tag, ctx)).digest === root.digest;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

function listFailures(f: CopyReport['failures']): string {
  const shown = f.slice(0, 10).map((x) => `  ${x.item}: ${x.error}`);
  return (f.length > 10 ? [...shown, `  … and ${f.length - 10} more`] : shown).join('\n');
}

function hasCode(e: unknown, code: string): boolean {
  return findCause(e, (x) => Boolean((x as { codes?: string[] }).codes?.includes(code))) !== undefined;
}

function copyGraphOptions(o: CopyOptions, session: CopySession) {
  return { session, platforms: o.platforms, withReferrers: o.withReferrers, ctx: o.ctx, isTransient };
}

/** Cosign's legacy tags (sha256-<hex>.sig/.att/.sbom) travel with the image they sign. */
async function copyCosignTags(src: OpenedSource, dst: OpenedDestination, o: CopyOptions, session: CopySession): Promise<void> {
  if (!src.ref) return;
  for (const suffix of COSIGN_SUFFIXES) {
    const tag = cosignTag(src.root.digest, suffix);
    let d: Descriptor;
    try {
      d = await src.store.resolve(tag, o.ctx);
    } catch (e) {
      if (isNotFound(e)) continue;
      throw e;
    }
    await copyGraph(src.store, dst.store, d, { ...copyGraphOptions(o, session), artifact: tag });
    const name = dst.store instanceof LayoutStore ? `${src.ref.registry}/${src.ref.repository}:${tag}` : tag;
    await dst.store.tag(d, name, o.ctx);
  }
}

async function finishArchives(sides: CopySides, report: CopyReport, ctx?: Ctx): Promise<void> {
  for (const [file, dir] of sides.archiveLayouts) {
    const w = await writeArchive(dir, file, { ctx });
    report.archive = { file, bytes: w.bytes };
    await rm(dir, { recursive: true, force: true });
  }
  for (const p of sides.openLayouts()) await (await p).tidy();
}

/** How each destination host of the map was reached (the --type and AWS flags copy was given). */
function mapRegistries(items: readonly CopyItemReport[], o: CopyOptions): MapRegistry[] {
  const hosts = new Set(items.flatMap((i) => (i.mapEntry ? [parseReference(i.mapEntry.destination).registry] : [])));
  return [...hosts].map((host) => mapRegistryOf({ host, kind: o.targetKind ?? parseRegistryHost(host).kind }, o.aws));
}
