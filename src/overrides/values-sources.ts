// The releases `values` works on: each chart of a bundle (archive read from the bundle's layout,
// user values from its lock) or each chart argument (resolved like `images` does).
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readLock } from '../bundle/read-lock.js';
import type { LockedChart } from '../bundle/lock.js';
import { resolveChart } from '../charts/resolve-chart.js';
import type { RepoHttpOptions } from '../charts/http-get.js';
import type { Chart } from '../helm/chart-types.js';
import { loadChartArchive, readChart } from '../helm/chart-loader.js';
import type { Values } from '../helm/render-types.js';
import { readUserValues, type ValuesFlags } from '../helm/values.js';
import { ArchiveReader } from '../layout/archive-reader.js';
import { MediaType } from '../oci/media-types.js';
import { RegistryClient } from '../registry/client.js';
import type { CredentialProvider } from '../registry/credentials.js';
import type { Ctx } from '../util/ctx.js';
import { ArchiveError } from '../util/errors.js';

export interface ValuesRelease {
  chart: Chart;
  name: string;
  version: string;
  release: string;
  namespace: string;
  kubeVersion?: string;
  apiVersions?: string[];
  /** The user's values (chart defaults excluded). */
  values: Values;
  /** Bundles: the images carried (optional images get overrides only when carried). */
  carried?: ReadonlySet<string>;
}

export interface ChartArgs {
  charts: string[];
  repo?: string;
  version?: string;
  devel?: boolean;
  values?: ValuesFlags;
  /** Default: each chart's name (one override file per release). */
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  cacheDir: string;
  baseDir: string;
  credentials?: CredentialProvider;
  repoHttp?: RepoHttpOptions;
}

/** Releases of a bundle (.tar or unpacked folder); a bundle without a lock is a clear error. */
export async function bundleReleases(path: string): Promise<ValuesRelease[]> {
  const lock = await readLock(path);
  if (lock.charts.length === 0) throw new ArchiveError(`${path}: the bundle holds no charts`, { hint: 'values overrides are per chart: bundle charts, not only images' });
  // a bundle folder, or the lock file inside one: blobs sit beside the lock
  const folder = (await stat(path)).isDirectory() ? path : path.endsWith('.json') ? dirname(path) : undefined;
  const reader = folder === undefined ? await ArchiveReader.open(path) : undefined;
  const carried = new Set(lock.images.map((i) => i.ref));
  const out: ValuesRelease[] = [];
  for (const c of lock.charts) {
    const bytes = reader ? await blobFromArchive(reader, c) : await readFile(join(folder ?? path, 'blobs', ...c.digest.split(':')));
    const chart = await loadChartArchive(bytes, `${path}: chart ${c.name} ${c.version}`);
    out.push({ chart, name: c.name, version: c.version, release: c.releaseName, namespace: c.namespace, kubeVersion: c.kubeVersion, values: c.values, carried });
  }
  return out;
}

async function blobFromArchive(reader: ArchiveReader, c: LockedChart): Promise<Buffer> {
  const entry = reader.entry(`blobs/${c.digest.replace(':', '/')}`);
  if (!entry) throw new ArchiveError(`${reader.file}: chart ${c.name} ${c.version} (${c.digest}) is in the lock but not in the archive`, { hint: 'the bundle is incomplete; create it again with `helm airgap bundle`' });
  const chunks: Buffer[] = [];
  for await (const chunk of await reader.fetch({ mediaType: MediaType.helmChart, digest: c.digest, size: entry.size })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Releases for chart arguments, resolved as `images` and `bundle` resolve them. */
export async function chartArgReleases(o: ChartArgs, ctx: Ctx = {}): Promise<ValuesRelease[]> {
  const values = await readUserValues(o.values ?? {});
  const registry = new RegistryClient({ credentials: o.credentials });
  const out: ValuesRelease[] = [];
  for (const ref of o.charts) {
    // resolveChart's errors already name the chart
    const r = await resolveChart({ chart: ref, repo: o.repo, version: o.version, devel: o.devel }, { cacheDir: o.cacheDir, baseDir: o.baseDir, http: o.repoHttp, registry }, ctx);
    const chart = await readChart(r.archivePath);
    out.push({ chart, name: r.name, version: r.version, release: o.releaseName ?? r.name, namespace: o.namespace ?? 'default', kubeVersion: o.kubeVersion, apiVersions: o.apiVersions, values });
  }
  return out;
}
