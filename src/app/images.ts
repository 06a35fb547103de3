// `helm airgap images`: resolve each chart, render it with the user's values, and report every
// image it needs (default and runtime), the optional ones when asked, and the doubtful ones;
// optionally compared with a previous lock or image list (--check).

import { readFile } from 'node:fs/promises';
import { resolveChart } from '../charts/resolve-chart.js';
import type { ChartSource } from '../charts/resolved-chart.js';
import type { RepoHttpOptions } from '../charts/http-get.js';
import { readChart } from '../helm/chart-loader.js';
import type { Renderer } from '../helm/renderer.js';
import { readUserValues, type ValuesFlags } from '../helm/values.js';
import { RegistryClient } from '../registry/client.js';
import type { CredentialProvider } from '../registry/credentials.js';
import type { Ctx } from '../util/ctx.js';
import { wrapError } from '../util/errors.js';
import { discoverChartImages, type ChartImages } from './images-chart.js';
import { compareImages, type ImagesCheck } from './images-check.js';
import { groupImages, type ImageEntry } from './images-report.js';

export interface ImagesOptions {
  /** Chart names (with repo), oci:// references, folders or .tgz archives. */
  charts: string[];
  repo?: string;
  version?: string;
  devel?: boolean;
  values?: ValuesFlags;
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  /** Search optional images (toggles, annotations, values blocks). */
  optional?: boolean;
  /** Count optional images as needed (implies optional). */
  includeOptional?: boolean;
  /** A previous lock (airgap-lock.json) or image list to compare with. */
  check?: string;
  cacheDir: string;
  baseDir: string;
  credentials?: CredentialProvider;
  repoHttp?: RepoHttpOptions;
  /** Our engine (EngineRenderer) or a helm binary (HelmBinaryRenderer). */
  renderer: Renderer;
}

export interface ImagesChartReport {
  name: string;
  version: string;
  appVersion?: string;
  digest: string;
  source: ChartSource;
  releaseName: string;
  namespace: string;
}

export interface ImagesReport {
  charts: ImagesChartReport[];
  /** Needed images: default and runtime (and optional ones with includeOptional). */
  images: ImageEntry[];
  /** Images the charts can use with other values (only with optional). */
  optional: ImageEntry[];
  /** Strings that look like images where nothing says they are. */
  doubtful: ImageEntry[];
  check?: ImagesCheck;
}

export async function findImages(o: ImagesOptions, ctx: Ctx = {}): Promise<ImagesReport> {
  const values = await readUserValues(o.values ?? {});
  const optional = Boolean(o.optional || o.includeOptional);
  const registry = new RegistryClient({ credentials: o.credentials });
  const charts: ImagesChartReport[] = [];
  const found: ChartImages[] = [];
  for (const ref of o.charts) {
    const resolved = await resolveChart({ chart: ref, repo: o.repo, version: o.version, devel: o.devel }, { cacheDir: o.cacheDir, baseDir: o.baseDir, http: o.repoHttp, registry }, ctx);
    const chart = await readChart(resolved.archivePath);
    const releaseName = o.releaseName ?? 'release-name';
    const namespace = o.namespace ?? 'default';
    try {
      found.push(await discoverChartImages(chart, o.renderer, { values, releaseName, namespace, kubeVersion: o.kubeVersion, apiVersions: o.apiVersions, optional }, ctx));
    } catch (e) {
      throw wrapError(`chart ${resolved.name} ${resolved.version}`, e);
    }
    charts.push({ name: resolved.name, version: resolved.version, appVersion: resolved.appVersion, digest: resolved.digest, source: resolved.source, releaseName, namespace });
  }
  const all = groupImages(found);
  const needed = (e: ImageEntry) => e.need === 'default' || e.need === 'runtime' || (o.includeOptional === true && e.need === 'optional');
  const report: ImagesReport = {
    charts,
    images: all.filter(needed),
    optional: all.filter((e) => e.need === 'optional' && !needed(e)),
    doubtful: all.filter((e) => e.need === 'doubtful'),
  };
  if (o.check) report.check = compareImages(report.images.map((e) => e.ref), await readCheckFile(o.check), o.check, Boolean(o.includeOptional));
  return report;
}

async function readCheckFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw wrapError(`--check ${path}: cannot read`, e);
  }
}
