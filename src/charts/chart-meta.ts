// Reads what bundling needs from a chart archive: Chart.yaml (name, version, dependencies) and
// requirements.yaml / Chart.lock, through the chart model's untrusted-archive reader.
import { parse as parseYaml } from 'yaml';
import { parseChartArchive } from '../helm/chart-archive.js';
import type { ChartFile, ChartMetadata, Dependency } from '../helm/chart-types.js';
import { ChartError } from '../util/errors.js';

export interface ChartArchiveInfo {
  metadata: ChartMetadata;
  /** Chart.yaml dependencies, or requirements.yaml's for apiVersion v1. */
  dependencies: Dependency[];
  /** Chart.lock (or requirements.lock) resolved versions by name. */
  locked: Dependency[];
  /** Names of archives and folders already vendored under charts/. */
  vendored: string[];
  files: ChartFile[];
}

export async function readChartArchiveInfo(bytes: Uint8Array, label: string): Promise<ChartArchiveInfo> {
  const files = await parseChartArchive(bytes, label);
  return chartInfoFromFiles(files, label);
}

export function chartInfoFromFiles(files: ChartFile[], label: string): ChartArchiveInfo {
  const get = (name: string) => files.find((f) => f.name === name);
  const chartYaml = get('Chart.yaml');
  if (!chartYaml) throw new ChartError(`${label}: no Chart.yaml`, { hint: 'is this a Helm chart archive?' });
  const metadata = yamlRecord(chartYaml, label) as unknown as ChartMetadata;
  if (!metadata.name || !metadata.version) throw new ChartError(`${label}: Chart.yaml needs name and version`);
  metadata.version = String(metadata.version);
  if (metadata.appVersion !== undefined) metadata.appVersion = String(metadata.appVersion);
  const req = get('requirements.yaml');
  const dependencies = (metadata.dependencies ?? (req ? (yamlRecord(req, label).dependencies as Dependency[]) : undefined) ?? []).map(normDep);
  const lockFile = get('Chart.lock') ?? get('requirements.lock');
  const locked = ((lockFile ? (yamlRecord(lockFile, label).dependencies as Dependency[]) : undefined) ?? []).map(normDep);
  const vendored = [...new Set(files.filter((f) => /^charts\/[^/]+/.test(f.name)).map((f) => f.name.split('/')[1]!))];
  return { metadata, dependencies, locked, vendored, files };
}

function normDep(d: Dependency): Dependency {
  return { ...d, version: d.version === undefined ? undefined : String(d.version), repository: d.repository ?? '' };
}

function yamlRecord(f: ChartFile, label: string): Record<string, unknown> {
  try {
    const v = parseYaml(Buffer.from(f.data).toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch (e) {
    throw new ChartError(`${label}: ${f.name}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
}
