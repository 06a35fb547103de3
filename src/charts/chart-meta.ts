// Reads what bundling needs from a chart archive: Chart.yaml (name, version, dependencies),
// requirements.yaml / Chart.lock, through the chart model's untrusted-archive reader and its
// Chart.yaml parser. What a resolver read stays with the chart it resolved, for vendoring and
// loading (loadResolvedChart).
import { basename } from 'node:path';
import { parseChartArchive } from '../helm/loader/archive.js';
import { loadChartFiles, readChart } from '../helm/loader/load.js';
import { parseChartYaml, parseRequirementsYaml, validateMetadata } from '../helm/chart/metadata.js';
import type { Chart, ChartFile, ChartMetadata, Dependency } from '../helm/chart/types.js';
import type { ResolvedChart } from './resolved-chart.js';
import { ChartError } from '../util/errors.js';
import { readRegularSync } from '../util/safe-fs.js';

export interface ChartArchiveInfo {
  metadata: ChartMetadata;
  /** Chart.yaml dependencies, or requirements.yaml's for apiVersion v1. */
  dependencies: Dependency[];
  /** Chart.lock (or requirements.lock) resolved versions. */
  locked: Dependency[];
  /** Names of archives and folders already vendored under charts/ (e.g. "demo-1.2.0.tgz", "sub"). */
  vendored: string[];
  files: ChartFile[];
}

export async function readChartArchiveInfo(bytes: Uint8Array, label: string): Promise<ChartArchiveInfo> {
  return chartInfoFromFiles(await parseChartArchive(bytes, label), label);
}

// A resolver has read the archive it returns: vendoring its dependencies and loading it read the
// same bytes again otherwise (a local chart's discovery inflated and parsed its archive and its
// Chart.yaml three times). Kept with the resolved chart, so it lives as long as that.
const READ = new WeakMap<ResolvedChart, ChartArchiveInfo>();

/** The resolved chart, with what its resolver read of its archive (`archivePath` holds those bytes). */
export function withArchiveInfo<T extends ResolvedChart>(chart: T, info: ChartArchiveInfo): T {
  READ.set(chart, info);
  return chart;
}

/** What the resolver read of this chart's archive, else the archive read now. */
export function archiveInfoOf(chart: ResolvedChart, label: string): Promise<ChartArchiveInfo> {
  const info = READ.get(chart);
  return info ? Promise.resolve(info) : readChartArchiveInfo(readRegularSync(chart.archivePath), label);
}

/** The resolved chart loaded, from the files its resolver read when it has them. */
export async function loadResolvedChart(chart: ResolvedChart): Promise<Chart> {
  const info = READ.get(chart);
  if (!info) return readChart(chart.archivePath);
  const loaded = await loadChartFiles(info.files, basename(chart.archivePath));
  loaded.path = chart.archivePath;
  return loaded;
}

const text = (f: ChartFile) => Buffer.from(f.data).toString('utf8');

export function chartInfoFromFiles(files: ChartFile[], label: string): ChartArchiveInfo {
  const get = (name: string) => files.find((f) => f.name === name);
  const chartYaml = get('Chart.yaml');
  if (!chartYaml) throw new ChartError(`${label}: no Chart.yaml`, { hint: 'is this a Helm chart archive?' });
  const metadata = parseChartYaml(text(chartYaml), `${label}/Chart.yaml`);
  validateMetadata(metadata, `chart ${label}`);
  const req = get('requirements.yaml');
  const dependencies = metadata.dependencies ?? (req ? parseRequirementsYaml(text(req), `${label}/requirements.yaml`) : undefined) ?? [];
  const lockFile = get('Chart.lock') ?? get('requirements.lock');
  const locked = (lockFile ? parseRequirementsYaml(text(lockFile), `${label}/${lockFile.name}`) : undefined) ?? [];
  const vendored = [...new Set(files.filter((f) => /^charts\/[^/]+/.test(f.name)).map((f) => f.name.split('/')[1]!))];
  return { metadata, dependencies, locked, vendored, files };
}
