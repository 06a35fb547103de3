// The image map: where each image went (pure). `push`, `copy`, `sync` and `mirrors --write-map`
// write it; `values`, `postrender`, `verify` and `kustomize` take it with `--map FILE`, so nothing
// downstream has to know which naming or which tool moved the images:
//
//   apiVersion: helm-airgap/v1
//   kind: ImageMap
//   images:
//     - source: docker.io/milvusdb/milvus:v2.4.4
//       destination: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/m/docker.io/milvusdb/milvus:v2.4.4
//       digest: sha256:...            # what the destination serves (the source's, unchanged)
//       platforms:                    # each platform child of an index
//         - { platform: linux/amd64, digest: sha256:... }
//   registries:                       # how each destination host is reached (never a login)
//     - { host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com, kind: ecr, region: eu-west-1, endpoint: https://... }
//
// `source` is the image's own name, before any --mirror said where to fetch it from; `digest` is
// what was transferred (or, for a file another tool runs, what the source served when it was written).
// The mirror map of earlier releases (`images: {SOURCE: MIRROR}`) is still read, without digests.
import { parseDocument, stringify } from 'yaml';
import { formatReference, parseReference } from '../oci/reference.js';
import { UsageError } from '../util/errors.js';

export interface MapPlatform {
  platform: string;
  digest: string;
}

export interface MapEntry {
  /** Normalised source reference. */
  source: string;
  /** Normalised destination reference. */
  destination: string;
  /** The manifest digest the destination serves; absent in old mirror maps. */
  digest?: string;
  platforms?: MapPlatform[];
}

/** How a destination host is reached: what `--type`, `--endpoint-url` and `--region` said to the writer. */
export interface MapRegistry {
  host: string;
  kind: RegistryKind;
  /** The ECR API endpoint (a VPC endpoint, FIPS, an ECR-compatible stand-in). */
  endpoint?: string;
  region?: string;
}

/** The target kinds of ecr/target.ts, spelled here so the map (a lower layer) can carry them. */
export type RegistryKind = 'ecr' | 'ecr-public' | 'oci';
const KINDS: readonly RegistryKind[] = ['ecr', 'ecr-public', 'oci'];

export const IMAGE_MAP_KIND = { apiVersion: 'helm-airgap/v1', kind: 'ImageMap' } as const;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const MAX_ENTRIES = 1_000_000;

/** Entries by normalised source; lookups also find a pinned source by digest or by its tag alone. */
export class ImageMap {
  readonly #bySource = new Map<string, MapEntry>();
  readonly #registries: Map<string, MapRegistry>;

  constructor(
    readonly entries: readonly MapEntry[],
    registries: readonly MapRegistry[] = [],
  ) {
    for (const e of entries) this.#bySource.set(e.source, e);
    this.#registries = new Map(registries.map((r) => [r.host, r]));
  }

  /** How the writer reached `host`, where it said. */
  registry(host: string): MapRegistry | undefined {
    return this.#registries.get(host);
  }

