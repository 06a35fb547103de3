// `helm airgap template`: resolve the chart (folder, .tgz, repo/name, --repo, oci://) as
// `helm template` does, build the user's values as Helm does, render with our engine (or a helm
// binary) and return the documents plus `helm template`'s text output.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { localChartNotFound, readChart } from '../../helm/loader/load.js';
import type { RepoHttpOptions } from '../../charts/http-get.js';
import type { CredentialProvider } from '../../registry/credentials.js';
import { sprigFuncs } from '../../sprig/index.js';
import { TemplateSet } from '../../template/index.js';
import { formatManifests } from '../../helm/release/manifests.js';
import { EngineRenderer, HelmBinaryRenderer, type Renderer } from '../../helm/engine/renderer.js';
import type { RenderOptions, RenderReport } from '../../helm/engine/render-types.js';
import { readUserValues, type ValuesFlags } from '../../helm/values/user-values.js';
import type { Ctx } from '../../util/ctx.js';
import { UsageError } from '../../util/errors.js';

export interface TemplateOptions extends ValuesFlags, Omit<RenderOptions, 'values'> {
  /** A chart folder or .tgz, NAME/chart of a `helm repo add` repository, a name with `repo`, or oci://. */
  chart: string;
  /** Where and how to fetch a chart that is not local (absent: local charts only). */
  source?: TemplateSource;
  /** Helm's --name-template: the release name rendered from a template (e.g. `{{ randAlpha 6 | lower }}`). */
  nameTemplate?: string;
  renderer?: 'builtin' | 'helm';
  /** The helm binary for renderer 'helm' (the CLI passes $HELM_BIN). */
  helmBin?: string;
}

export interface TemplateReport extends RenderReport {
  chart: { name: string; version: string };
  /** The documents as `helm template` prints them. */
  manifest: string;
}

function pickRenderer(o: TemplateOptions): Renderer {
  if ((o.renderer ?? 'builtin') === 'builtin') return new EngineRenderer({ helmVersion: o.helmVersion });
  if (!o.helmBin) throw new UsageError('--renderer helm needs a helm binary', { hint: 'run as a helm plugin (helm sets $HELM_BIN) or use --renderer builtin' });
  return new HelmBinaryRenderer(o.helmBin);
}

export interface TemplateSource {
  repo?: string;
  version?: string;
  devel?: boolean;
  cacheDir: string;
  baseDir: string;
  repositories?: Record<string, string>;
  credentials?: CredentialProvider;
  /** Repositories' logins and TLS (helm repo add, Helm's flags). */
  repoHttp?: RepoHttpOptions;
}

export async function templateChart(o: TemplateOptions, ctx: Ctx = {}): Promise<TemplateReport> {
  const renderer = pickRenderer(o);
  const chart = await readChart(await chartPath(o, ctx));
  ctx.signal?.throwIfAborted();
  const values = await readUserValues(o);
  const {
    chart: _path,
    renderer: _r,
    helmBin: _h,
    valueFiles: _v,
    set: _s,
    setString: _ss,
    setJson: _sj,
    setFile: _sf,
    setLiteral: _sl,
    source: _src,
    nameTemplate,
    ...renderOpts
  } = o;
  const releaseName = nameTemplate === undefined ? renderOpts.releaseName : renderNameTemplate(nameTemplate);
  const report = await renderer.render(chart, { ...renderOpts, ...(releaseName === undefined ? {} : { releaseName }), values });
  return { ...report, chart: { name: chart.metadata.name, version: chart.metadata.version }, manifest: formatManifests(report.docs) };
}

/** A local chart as it is; anything else resolved (and cached) as `images` and `bundle` resolve it. */
async function chartPath(o: TemplateOptions, ctx: Ctx): Promise<string> {
  const src = o.source;
  if (!src) return o.chart;
  const local = !o.chart.startsWith('oci://') && !src.repo && (existsSync(resolve(src.baseDir, o.chart)) || !/^[^/.][^/]*\/[^/]+$/.test(o.chart));
  if (local) {
    const abs = resolve(src.baseDir, o.chart);
    // named as the user wrote it, not as the absolute path readChart would see
    if (!existsSync(abs)) throw localChartNotFound(o.chart, { code: 'ENOENT' });
    return abs;
  }
  // loaded only here: a local chart (the common case, and Helm's post-render path) never loads the
  // HTTP, TLS and registry modules; 10% of a local template's start (cert-manager)
  const [{ resolveChart }, { chartRegistry }] = await Promise.all([import('../../charts/resolve-chart.js'), import('../../charts/chart-args.js')]);
  const r = await resolveChart(
    { chart: o.chart, repo: src.repo, version: src.version, devel: src.devel },
    { cacheDir: src.cacheDir, baseDir: src.baseDir, http: src.repoHttp, registry: chartRegistry(src), repositories: src.repositories },
    ctx,
  );
  return r.archivePath;
}

/** Helm renders --name-template with text/template and Sprig (no chart, no values). */
function renderNameTemplate(text: string): string {
  const set = new TemplateSet({ funcs: sprigFuncs(), name: 'name-template' });
  try {
    set.parse('name-template', text);
    return set.execute('name-template', {});
  } catch (e) {
    throw new UsageError(`--name-template ${JSON.stringify(text)}: ${(e as Error).message}`, {
      hint: 'e.g. --name-template "{{ randAlpha 6 | lower }}"',
      cause: e,
    });
  }
}
