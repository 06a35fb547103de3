// A chart as a Helm OCI artifact (protocols.md §7.5): config = Chart.yaml metadata as JSON,
// one layer = the .tgz, OCI annotations from the metadata. Charts pulled from a registry keep
// their manifest and config bytes as served, so their digests survive the trip.
import { Readable } from 'node:stream';
import type { Descriptor, Target } from '../oci/content.js';
import { sha256Of } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import type { ChartMetadata } from '../helm/chart/types.js';
import type { Ctx } from '../util/ctx.js';
import { openRegular } from '../util/safe-fs.js';
import type { ChartArtifactBlobs, RawBlob, ResolvedChart } from './resolved-chart.js';

/** Go's field order of Helm's chart.Metadata, which json.Marshal follows. */
const METADATA_ORDER = [
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
] as const;

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === '' ||
    v === false ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && Object.keys(v as object).length === 0)
  );
}

export function formatChartConfig(meta: ChartMetadata): Uint8Array {
  const out: Record<string, unknown> = {};
  for (const k of METADATA_ORDER) {
    const v = (meta as unknown as Record<string, unknown>)[k];
    if (!isEmpty(v)) out[k] = v;
  }
  return Buffer.from(JSON.stringify(out));
}

function blob(mediaType: string, bytes: Uint8Array): RawBlob {
  return { mediaType, digest: sha256Of(bytes), size: bytes.length, bytes };
}

function chartAnnotations(meta: ChartMetadata): Record<string, string> {
  const a: Record<string, string> = { ...(meta.annotations ?? {}) };
  const set = (k: string, v: string | undefined) => {
    if (v) a[`org.opencontainers.image.${k}`] = v;
  };
  set('title', meta.name);
  set('version', meta.version);
  set('description', meta.description);
  set('url', meta.home);
  set('source', meta.sources?.[0]);
  set(
    'authors',
    (meta.maintainers ?? [])
      .map((m) => (m.email ? `${m.name} (${m.email})` : (m.name ?? '')))
      .filter(Boolean)
      .join(', ') || undefined,
  );
  return a;
}

/** Builds config + manifest for a chart archive of `size` bytes with digest `digest`. */
export function toChartArtifact(meta: ChartMetadata, layer: Descriptor): ChartArtifactBlobs {
  const config = blob(MediaType.helmConfig, formatChartConfig(meta));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
    annotations: chartAnnotations(meta),
  };
  return { manifest: blob(MediaType.ociManifest, Buffer.from(JSON.stringify(manifest))), config };
}

/** Stores a resolved chart as a Helm OCI artifact in `dst` and tags it `ref`; returns the manifest descriptor. */
export async function pushChartArtifact(dst: Target, chart: ResolvedChart, size: number, ref: string, ctx: Ctx = {}): Promise<Descriptor> {
  const layer: Descriptor = { mediaType: MediaType.helmChart, digest: chart.digest, size };
  const art = chart.ociArtifact && !chart.fetchedDependencies?.length ? chart.ociArtifact : toChartArtifact(chart.metadata, layer);
  // the archive is the chart cache's: no link followed, no FIFO waited on
  await pushIfMissing(dst, layer, async () => (await openRegular(chart.archivePath)).createReadStream(), ctx);
  const configDesc = describe(art.config);
  await pushIfMissing(dst, configDesc, () => Readable.from([Buffer.from(art.config.bytes)]), ctx);
  const manifestDesc = describe(art.manifest);
  await pushIfMissing(dst, manifestDesc, () => Readable.from([Buffer.from(art.manifest.bytes)]), ctx);
  const tagged: Descriptor = { ...manifestDesc, annotations: { 'org.opencontainers.image.ref.name': ref }, artifactType: MediaType.helmConfig };
  await dst.tag(tagged, ref, ctx);
  return manifestDesc;
}

function describe(b: RawBlob): Descriptor {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

async function pushIfMissing(dst: Target, d: Descriptor, body: () => Readable | Promise<Readable>, ctx: Ctx): Promise<void> {
  if (await dst.exists(d, ctx)) return;
  await dst.push(d, await body(), ctx);
}