  get registries(): MapRegistry[] {
    return [...this.#registries.values()];
  }

  get size(): number {
    return this.#bySource.size;
  }

  /** The entry for an image as a chart or manifest spells it ("nginx:1.27" finds docker.io/library/nginx:1.27). */
  lookup(ref: string): MapEntry | undefined {
    let r;
    try {
      r = parseReference(ref);
    } catch {
      return undefined;
    }
    const exact = this.#bySource.get(formatReference(r));
    if (exact) return exact;
    if (r.digest) {
      // a chart pinning tag@digest, where the list named the tag, or the digest alone
      const byTag = r.tag ? this.#bySource.get(formatReference({ ...r, digest: undefined })) : undefined;
      if (byTag && (!byTag.digest || byTag.digest === r.digest)) return byTag;
      return this.#bySource.get(formatReference({ ...r, tag: undefined }));
    }
    return undefined;
  }

  /** Where `ref` points after the move, spelled with its own tag and digest where the map keeps them. */
  mapRef(ref: string): string | undefined {
    const e = this.lookup(ref);
    if (!e) return undefined;
    const r = parseReference(ref);
    const d = parseReference(e.destination);
    return formatReference({ ...d, ...(r.digest ? { digest: e.digest ?? r.digest } : {}) });
  }
}

/**
 * An entry from what a transfer reports: `target` as HOST/PATH[:TAG]@DIGEST. The destination keeps
 * the tag (what a values file or kustomization names) and the digest goes beside it.
 */
export function toMapEntry(source: string, target: string, platforms: readonly MapPlatform[] = []): MapEntry {
  const s = parseReference(source);
  const t = parseReference(target);
  const destination = formatReference(t.tag ? { ...t, digest: undefined } : t);
  return { source: formatReference(s), destination, ...(t.digest ? { digest: t.digest } : {}), ...(platforms.length ? { platforms: [...platforms] } : {}) };
}

/** Later entries win for the same source (a re-run's answer replaces the last run's). */
export function mergeImageMaps(...maps: readonly (readonly MapEntry[])[]): MapEntry[] {
  const out = new Map<string, MapEntry>();
  for (const m of maps) for (const e of m) out.set(e.source, e);
  return [...out.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** Later entries win for the same host. */
export function mergeMapRegistries(...lists: readonly (readonly MapRegistry[])[]): MapRegistry[] {
  const out = new Map<string, MapRegistry>();
  for (const l of lists) for (const r of l) out.set(r.host, r);
  return [...out.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

export function formatImageMap(entries: readonly MapEntry[], o: { writer: string; at: Date; registries?: readonly MapRegistry[] }): string {
  const header = [
    `# helm-airgap image map: where each image went, written by ${o.writer} at ${o.at.toISOString()}`,
    '# use with: helm airgap values|postrender|verify|kustomize ... --map THIS_FILE',
  ];
  const images = mergeImageMaps(entries).map((e) => ({
    source: e.source,
    destination: e.destination,
    ...(e.digest ? { digest: e.digest } : {}),
    ...(e.platforms?.length ? { platforms: e.platforms.map((p) => ({ platform: p.platform, digest: p.digest })) } : {}),
  }));
  const registries = mergeMapRegistries(o.registries ?? []).map((r) => ({
    host: r.host,
    kind: r.kind,
    ...(r.region ? { region: r.region } : {}),
    ...(r.endpoint ? { endpoint: r.endpoint } : {}),
  }));
  return `${header.join('\n')}\n${stringify({ ...IMAGE_MAP_KIND, images, ...(registries.length ? { registries } : {}) }, { lineWidth: 0, flowCollectionPadding: true })}`;
}

/** A map file's entries and the registries it says how to reach. */
export interface ParsedImageMap {
  entries: MapEntry[];
  registries: MapRegistry[];
}

export function parseImageMapFile(text: string, file: string): ParsedImageMap {
  const entries = parseImageMap(text, file);
  // read again only for a map that has the key (a large map's entries are parsed once)
  if (!/^registries:/m.test(text)) return { entries, registries: [] };
  const root = parseDocument(text).toJS({ maxAliasCount: 100 }) as { registries?: unknown } | null;
  return { entries, registries: toRegistries(root?.registries, file) };
}

function toRegistries(raw: unknown, file: string): MapRegistry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new UsageError(`${file}: registries: expected a list of {host, kind, endpoint, region}`, { hint: mapHint });
  return raw.map((r, i) => {
    const where = `${file}: registries[${i}]`;
    const o = (r ?? {}) as Record<string, unknown>;
    if (typeof o.host !== 'string' || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(o.host)) throw new UsageError(`${where}.host: expected HOST[:PORT]`, { hint: mapHint });
    if (!KINDS.includes(o.kind as RegistryKind)) throw new UsageError(`${where}.kind: expected one of ${KINDS.join(', ')}`, { hint: mapHint });
    for (const k of ['endpoint', 'region'] as const)
      if (o[k] !== undefined && typeof o[k] !== 'string') throw new UsageError(`${where}.${k}: expected a string`, { hint: mapHint });
    if (typeof o.endpoint === 'string' && !/^https?:\/\/[^\s@]+$/.test(o.endpoint))
      throw new UsageError(`${where}.endpoint: expected an http(s) URL without a login`, { hint: mapHint });
    return {
      host: o.host,
      kind: o.kind as RegistryKind,
      ...(typeof o.endpoint === 'string' ? { endpoint: o.endpoint } : {}),
      ...(typeof o.region === 'string' ? { region: o.region } : {}),
    };
  });
}

/** Reads a map of this format or an older `mirrors --write-map` file; errors name the file and entry. */
export function parseImageMap(text: string, file: string): MapEntry[] {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new UsageError(`${file}:${e.linePos?.[0]?.line ?? 1}: not YAML: ${e.message.split('\n')[0]}`, { hint: mapHint });
  }
  const root = doc.toJS({ maxAliasCount: 100 }) as { images?: unknown } | null;
  const images = root?.images;
  if (Array.isArray(images)) {
    if (images.length > MAX_ENTRIES) throw new UsageError(`${file}: more than ${MAX_ENTRIES} images`, { hint: mapHint });
    return images.map((e, i) => toEntry(e, `${file}: images[${i}]`));
  }
  if (images !== null && typeof images === 'object') return fromMirrorMap(images as Record<string, unknown>, file);
  throw new UsageError(`${file}: expected "images:", a list of {source, destination, digest}`, { hint: mapHint });
}

const mapHint = 'write it with --write-map FILE of push, copy, sync or mirrors';

function toEntry(raw: unknown, where: string): MapEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(`${where}: expected {source, destination, digest}`, { hint: mapHint });
  const o = raw as Record<string, unknown>;
  const source = normalised(o.source, `${where}.source`);
  const destination = normalised(o.destination, `${where}.destination`);
  const digest = o.digest === undefined ? undefined : checkedDigest(o.digest, `${where}.digest`);
  const platforms =
    o.platforms === undefined
      ? undefined
      : Array.isArray(o.platforms)
        ? o.platforms.map((p, j) => {
            const q = (p ?? {}) as Record<string, unknown>;
            if (typeof q.platform !== 'string') throw new UsageError(`${where}.platforms[${j}].platform: expected os/arch`, { hint: mapHint });
            return { platform: q.platform, digest: checkedDigest(q.digest, `${where}.platforms[${j}].digest`) };
          })
        : (() => {
            throw new UsageError(`${where}.platforms: expected a list`, { hint: mapHint });
          })();
  return { source, destination, ...(digest ? { digest } : {}), ...(platforms ? { platforms } : {}) };
}

function fromMirrorMap(images: Record<string, unknown>, file: string): MapEntry[] {
  return Object.entries(images).map(([source, mirror]) => {
    const where = `${file}: images.${source}`;
    const s = normalised(source, where);
    const m = normalised(mirror, where);
    const r = parseReference(s);
    const d = parseReference(m);
    if ((r.tag ?? '') !== (d.tag ?? '') || (r.digest ?? '') !== (d.digest ?? ''))
      throw new UsageError(`${where} → ${m}: a mirror keeps the tag and digest`, {
        hint: 'only repositories change; regenerate with helm airgap mirrors --write-map',
      });
    return { source: s, destination: m };
  });
}

function normalised(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new UsageError(`${where}: expected a reference string`, { hint: mapHint });
  try {
    return formatReference(parseReference(v));
  } catch (e) {
    throw new UsageError(`${where}: ${(e as Error).message}`, { hint: mapHint });
  }
}

function checkedDigest(v: unknown, where: string): string {
  if (typeof v !== 'string' || !DIGEST_RE.test(v)) throw new UsageError(`${where}: expected sha256:<64 hex digits>`, { hint: mapHint });
  return v;
}
