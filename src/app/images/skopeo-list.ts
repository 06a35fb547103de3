// `images LIST -o skopeo-sync`: a `skopeo sync --src yaml` file from an image list, for teams that
// mirror with skopeo. --mirror REGISTRY=LOCATION makes the file fetch REGISTRY's images from
// LOCATION (a registry that is reachable, or the one that replaced it); each entry keeps the digest
// the list pins or a lock records, so what skopeo copies is what was checked. With a destination
// the map says where `skopeo sync --scoped DEST` (and `helm airgap sync FILE DEST`, whose default
// for a file is the same naming) puts each image, under its original name: values, postrender,
// verify and kustomize --map then find it without knowing a mirror was in between.
//
// skopeo --scoped puts an image at DEST/<the file's registry key>/<repository>, and a key with a
// port (mirror.example:5000) makes a reference skopeo refuses ("invalid reference format"). Such a
// mirror is written the way skopeo can run it (and any mirror, given --registries-conf): the file
// names the original registry, and a registries.conf (containers-registries.conf(5)) sends
// skopeo's pulls to the mirror.
//
// The file's first lines say, for `helm airgap sync FILE`, what skopeo cannot read from YAML:
//   # helm-airgap origin: LOCATION=REGISTRY   images under LOCATION are REGISTRY's (the map's source)
//   # helm-airgap mirror: REGISTRY=LOCATION   REGISTRY is fetched from LOCATION (registries.conf's)
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
  /** Registry key → false: skopeo's `tls-verify` for it (a mirror with a self-signed certificate). */
  tlsVerify?: Record<string, boolean>;
  /** Registry key → folder of *.crt (CA) and *.cert/*.key (client), skopeo's `cert-dir`. */
  certDirs?: Record<string, string>;
  /** Write the mirrors as registries.conf (the only way skopeo --scoped runs a mirror with a port). */
  registriesConf?: boolean;
}

export interface SkopeoListResult {
  text: string;
  /** Original source → where the scoped sync lands it (only with a destination). */
  map: MapEntry[];
  /** For each map entry, the reference a pull really asks for (the mirror's name), to learn its digest. */
  fetch: string[];
  /** List images the lock pinned to a digest. */
  pinnedByLock: number;
  /** registries.conf text for mirrors with a port (empty when there are none). */
  registriesConf: string;
  /** Hosts with a port the file names with a scoped destination: skopeo --scoped cannot run those. */
  unscopable: string[];
}

/** The file's `# helm-airgap ...` lines, read back by sync (app/sync/skopeo-yaml.ts). */
export const ORIGIN_LINE = /^# helm-airgap (origin|mirror): (\S+)=(\S+)\s*$/;

export function skopeoSyncFromList(entries: readonly ImageListEntry[], o: SkopeoListOptions = {}): SkopeoListResult {
  const mirrors = normaliseMirrors(o.mirrors ?? {});
  const ported = [...mirrors].filter(([, m]) => m.registry.includes(':'));
  if (ported.length && o.destination && !o.registriesConf) {
    const [registry, m] = ported[0]!;
    const at = m.path ? `${m.registry}/${m.path}` : m.registry;
    throw new UsageError(
      `--mirror ${registry}=${at}: skopeo sync --scoped cannot name an image fetched from a host with a port (it stops with "invalid reference format" at DEST/${m.registry}/...)`,
      {
        hint: `add --registries-conf FILE: the sync file then names ${registry}, and FILE sends skopeo's pulls to ${at} (skopeo --registries-conf FILE sync ...; helm airgap sync reads the same from the file)`,
      },
    );
  }
  // with a registries.conf every mirror goes there: images then land under their own names, where
  // copy, sync and push put them (verify LIST --registry finds them as verify --map does)
  const asConf = new Set(o.registriesConf ? mirrors.keys() : []);
  const locked = new Map((o.lock?.images ?? []).map((i) => [stripDigest(i.ref), i.digest]));
  const doc: Record<string, { images: Record<string, string[]>; 'tls-verify'?: boolean; 'cert-dir'?: string }> = {};
  const map: MapEntry[] = [];
  const fetch: string[] = [];
  const used = new Set<string>();
  let pinnedByLock = 0;
  for (const e of entries) {
    const digest = e.ref.digest ?? locked.get(stripDigest(e.image));
    if (!e.ref.digest && digest) pinnedByLock++;
    const pulled = fetchedFrom(e.ref, mirrors);
    if (mirrors.has(e.ref.registry)) used.add(e.ref.registry);
    // a registries.conf mirror: the file names the image itself, and skopeo asks the mirror
    const from = asConf.has(e.ref.registry) ? { registry: e.ref.registry, repository: e.ref.repository } : pulled;
    const selector = digest ?? e.ref.tag ?? 'latest';
    const list = ((doc[from.registry] ??= { images: {} }).images[from.repository] ??= []);
    if (!list.includes(selector)) list.push(selector);
    if (o.destination) {
      const t = o.destination;
      const repository = toTargetRepository(from, targetPath(t), 'full');
      const at = digest ? { registry: t.host, repository, digest } : { registry: t.host, repository, tag: selector };
      map.push({ source: formatReference(e.ref), destination: formatReference(at), ...(digest ? { digest } : {}) });
      fetch.push(formatReference({ registry: pulled.registry, repository: pulled.repository, ...(digest ? { digest } : { tag: selector }) }));
    }
  }
  const confHosts = new Set([...asConf].map((r) => mirrors.get(r)!.registry));
  for (const [key, verify] of Object.entries(o.tlsVerify ?? {})) if (!confHosts.has(key)) registryEntry(doc, key, '--tls-verify')['tls-verify'] = verify;
  for (const [key, dir] of Object.entries(o.certDirs ?? {})) registryEntry(doc, key, '--cert-dir')['cert-dir'] = dir;
  const header = [...used].sort().map((registry) => {
    const m = mirrors.get(registry)!;
    const at = m.path ? `${m.registry}/${m.path}` : m.registry;
    return asConf.has(registry) ? `# helm-airgap mirror: ${registry}=${at}` : `# helm-airgap origin: ${at}=${registry}`;
  });
  const conf = [...asConf].sort().map((registry) => {
    const m = mirrors.get(registry)!;
    const insecure = o.tlsVerify?.[m.registry] === false ? '\ninsecure = true' : '';
    return `[[registry]]\nlocation = "${registry}"\n[[registry.mirror]]\nlocation = "${m.path ? `${m.registry}/${m.path}` : m.registry}"${insecure}\n`;
  });
  const unscopable = [...new Set(Object.keys(doc).filter((k) => k.split('/')[0]!.includes(':') && o.destination))].sort();
  return { text: `${header.map((l) => `${l}\n`).join('')}${stringify(doc)}`, map, fetch, pinnedByLock, registriesConf: conf.join('\n'), unscopable };
}

/** The file's entry for a registry a flag names: it must be one the file fetches from. */
function registryEntry<T>(doc: Record<string, T>, key: string, flag: string): T {
  const entry = doc[key];
  if (!entry)
    throw new UsageError(`${flag} ${key}=...: the file fetches nothing from ${key}`, {
      hint: `name a registry the file has: ${Object.keys(doc).join(', ') || '(none)'}`,
    });
  return entry;
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
