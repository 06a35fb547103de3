// The image map: where each image went (pure). `push`, `copy`, `sync`, `mirrors` and `serve
// --write-map` write it; `values`, `postrender`, `verify` and `kustomize` take it with `--map FILE`
// (`copy --from-map FILE` copies each image from its destination under its source's name), so nothing
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
import { AirgapError, UsageError } from '../util/errors.js';
import { checkMovePlan } from '../oci/move-plan.js';
import { readMapLines } from './image-map-lines.js';

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

  /** `registries`: how the writer reached each destination host; `file`: where the map was read, named in errors. */
  constructor(
    readonly entries: readonly MapEntry[],
    registries: readonly MapRegistry[] = [],
    readonly file?: string,
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
 * A map and a bundle's lock (source reference → digest) that name one image with two digests
 * cannot both be right: pinning the map's would deploy what the bundle never carried, the lock's
 * what the destination may not serve. Either way the user has the wrong map for this bundle.
 */
export function checkMapAgainstLock(map: ImageMap, locked: ReadonlyMap<string, string>): void {
  const clashes: string[] = [];
  for (const [ref, lockDigest] of locked) {
    const e = map.lookup(ref) ?? map.lookup(withoutDigest(ref));
    if (e?.digest && e.digest !== lockDigest) clashes.push(`  ${ref}: the map says ${e.digest}, the lock ${lockDigest}`);
  }
  if (clashes.length === 0) return;
  const shown = clashes.length > 20 ? [...clashes.slice(0, 20), `  … and ${clashes.length - 20} more`] : clashes;
  throw new AirgapError(`${map.file ?? 'the image map'}: ${clashes.length} image(s) with another digest than the bundle's lock:\n${shown.join('\n')}`, {
    code: 'ERR_MAP_LOCK_DIGEST',
    hint: 'give the map written by the push of this bundle (push BUNDLE --write-map FILE), or re-run the transfer that wrote this map',
  });
}

function withoutDigest(ref: string): string {
  try {
    const r = parseReference(ref);
    return r.tag && r.digest ? formatReference({ ...r, digest: undefined }) : ref;
  } catch {
    return ref;
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

/**
 * Later entries win for the same source (a re-run's answer replaces the last run's), and for the
 * same tag: a later run that wrote another image there replaced what an earlier entry records.
 */
export function mergeImageMaps(...maps: readonly (readonly MapEntry[])[]): MapEntry[] {
  const out = new Map<string, MapEntry>();
  const byTag = new Map<string, MapEntry[]>();
  for (const m of maps)
    for (const e of m) {
      if (!isByDigest(e.destination)) {
        // the entries of other sources at this tag stay only where they agree on its digest
        const here = (byTag.get(e.destination) ?? []).filter((x) => x.source !== e.source);
        const agree = here.filter((x) => out.get(x.source) === x && x.digest !== undefined && x.digest === e.digest);
        for (const x of here) if (!agree.includes(x) && out.get(x.source) === x) out.delete(x.source);
        byTag.set(e.destination, [...agree, e]);
      }
      out.set(e.source, e);
    }
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
  // read again only for a map that has the key, and then only from the key on when the entries
  // were read line by line (a large map's entries are parsed once, never as a YAML tree)
  const at = /^registries:/m.exec(text);
  if (!at) return { entries, registries: [] };
  const lines = readMapLines(text);
  const part = lines?.registriesAt !== undefined ? text.slice(lines.registriesAt) : text;
  if (part.length > MAX_YAML_MAP_BYTES) throw mapTooLarge(file, part.length, MAX_YAML_MAP_BYTES, 'the registries: of an image map');
  const root = parseDocument(part).toJS({ maxAliasCount: 100 }) as { registries?: unknown } | null;
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

/**
 * Reads a map of this format or an older `mirrors --write-map` file; errors name the file and entry.
 * A source with two destinations, or a tag with two sources, is an error (oci/move-plan.ts).
 */
export function parseImageMap(text: string, file: string): MapEntry[] {
  if (text.length > MAX_MAP_BYTES) throw mapTooLarge(file, text.length, MAX_MAP_BYTES, 'an image map');
  const lines = readMapLines(text);
  if (lines) {
    if (lines.entries.length > MAX_ENTRIES) throw new UsageError(`${file}: more than ${MAX_ENTRIES} images`, { hint: mapHint });
    return checkedMap(
      lines.entries.map((e, i) => toEntry(e, `${file}: images[${i}]`)),
      (i) => `${file}: images[${i}]`,
      file,
    );
  }
  // hand-written or older maps: the YAML library holds about forty times the text
  if (text.length > MAX_YAML_MAP_BYTES) throw mapTooLarge(file, text.length, MAX_YAML_MAP_BYTES, 'an image map not in the shape --write-map writes');
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new UsageError(`${file}:${e.linePos?.[0]?.line ?? 1}: not YAML: ${e.message.split('\n')[0]}`, { hint: mapHint });
  }
  const root = doc.toJS({ maxAliasCount: 100 }) as { images?: unknown } | null;
  const images = root?.images;
  if (Array.isArray(images)) {
    if (images.length > MAX_ENTRIES) throw new UsageError(`${file}: more than ${MAX_ENTRIES} images`, { hint: mapHint });
    return checkedMap(
      images.map((e, i) => toEntry(e, `${file}: images[${i}]`)),
      (i) => `${file}: images[${i}]`,
      file,
    );
  }
  if (images !== null && typeof images === 'object') {
    const entries = fromMirrorMap(images as Record<string, unknown>, file);
    return checkedMap(entries, (i) => `${file}: images.${entries[i]!.source}`, file);
  }
  throw new UsageError(`${file}: expected "images:", a list of {source, destination, digest}`, { hint: mapHint });
}

const mapHint = 'write it with --write-map FILE of push, copy, sync or mirrors';

/** A map read whole: tens of thousands of images with their platforms fit in a few megabytes. */
export const MAX_MAP_BYTES = 32 * 1024 * 1024;
const MAX_YAML_MAP_BYTES = 4 * 1024 * 1024;

export function mapTooLarge(file: string, size: number, limit: number, what: string): UsageError {
  return new UsageError(`${file}: ${what} of ${size} bytes is over the ${limit} byte limit`, {
    hint: 'split the transfer into several runs, each with its own --write-map, and give each command the map of its images',
  });
}

/** Each source once with one destination and digest, each tag from one source (or sources agreeing on its digest); exact repeats dropped. */
function checkedMap(entries: MapEntry[], where: (i: number) => string, file: string): MapEntry[] {
  const moves = entries.map((e, i) => ({
    entry: e,
    source: e.source,
    destination: e.destination,
    where: where(i),
    byDigest: isByDigest(e.destination),
    ...(e.digest ? { content: e.digest } : {}),
  }));
  return checkMovePlan(moves, file, `keep one entry per source and per destination; ${mapHint}`).map((m) => m.entry);
}

function isByDigest(destination: string): boolean {
  const r = parseReference(destination);
  return r.tag === undefined && r.digest !== undefined;
}

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
