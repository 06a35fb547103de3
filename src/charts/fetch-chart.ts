// Charts from HTTP(S) repositories: index.yaml → the version Helm would pick → the archive,
// checked against the index digest and kept in the content-addressed cache.
import { readRegular } from '../util/safe-fs.js';
import { redactUrl } from '../registry/errors.js';
import type { Ctx } from '../util/ctx.js';
import { logTo } from '../util/ctx.js';
import { AirgapError, ChartError } from '../util/errors.js';
import { sha256Hex, type ChartCache } from './chart-cache.js';
import { readChartArchiveInfo, withArchiveInfo } from './chart-meta.js';
import { httpGet, prepareRepoTls, repoHttpClient, repoLoginHint, type RepoHttpOptions } from './http-get.js';
import { indexUrl, indexVersions, parseRepoIndex, resolveChartUrl, type RepoIndex } from './repo-index.js';
import type { ResolvedChart } from './resolved-chart.js';
import { resolveVersion } from './resolve-version.js';

export interface RepoChartRequest {
  name: string;
  repo: string;
  version?: string;
  devel?: boolean;
}

/** Downloads and parses a repository's index.yaml; an unreachable repo is a clear ChartError. */
export async function fetchRepoIndex(repo: string, http: RepoHttpOptions, ctx: Ctx = {}): Promise<RepoIndex> {
  const url = indexUrl(repo);
  await prepareRepoTls(repo, http);
  const client = repoHttpClient(repo, http);
  let bytes: Uint8Array;
  try {
    bytes = await httpGet(client, url, ctx, 64 * 1024 * 1024);
  } catch (e) {
    const status = (e as { status?: number }).status;
    throw new ChartError(`chart repository ${redactUrl(repo)}: cannot read index.yaml: ${(e as Error).message}`, {
      code: 'ERR_REPO_UNREACHABLE',
      hint:
        (status === 401 || status === 403 ? repoLoginHint(repo, http) : undefined) ??
        (e as AirgapError).hint ??
        (status === 404 || status === 410
          ? `no index.yaml at ${redactUrl(url)}: give the URL of the folder holding index.yaml, as helm repo add takes it`
          : 'check the repository URL and that it is reachable from here'),
      cause: e,
    });
  }
  return parseRepoIndex(Buffer.from(bytes).toString('utf8'), redactUrl(url));
}

export async function fetchRepoChart(req: RepoChartRequest, http: RepoHttpOptions, cache: ChartCache, ctx: Ctx = {}): Promise<ResolvedChart> {
  const where = redactUrl(req.repo);
  const index = await fetchRepoIndex(req.repo, http, ctx);
  const versions = indexVersions(index, req.name, where).filter((v) => v.urls.length > 0);
  const chosen = resolveVersion(
    versions.map((v) => v.version),
    req.version,
    { devel: req.devel, what: `chart "${req.name}" in ${where}` },
  );
  const entry = versions.find((v) => v.version === chosen)!;
  const url = resolveChartUrl(req.repo, entry.urls[0]!);
  const what = `chart ${req.name}-${chosen} from ${redactUrl(url)}`;
  let path = await cache.lookup(entry.digest);
  let bytes: Uint8Array;
  if (path) {
    logTo(ctx, 'debug', `${what}: cached`);
    bytes = await readRegular(path);
  } else {
    bytes = await httpGet(repoHttpClient(req.repo, http), url, ctx).catch((e: unknown) => {
      const status = (e as { status?: number }).status;
      throw new ChartError(`${what}: download failed: ${(e as Error).message}`, {
        hint:
          (status === 401 || status === 403 ? repoLoginHint(req.repo, http) : undefined) ??
          (e as AirgapError).hint ??
          (status === 404 || status === 410
            ? `the repository's index.yaml lists ${req.name} ${chosen} but the server has no such archive: pick another --version, or ask the repository's owner to fix the index`
            : 'check that the repository host is reachable from here and re-run; the cache keeps what was fetched'),
        cause: e,
      });
    });
    path = (await cache.put(bytes, what, entry.digest)).path;
  }
  const info = await readChartArchiveInfo(bytes, what);
  if (info.metadata.name !== req.name) {
    throw new ChartError(`${what}: the archive holds chart "${info.metadata.name}", not "${req.name}"`);
  }
  const hex = sha256Hex(bytes);
  return withArchiveInfo(
    {
      name: info.metadata.name,
      version: info.metadata.version,
      appVersion: info.metadata.appVersion,
      digest: `sha256:${hex}`,
      archivePath: path,
      source: { kind: 'repo', repo: where, url: redactUrl(url) },
      metadata: info.metadata,
    },
    info,
  );
}

/**
 * A repository chart's provenance file (the archive's URL + .prov, where `helm package --sign`
 * puts it and `helm pull --verify` looks); undefined when the repository has none.
 */
export async function fetchProvenance(archiveUrl: string, repo: string, http: RepoHttpOptions, ctx: Ctx = {}): Promise<string | undefined> {
  try {
    return Buffer.from(await httpGet(repoHttpClient(repo, http), `${archiveUrl}.prov`, ctx, 1 << 20)).toString('utf8');
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404 || status === 410) return undefined;
    throw e;
  }
}
