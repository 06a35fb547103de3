// Manifests and indexes parsed for their graph while the raw bytes stay untouched: digests are
// over the bytes a registry sent, so nothing here is ever re-serialised.
import { AirgapError } from '../util/errors.js';
import type { Ctx, Descriptor, Fetcher } from './content.js';
import { verifyBytes } from './digest.js';
import { formatPlatform } from './platform.js';
import { manifestKind, MediaType } from './media-types.js';

/** Registries must accept 4 MB manifests; anything bigger is refused before it is read whole. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export class ManifestError extends AirgapError {
  constructor(message: string, opts: { hint?: string; code?: string; cause?: unknown } = {}) {
    super(message, { code: opts.code ?? 'ERR_MANIFEST', ...opts });
  }
}

export interface Manifest {
  kind: 'index' | 'manifest';
  /** Media type from the descriptor, else the body's mediaType field, else guessed from shape. */
  mediaType: string;
  raw: Uint8Array;
  config?: Descriptor;
  layers: Descriptor[];
  /** Children of an index. */
  manifests: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

interface ManifestJson {
  schemaVersion?: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** Parses manifest bytes; `what` names it in errors. Schema 1 is refused with what to do. */
export function parseManifest(raw: Uint8Array, mediaType: string | undefined, what: string): Manifest {
  if (raw.length > MAX_MANIFEST_BYTES) throw new ManifestError(`${what}: manifest is ${raw.length} bytes, over the ${MAX_MANIFEST_BYTES} byte limit`);
  let json: ManifestJson;
  try {
    json = JSON.parse(Buffer.from(raw).toString('utf8')) as ManifestJson;
  } catch (e) {
    throw new ManifestError(`${what}: manifest is not JSON`, { cause: e });
  }
  if (typeof json !== 'object' || json === null) throw new ManifestError(`${what}: manifest is not a JSON object`);
  const type = mediaType ?? json.mediaType ?? (json.manifests ? MediaType.ociIndex : MediaType.ociManifest);
  const kind = manifestKind(type) ?? (json.schemaVersion === 1 ? 'schema1' : undefined);
  if (kind === 'schema1' || json.schemaVersion === 1) {
    throw new ManifestError(`${what}: Docker schema 1 manifests are not supported`, {
      code: 'ERR_SCHEMA1',
      hint: 'schema 1 is deprecated and cannot be copied with its digest; rebuild or re-push the image with a current Docker or buildah (schema 2 / OCI)',
    });
  }
  if (kind === undefined) throw new ManifestError(`${what}: ${type} is not a manifest or index media type`);
  return {
    kind,
    mediaType: type,
    raw,
    config: descriptorOf(json.config, what, 'config'),
    layers: arrayOf(json.layers, what, 'layers'),
    manifests: arrayOf(json.manifests, what, 'manifests'),
    subject: descriptorOf(json.subject, what, 'subject'),
    artifactType: json.artifactType,
    annotations: json.annotations,
  };
}

function arrayOf(v: unknown, what: string, field: string): Descriptor[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ManifestError(`${what}: "${field}" is not a list`);
  v.forEach((d, i) => descriptorOf(d, what, `${field}[${i}]`));
  return v as Descriptor[];
}

/** Every descriptor the graph walk follows is checked here: a config of {} once reached it as undefined fields. */
function descriptorOf(d: unknown, what: string, field: string): Descriptor | undefined {
  if (d === undefined) return undefined;
  const x = d as Partial<Descriptor> | null;
  if (typeof x?.digest !== 'string' || typeof x?.size !== 'number' || typeof x?.mediaType !== 'string') {
    throw new ManifestError(`${what}: ${field} is not a descriptor (mediaType, digest, size)`);
  }
  return x as Descriptor;
}

/** What a node points at: an index's children; a manifest's config and layers (subject excluded). */
export function successors(m: Manifest): Descriptor[] {
  if (m.kind === 'index') return m.manifests;
  return m.config ? [m.config, ...m.layers] : m.layers;
}

/** Fetches a manifest whole (bounded), verifies size and digest, and parses it. */
export async function fetchManifest(src: Fetcher, d: Descriptor, what: string, c?: Ctx): Promise<Manifest> {
  if (d.size > MAX_MANIFEST_BYTES) throw new ManifestError(`${what}: manifest size ${d.size} is over the ${MAX_MANIFEST_BYTES} byte limit`);
  const raw = await readAllBounded(await src.fetch(d, c), d.size, what);
  verifyBytes(d, raw, what);
  return parseManifest(raw, d.mediaType, what);
}

/** Reads a stream whole, failing once it passes `limit` bytes (never buffers more than that). */
export async function readAllBounded(body: AsyncIterable<Uint8Array>, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > limit) throw new ManifestError(`${what}: more than the expected ${limit} bytes`);
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

/** The platform manifests an index lists (os/arch[/variant] and digest); [] for a single manifest. */
export async function platformChildren(src: Fetcher, d: Descriptor, what: string, c?: Ctx): Promise<{ platform: string; digest: string }[]> {
  if (!/index|manifest\.list/.test(d.mediaType)) return [];
  const m = await fetchManifest(src, d, what, c);
  return m.manifests.filter((x) => x.platform && x.platform.os !== 'unknown').map((x) => ({ platform: formatPlatform(x.platform), digest: x.digest }));
}
