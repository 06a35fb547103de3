// Dependencies a chart declares but does not vendor, fetched as `helm dependency build` would:
// Chart.lock versions first, else the constraint; repositories `file://`, `oci://`,
// `@name`/`alias:name` (from a repositories map) or a plain URL. The result is a new archive
// with the fetched charts under charts/, so rendering and the bundle need no network.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Dependency } from '../helm/chart/types.js';
import type { Ctx } from '../util/ctx.js';
import { ChartError, wrapError } from '../util/errors.js';
import { ownFolder, readRegular } from '../util/safe-fs.js';
import type { ChartCache } from './chart-cache.js';
import { archiveInfoOf, type ChartArchiveInfo } from './chart-meta.js';
import type { RepoHttpOptions } from './http-get.js';
import { readLocalChart } from './local-chart.js';
import { fetchOciChart, type ChartRegistry } from './oci-chart.js';
import { packChartDir } from './package-chart.js';
import type { FetchedDependency, ResolvedChart } from './resolved-chart.js';
import { versionSatisfies } from './resolve-version.js';

export interface DependencyOptions {
  cache: ChartCache;
  http?: RepoHttpOptions;
  registry?: ChartRegistry;
  /** Repository names (as `helm repo add` knows them) → URL, for `@name` and `alias:name`. */
  repositories?: Record<string, string>;
  /** Folder that `file://` paths of the top chart are relative to (a local chart's own folder). */
  chartDir?: string;
  devel?: boolean;
}

const MAX_DEPTH = 8;

/** The chart with every missing dependency vendored (unchanged when none is missing). */
export async function vendorDependencies(chart: ResolvedChart, o: DependencyOptions, ctx: Ctx = {}, depth = 0): Promise<ResolvedChart> {
  const label = `chart ${chart.name}-${chart.version}`;
  const info = await archiveInfoOf(chart, label);
  const missing = info.dependencies.filter((d) => d.repository && !isVendored(d, info.vendored));
  if (missing.length === 0) return chart;
  if (depth >= MAX_DEPTH) throw new ChartError(`${label}: dependencies nested deeper than ${MAX_DEPTH} levels`);
  const fetched: { dep: ResolvedChart; record: FetchedDependency }[] = [];
  for (const d of missing) {
    const dep = await fetchDependency(d, info, o, ctx).catch((e: unknown) => {
      throw wrapError(`${label}: dependency ${d.name} (${d.repository})`, e);
    });
    const built = await vendorDependencies(
      dep,
      { ...o, chartDir: dep.source.kind === 'local' ? resolve(o.chartDir ?? '.', dep.source.path ?? '.') : undefined },
      ctx,
      depth + 1,
    );
    fetched.push({ dep: built, record: { name: built.name, version: built.version, repository: d.repository ?? '', digest: built.digest } });
  }
  const bytes = await repack(
    info,
    chart.name,
    fetched.map((f) => f.dep),
    o.cache.dir,
  );
  const { path, hex } = await o.cache.put(bytes, `${label} with dependencies`);
  return {
    ...chart,
    archivePath: path,
    digest: `sha256:${hex}`,
    sourceDigest: chart.sourceDigest ?? chart.digest,
    fetchedDependencies: fetched.map((f) => f.record),
  };
}

/** Helm looks for charts/<name>/ or charts/<name>-<version>.tgz (the name, not the alias). */
function isVendored(d: Dependency, vendored: string[]): boolean {
  return vendored.some((v) => v === d.name || (v.startsWith(`${d.name}-`) && v.endsWith('.tgz')));
}

async function fetchDependency(d: Dependency, info: ChartArchiveInfo, o: DependencyOptions, ctx: Ctx): Promise<ResolvedChart> {
  const repo = d.repository!;
  const locked = info.locked.find((l) => l.name === d.name && (l.repository ?? '') === repo)?.version;
  const version = locked ?? d.version;
  if (repo.startsWith('file://')) {
    const dir = resolve(o.chartDir ?? '.', repo.slice('file://'.length));
    const local = await readLocalChart(dir, '.', o.cache);
    if (d.version && !versionSatisfies(local.version, d.version)) {
      throw new ChartError(`${dir}: version ${local.version} does not satisfy ${d.version}`, {
        hint: 'change the dependency version in Chart.yaml or the chart it points at',
      });
    }
    return local;
  }
  if (repo.startsWith('oci://')) {
    if (!o.registry) throw new ChartError('oci:// dependencies need a registry client');
    return fetchOciChart({ ref: `${repo.replace(/\/+$/, '')}/${d.name}`, version, devel: o.devel }, o.registry, o.cache, ctx);
  }
  const url = repositoryUrl(repo, o.repositories ?? {});
  // loaded at its first use, as resolve-chart.ts says
  return (await import('./fetch-chart.js')).fetchRepoChart({ name: d.name, repo: url, version, devel: o.devel }, o.http ?? {}, o.cache, ctx);
}

/** `@name`, `alias:name` → the named repository's URL; URLs as they are. */
export function repositoryUrl(repo: string, repositories: Record<string, string>): string {
  const alias = repo.startsWith('@') ? repo.slice(1) : repo.startsWith('alias:') ? repo.slice('alias:'.length) : undefined;
  if (alias === undefined) {
    if (/^https?:\/\//.test(repo)) return repo;
    throw new ChartError(`no repository definition for ${repo}`, {
      hint: 'use an http(s)://, oci:// or file:// repository, or name one with --repository-config / repositories:',
    });
  }
  const url = repositories[alias];
  if (!url) {
    const known = Object.keys(repositories);
    throw new ChartError(`no repository definition for ${repo}`, {
      hint: known.length ? `known repositories: ${known.join(', ')}` : `name it: --add-repo ${alias}=https://... (or repositories: in airgap.yaml)`,
    });
  }
  return url;
}

/** The chart's files plus charts/<dep>-<version>.tgz for each fetched dependency, repacked. */
async function repack(info: ChartArchiveInfo, name: string, deps: ResolvedChart[], cacheDir: string): Promise<Uint8Array> {
  // a private folder (mkdtemp: 0700, a random name) in a checked one
  const tmp = await mkdtemp(join(ownFolder(cacheDir, 'tmp'), 'repack-'));
  try {
    for (const f of info.files) {
      await mkdir(dirname(join(tmp, f.name)), { recursive: true });
      await writeFile(join(tmp, f.name), f.data);
    }
    await mkdir(join(tmp, 'charts'), { recursive: true });
    for (const d of deps) await writeFile(join(tmp, 'charts', `${d.name}-${d.version}.tgz`), await readRegular(d.archivePath));
    return await packChartDir(tmp, name);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
