// What `verify` looks up, from each input it takes: a bundle's lock (where push put each item), an
// image map (where a transfer says each image went, with its digest), or an image list (where the
// naming puts each image below --registry, with the digest the list pins or a map records).
import type { BundleLock } from '../../bundle/lock.js';
import type { ImageMap, MapPlatform } from '../../bundle/image-map.js';
import { toTargetRepository, type NamingMode } from '../../ecr/naming.js';
import { targetPath, type RegistryTarget } from '../../ecr/target.js';
import type { ImageListEntry } from '../../oci/image-list.js';
import { formatReference, parseReference } from '../../oci/reference.js';
import { planPush } from '../push/plan.js';
import { UsageError } from '../../util/errors.js';
import { checkMovePlan } from '../../oci/move-plan.js';
import type { SourceAnswer } from './source-digests.js';

export interface VerifyCheck {
  /** artifact: a signature, SBOM or attestation carried with an image (a cosign tag or an OCI referrer). */
  kind: 'image' | 'chart' | 'artifact';
  source: string;
  /** Registry host and the repository path at it. */
  host: string;
  path: string;
  tag?: string;
  /** What the target must serve; absent: the tag's presence is all that can be checked. */
  digest?: string;
  mediaType?: string;
  /** Platform children the target must hold (from a map); absent: read from the index. */
  platforms?: MapPlatform[];
  /** Why only presence can be checked (nothing named a digest and the source did not answer). */
  presenceOnly?: string;
}

export function checksFromLock(
  lock: BundleLock,
  target: RegistryTarget,
  naming: NamingMode | undefined,
  rewrites?: ReadonlyMap<string, string>,
): VerifyCheck[] {
  const items = planPush(lock, target, { naming }).items;
  const checks: VerifyCheck[] = items.map((i) => ({
    kind: i.kind,
    source: i.source,
    host: target.host,
    path: i.path,
    ...(i.tag ? { tag: i.tag } : {}),
    digest: rewrites?.get(i.digest) ?? i.digest,
    mediaType: i.mediaType,
  }));
  // push writes an image's signatures and attestations into the image's own repository: a cosign
  // tag under its tag, an OCI referrer by digest
  const pathOf = new Map(items.map((i) => [i.layoutRef, i.path]));
  for (const img of lock.images)
    for (const a of img.artifacts ?? []) {
      const path = pathOf.get(img.layoutRef);
      if (!path) continue;
      const what = a.tag ?? a.artifactType ?? 'referrer';
      checks.push({
        kind: 'artifact',
        source: `${img.ref} ${what}`,
        host: target.host,
        path,
        ...(a.tag ? { tag: a.tag } : {}),
        digest: a.digest,
        mediaType: a.mediaType,
      });
    }
  return checks;
}

export function checksFromMap(map: ImageMap): VerifyCheck[] {
  return map.entries.map((e) => {
    const d = parseReference(e.destination);
    return {
      kind: 'image' as const,
      source: e.source,
      host: d.registry,
      path: d.repository,
      ...(d.tag ? { tag: d.tag } : {}),
      ...((e.digest ?? d.digest) ? { digest: e.digest ?? d.digest } : { presenceOnly: 'the map records no digest for it' }),
      ...(e.platforms?.length ? { platforms: e.platforms } : {}),
    };
  });
}

/**
 * A list below --registry: each line's destination column, or the naming's name; digests from the
 * line, the map, or what the source serves now (`sources`, by the line's reference).
 */
export function checksFromList(
  entries: readonly ImageListEntry[],
  target: RegistryTarget | undefined,
  naming: NamingMode,
  map?: ImageMap,
  sources?: ReadonlyMap<string, SourceAnswer>,
): VerifyCheck[] {
  const checks = entries.map((e) => ({ e, check: checkFromLine(e, target, naming, map, sources) }));
  // the plan copy or sync would have refused: two lines at one tag, one image at two places
  return checkMovePlan(
    checks.map(({ e, check }) => ({
      check,
      source: check.source,
      destination: `${check.host}/${check.path}${check.tag ? `:${check.tag}` : `@${check.digest ?? ''}`}`,
      where: e.where,
      byDigest: !check.tag,
      ...(check.digest ? { content: check.digest } : {}),
    })),
    'verify plan',
    'give each destination one source: a copy of this list would have been refused too; remove or rename one of those lines',
  ).map((m) => m.check);
}

function checkFromLine(
  e: ImageListEntry,
  target: RegistryTarget | undefined,
  naming: NamingMode,
  map: ImageMap | undefined,
  sources: ReadonlyMap<string, SourceAnswer> | undefined,
): VerifyCheck {
  const mapped = map?.lookup(e.image);
  if (!e.destination && !mapped && !target)
    throw new UsageError(`${e.where}: ${e.image} is not in the map, and without --registry there is nowhere else to look`, {
      hint: 'give --registry TARGET[/PREFIX] as the transfer was given, or the map the transfer wrote',
    });
  const to = e.destination
    ? parseReference(e.destination)
    : mapped
      ? parseReference(mapped.destination)
      : { ...e.ref, registry: target!.host, repository: toTargetRepository(e.ref, targetPath(target!), naming) };
  const asked = sources?.get(formatReference(e.ref));
  const digest = e.ref.digest ?? mapped?.digest ?? (asked && 'digest' in asked ? asked.digest : undefined);
  const presenceOnly = digest ? undefined : asked && 'error' in asked ? `the source did not answer: ${asked.error}` : 'no source was asked';
  return {
    kind: 'image' as const,
    source: formatReference(e.ref),
    host: to.registry,
    path: to.repository,
    ...(to.tag ? { tag: to.tag } : {}),
    ...(digest ? { digest } : {}),
    ...(mapped?.platforms?.length ? { platforms: mapped.platforms } : {}),
    ...(presenceOnly ? { presenceOnly } : {}),
  };
}
