// One entry for every chart source: oci:// references, a name with an HTTP(S) repository (or
// `repoName/chart` from a repositories map), or a local folder/archive; then the dependencies
// it declares but does not vendor. Returns a local archive plus what the lock records.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Ctx } from '../util/ctx.js';
import { logTo } from '../util/ctx.js';
import { AirgapError, UsageError, wrapError } from '../util/errors.js';
import { ChartCache } from './chart-cache.js';
import { vendorDependencies } from './fetch-dependencies.js';
import type { RepoHttpOptions } from './http-get.js';
import { readLocalChart } from './local-chart.js';
import { fetchOciChart, type ChartRegistry } from './oci-chart.js';
import type { ChartRequest, ResolvedChart } from './resolved-chart.js';

export interface ResolveChartOptions {
  /** Content-addressed cache folder (charts/sha256/...). */
  cacheDir: string;
  /** Folder relative local paths are taken from. */
  baseDir: string;
  /** HTTP policy (credentials, insecure hosts) for `repo` and dependency repositories. */
  http?: RepoHttpOptions;
  /** Registry client for oci:// charts and dependencies (RegistryClient fits). */
  registry?: ChartRegistry;
  /** Named repositories for `name/chart`, `@name` and `alias:name`. */
  repositories?: Record<string, string>;
}

export async function resolveChart(spec: ChartRequest, o: ResolveChartOptions, ctx: Ctx = {}): Promise<ResolvedChart> {
  const cache = new ChartCache(o.cacheDir);
  try {
    const chart = await resolveTop(spec, o, cache, ctx);
    logTo(ctx, 'debug', `chart ${spec.chart}: ${chart.name} ${chart.version} (${chart.digest})`);
    const chartDir = chart.source.kind === 'local' ? resolve(o.baseDir, spec.chart) : undefined;
    return await vendorDependencies(chart, { cache, http: o.http, registry: o.registry, repositories: o.repositories, chartDir, devel: spec.devel }, ctx);
  } catch (e) {
    // errors that already name the chart need no second prefix
    if (e instanceof AirgapError && e.message.includes(`"${spec.chart}"`)) throw e;
    throw wrapError(`chart ${spec.chart}`, e);
  }
}

// A chart repository's fetcher (and the HTTP client under it: Node's http, https, tls and net) is
// loaded when a chart comes from one: images and values of a local chart never use it.
async function resolveTop(spec: ChartRequest, o: ResolveChartOptions, cache: ChartCache, ctx: Ctx): Promise<ResolvedChart> {
  if (spec.chart.startsWith('oci://')) {
    if (!o.registry) throw new Error('oci:// charts need a registry client');
    return fetchOciChart({ ref: spec.chart, version: spec.version, devel: spec.devel }, o.registry, cache, ctx);
  }
  if (spec.repo) {
    const repo = repoUrlOf(spec.repo, o.repositories);
    return (await import('./fetch-chart.js')).fetchRepoChart({ name: spec.chart, repo, version: spec.version, devel: spec.devel }, o.http ?? {}, cache, ctx);
  }
  const named = /^([^/.][^/]*)\/([^/]+)$/.exec(spec.chart);
  const repoUrl = named ? o.repositories?.[named[1]!] : undefined;
  // Helm's LocateChart: an existing local path wins over repo/name
  if (named && repoUrl && !(await pathExists(resolve(o.baseDir, spec.chart))))
    return (await import('./fetch-chart.js')).fetchRepoChart(
      { name: named[2]!, repo: repoUrl, version: spec.version, devel: spec.devel },
      o.http ?? {},
      cache,
      ctx,
    );
  return readLocalChart(spec.chart, o.baseDir, cache);
}

/**
 * --repo (or `repo:` in a spec) as a URL. Helm takes only a URL there; the name of a repository
 * added with `helm repo add` is taken too (it can only mean that one), anything else says what to pass.
 */
function repoUrlOf(repo: string, repositories: Record<string, string> = {}): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(repo)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    if (URL.canParse(repo)) return repo;
    throw new UsageError(`repository ${repo} is not a valid URL`, { hint: 'write it as https://HOST[:PORT]/PATH, as helm repo add takes it' });
  }
  if (scheme === 'oci') {
    throw new UsageError(`repository ${repo}: --repo takes an HTTP(S) chart repository`, {
      hint: `give the chart itself as ${repo.replace(/\/$/, '')}/CHART (no --repo), as helm does for OCI registries`,
    });
  }
  if (!scheme && repositories[repo]) return repositories[repo]!;
  const known = Object.keys(repositories).sort();
  throw new UsageError(`repository "${repo}" is not a URL${scheme ? '' : ' nor the name of a repository added with helm repo add'}`, {
    hint:
      `pass the chart repository's URL (--repo https://charts.example.com), or the name of a repository from helm repo add` +
      (known.length > 0 ? ` (here: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ' (none is added here: helm repo add NAME URL)'),
  });
}

function pathExists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
