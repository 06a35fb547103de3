// Charts stored in OCI registries (protocols.md §7.5): oci://host/path/name, the version as a
// tag with `+` written `_`, constraints resolved over the listed tags (strict semver, as Helm).
// The manifest and config bytes are kept as served so the chart keeps its digest in the bundle.
import { Readable } from 'node:stream';
import type { Ctx, Descriptor } from '../oci/content.js';
import { readAllBounded, parseManifest } from '../oci/manifest.js';
import { MediaType } from '../oci/media-types.js';
import { parseReference } from '../oci/reference.js';
import { ChartError, wrapError } from '../util/errors.js';
import type { ChartCache } from './chart-cache.js';
import { readChartArchiveInfo, withArchiveInfo } from './chart-meta.js';
import type { RawBlob, ResolvedChart } from './resolved-chart.js';
import { isExactVersion, isStrictSemver, resolveVersion } from './resolve-version.js';

/** What chart pulling needs of a registry repository (RemoteRepository has it). */
export interface ChartRepository {
  fetchReference(ref: string, c?: Ctx): Promise<{ descriptor: Descriptor; bytes: Uint8Array }>;
  fetch(d: Descriptor, c?: Ctx): Promise<Readable>;
  listTags(c?: Ctx): Promise<string[]>;
}

export interface ChartRegistry {
  /** A repository by full name, e.g. "127.0.0.1:5000/charts/demo". */
  repository(name: string): ChartRepository;
}

const LEGACY_CHART_LAYER = 'application/tar+gzip';
/** A chart archive larger than this is refused before it is read (Helm: 100 MiB too). */
export const MAX_CHART_BYTES = 100 * 1024 * 1024;

export interface OciChartRequest {
  /** oci://host[:port]/path/name[:version] */
  ref: string;
  version?: string;
  devel?: boolean;
}

/** Splits oci://host/path/name[:tag] into the repository name and an optional tag-as-version. */
export function parseOciChartRef(ref: string): { name: string; chartName: string; version?: string } {
  const body = ref.replace(/^oci:\/\//, '');
  const r = parseReference(body);
  if (r.digest) throw new ChartError(`${ref}: charts are pulled by version, not digest`, { hint: 'write oci://host/path/name with --version' });
  const name = `${r.registry}/${r.repository}`;
  return { name, chartName: r.repository.split('/').pop()!, version: r.tag?.replace(/_/g, '+') };
}

export async function fetchOciChart(req: OciChartRequest, registry: ChartRegistry, cache: ChartCache, ctx: Ctx = {}): Promise<ResolvedChart> {
  const { name, chartName, version: inRef } = parseOciChartRef(req.ref);
  const repo = registry.repository(name);
  const version = await pickVersion(repo, req.version ?? inRef, req.devel, `oci://${name}`, ctx);
  const what = `oci://${name}:${version}`;
  const { descriptor, bytes } = await repo.fetchReference(version.replace(/\+/g, '_'), ctx).catch((e: unknown) => {
    throw wrapError(`chart ${what}`, e);
  });
  const m = parseManifest(bytes, descriptor.mediaType, what);
  if (m.config?.mediaType !== MediaType.helmConfig) {
    throw new ChartError(`${what}: not a Helm chart (config media type ${m.config?.mediaType ?? 'none'})`, {
      hint: 'oci:// chart sources must be pushed with helm push',
    });
  }
  const layer = m.layers.find((l) => l.mediaType === MediaType.helmChart || l.mediaType === LEGACY_CHART_LAYER);
  if (!layer) throw new ChartError(`${what}: the manifest has no chart layer (${MediaType.helmChart})`);
  const config = await readBlob(repo, m.config, 4 * 1024 * 1024, what, ctx);
  const hex = layer.digest.replace(/^sha256:/, '');
  let archivePath = await cache.lookup(hex);
  const archive = archivePath ? await cache.read(hex) : await readBlob(repo, layer, MAX_CHART_BYTES, what, ctx).then((b) => b.bytes);
  if (!archivePath) archivePath = (await cache.put(archive, what, hex)).path;
  const info = await readChartArchiveInfo(archive, what);
  if (info.metadata.name !== chartName) throw new ChartError(`${what}: the archive holds chart "${info.metadata.name}", not "${chartName}"`);
  return withArchiveInfo(
    {
      name: info.metadata.name,
      version: info.metadata.version,
      appVersion: info.metadata.appVersion,
      digest: layer.digest,
      archivePath,
      source: { kind: 'oci', ref: `oci://${name}` },
      metadata: info.metadata,
      ociArtifact: { manifest: { mediaType: descriptor.mediaType, digest: descriptor.digest, size: bytes.length, bytes }, config },
    },
    info,
  );
}

async function pickVersion(repo: ChartRepository, wanted: string | undefined, devel: boolean | undefined, where: string, ctx: Ctx): Promise<string> {
  if (wanted && isExactVersion(wanted)) return wanted;
  let tags: string[];
  try {
    tags = await repo.listTags(ctx);
  } catch (e) {
    throw wrapError(`chart ${where}: listing tags to resolve version ${JSON.stringify(wanted ?? '*')}`, e);
  }
  const versions = tags.map((t) => t.replace(/_/g, '+')).filter(isStrictSemver);
  return resolveVersion(versions, wanted, { devel, what: `chart ${where}` });
}

async function readBlob(repo: ChartRepository, d: Descriptor, max: number, what: string, ctx: Ctx): Promise<RawBlob> {
  if (d.size > max) throw new ChartError(`${what}: blob ${d.digest} is ${d.size} bytes, over the ${max}-byte limit`);
  const bytes = await readAllBounded(await repo.fetch(d, ctx), d.size, `${what} ${d.digest}`);
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, bytes };
}
