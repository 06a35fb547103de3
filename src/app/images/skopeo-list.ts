// `images LIST -o skopeo-sync`: a `skopeo sync --src yaml` file from an image list, for teams that
// mirror with skopeo. --mirror REGISTRY=LOCATION makes the file fetch REGISTRY's images from
// LOCATION (a registry that is reachable, or the one that replaced it); each entry keeps the digest
// the list pins or a lock records, so what skopeo copies is what was checked. With a destination
// the map says where `skopeo sync --scoped DEST` (and `helm airgap sync FILE DEST`, whose default
// for a file is the same naming) puts each image, under its original name: values, postrender,
// verify and kustomize --map then find it without knowing a mirror was in between.
import { stringify } from 'yaml';
import type { MapEntry } from '../../bundle/image-map.js';
import type { BundleLock } from '../../bundle/lock.js';
import { toTargetRepository } from '../../ecr/naming.js';
import { targetPath, type RegistryTarget } from '../../ecr/target.js';
import type { ImageListEntry } from '../../oci/image-list.js';
import { formatReference, parseReference, type Reference } from '../../oci/reference.js';
import { UsageError } from '../../util/errors.js';

export interface SkopeoListOptions {
  /** REGISTRY → LOCATION (host[/path]): where the file fetches REGISTRY's images from. */
  mirrors?: Record<string, string>;
  lock?: BundleLock;
  /** Where the file will be synced to (skopeo's --scoped destination), for the map. */
  destination?: RegistryTarget;
}

export interface SkopeoListResult {
  text: string;
  /** Original source → where the scoped sync lands it (only with a destination). */
  map: MapEntry[];
  /** List images the lock pinned to a digest. */
  pinnedByLock: number;
}

export function skopeoSyncFromList(entries: readonly ImageListEntry[], o: SkopeoListOptions = {}): SkopeoListResult {
  const mirrors = normaliseMirrors(o.mirrors ?? {});
  const locked = new Map((o.lock?.images ?? []).map((i) => [stripDigest(i.ref), i.digest]));
  const doc: Record<string, { images: Record<string, string[]> }> = {};
  const map: MapEntry[] = [];
  let pinnedByLock = 0;
  for (const e of entries) {
    const digest = e.ref.digest ?? locked.get(stripDigest(e.image));
    if (!e.ref.digest && digest) pinnedByLock++;
    const from = fetchedFrom(e.ref, mirrors);
    const selector = digest ?? e.ref.tag ?? 'latest';
    const list = ((doc[from.registry] ??= { images: {} }).images[from.repository] ??= []);
    if (!list.includes(selector)) list.push(selector);
    if (o.destination) {
      const t = o.destination;
      const repository = toTargetRepository(from, targetPath(t), 'full');
      const at = digest ? { registry: t.host, repository, digest } : { registry: t.host, repository, tag: selector };
      map.push({ source: formatReference(e.ref), destination: formatReference(at), ...(digest ? { digest } : {}) });
    }
  }
  return { text: stringify(doc), map, pinnedByLock };
}

function stripDigest(ref: string): string {
  return ref.split('@')[0]!;
}

/** The registry and repository the file names for `r`: its own, or below the mirror's location. */
function fetchedFrom(r: Reference, mirrors: Map<string, { registry: string; path: string }>): { registry: string; repository: string } {
  const m = mirrors.get(r.registry);
  if (!m) return { registry: r.registry, repository: r.repository };
  return { registry: m.registry, repository: m.path ? `${m.path}/${r.repository}` : r.repository };
}

function normaliseMirrors(pairs: Record<string, string>): Map<string, { registry: string; path: string }> {
  const out = new Map<string, { registry: string; path: string }>();
  for (const [from, to] of Object.entries(pairs)) {
    let registry: string;
    let location: Reference;
    try {
      // docker.io and its aliases as the reference parser normalises them
      registry = parseReference(`${from}/x`).registry;
      location = parseReference(`${to.replace(/\/+$/, '')}/x`);
    } catch (e) {
      throw new UsageError(`--mirror ${from}=${to}: ${(e as Error).message}`, {
        hint: 'write --mirror REGISTRY=HOST[/PATH], e.g. docker.io=mirror.internal/dockerhub',
      });
    }
    out.set(registry, { registry: location.registry, path: location.repository.replace(/\/?x$/, '') });
  }
  return out;
}
