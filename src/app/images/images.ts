// `helm airgap images`: resolve each chart, render it with the user's values, and report every
// image it needs (default and runtime), the optional ones when asked, and the doubtful ones;
// optionally compared with a previous lock or image list (--check).

import { readFile } from 'node:fs/promises';
import { resolveChart } from '../../charts/resolve-chart.js';
import type { ChartSource } from '../../charts/resolved-chart.js';
import { loadResolvedChart } from '../../charts/chart-meta.js';
import { readUserValues } from '../../helm/values/user-values.js';
import type { ChartRegistry } from '../../charts/oci-chart.js';
import { chartRegistry } from '../../charts/chart-args.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError, wrapError } from '../../util/errors.js';
import type { Values } from '../../helm/engine/render-types.js';
import { discoverChartImages, withNodeOs } from '../scan/chart-images.js';
import type { ChartImages } from '../scan/chart-images-types.js';
import type { ChartArgs } from '../../charts/chart-args.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { compareImages, type ImagesCheck } from './check.js';
import { groupImages, type ImageEntry } from './report.js';
import { unreadableInput } from '../../util/input-file.js';
import type { BundleSpec } from '../../bundle/spec.js';
import { matchesImageGlob, normaliseImage } from '../../bundle/image-plan.js';
import type { ResolvedChart } from '../../charts/resolved-chart.js';
import { chartSpecRender, type ChartSpecRender } from '../bundle/charts.js';
import { explainImages, type ImagesExplained } from './explain.js';
import { applyOperatorDefaults, chartOwnWarning, type OperatorWarning } from '../../discover/operators/index.js';
import { newAudit } from '../../discover/verdicts/index.js';
import type { CredentialProvider } from '../../registry/credentials.js';
import type { ScanSummary } from '../scan/controller-evidence.js';
import {
  catalogDifferences,
  unverifiedControllers,
  type CatalogDifference,
  type ControllerScan,
  type UnverifiedController,
} from '../../discover/evidence/index.js';

export interface ImagesOptions extends ChartArgs {
  /** Search optional images (toggles, annotations, values blocks). */
  optional?: boolean;
  /** Count optional images as needed (implies optional). */
  includeOptional?: boolean;
  /** A previous lock (airgap-lock.json) or image list to compare with. */
  check?: string;
  /** Report a chart that cannot be resolved or rendered and go on with the others. */
  keepGoing?: boolean;
  /** Our engine (EngineRenderer) or a helm binary (HelmBinaryRenderer). */
  renderer: Renderer;
  /**
   * --spec airgap.yaml: its charts, each rendered as `bundle` renders it, with its extra images
   * and without its excludes (relative paths from baseDir, the spec's folder).
   */
  spec?: { spec: BundleSpec; baseDir: string };
  /** Audit every image-shaped string with its verdict and where it came from (implies optional). */
  explain?: boolean;
  /** --node-os: the OS of the nodes (ubuntu24.04, rhel9), for tags an operator completes from the node's (discover/operators/index.ts nodeOsTags). */
  nodeOs?: string[];
  /**
   * --scan-images: read the image of each controller that can make workloads for the images its
   * program compiles in, each confirmed at its registry (reached with these settings).
   */
  scanImages?: { credentials?: CredentialProvider; insecureHosts?: string[]; mirrors?: Record<string, string>; from?: string };
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
  /** Needed images a values override cannot move (at one site or more): a pipeline's cue for postrender or kustomize. */
  hardcoded: string[];
  check?: ImagesCheck;
  /** Charts skipped under keepGoing, with why. */
  failures: { item: string; error: string; hint?: string }[];
  /** With explain: every candidate of every chart with its verdict. */
  explain?: ImagesExplained;
  /**
   * Operators the charts run (or whose resources they render) that pull images by compiled-in
   * defaults the operator defaults table does not know for their version: those are not listed.
   */
  warnings: OperatorWarning[];
  /** Controllers that can make workloads whose compiled-in images neither the catalog nor evidence accounts for. */
  unverifiedControllers: UnverifiedController[];
  /** With scanImages: each controller image read, what it gave and what it cost. */
  scans?: ScanSummary[];
  /** With scanImages: controllers the catalog read whose programs hold confirmed images it does not list (each added as builtin). */
  catalogDifferences?: CatalogDifference[];
}

export async function findImages(o: ImagesOptions, ctx: Ctx = {}): Promise<ImagesReport> {
  const values = await readUserValues(o.values ?? {});
  const includeOptional = Boolean(o.includeOptional || o.spec?.spec.includeOptional);
  const optional = Boolean(o.optional || includeOptional || o.explain);
  const registry = chartRegistry(o);
  const charts: ImagesChartReport[] = [];
  const found: ChartImages[] = [];
  const failures: ImagesReport['failures'] = [];
  const renders: { item: string; label: string; render: () => Promise<ChartSpecRender> }[] = [
    ...o.charts.map((ref) => ({ item: ref, label: ref, render: () => commandLineRender(ref, o, values, registry, ctx) })),
    ...(o.spec?.spec.charts ?? []).map((c) => ({
      item: c.chart,
      label: c.releaseName ? `${c.releaseName} (${c.chart})` : c.chart,
      render: () => chartSpecRender(c, specResolve(o, registry), ctx),
    })),
  ];
  // each render is an item of the run's progress: thousands of GitOps releases take minutes, and a
  // bar (a TTY) or a plain line every few seconds (CI) says how far along they are
  if (renders.length > 1) ctx.onProgress?.({ type: 'plan', items: renders.length });
  for (const [n, { item, label, render }] of renders.entries()) {
    const id = `render:${n}`;
    if (renders.length > 1) ctx.onProgress?.({ type: 'start', id, label, item: true });
    try {
      const one = await chartImages(await render(), o, optional, ctx);
      charts.push(one.chart);
      found.push(one.images);
    } catch (e) {
      if (!o.keepGoing) throw e;
      failures.push({ item, error: (e as Error).message, hint: e instanceof AirgapError ? e.hint : undefined });
    } finally {
      if (renders.length > 1) ctx.onProgress?.({ type: 'done', id });
    }
  }
  if (found.length > 1) found.splice(0, found.length, ...withOperatorsAcross(found));
  found.splice(0, found.length, ...found.map((f) => withNodeOs(f, o.nodeOs ?? [])));
  const scans = o.scanImages ? await readControllerImages(found, o.scanImages, ctx) : undefined;
  const all = withSpecImages(groupImages(found), o.spec?.spec);
  const needed = (e: ImageEntry) => e.need === 'default' || e.need === 'runtime' || e.need === 'extra' || (includeOptional && e.need === 'optional');
  const report: ImagesReport = {
    charts,
    images: all.filter(needed),
    optional: all.filter((e) => e.need === 'optional' && !needed(e)),
    doubtful: all.filter((e) => e.need === 'doubtful'),
    hardcoded: all.filter((e) => needed(e) && e.hardcoded).map((e) => e.ref),
    failures,
    warnings: found.flatMap((f) => f.warnings),
    unverifiedControllers: unverifiedOf(found, scans?.scans),
    ...(scans ? { scans: scans.summaries, catalogDifferences: scans.differences } : {}),
  };
  if (o.explain) report.explain = explainImages(found);
  if (o.check)
    report.check = compareImages(
      report.images.map((e) => e.ref),
      await readCheckFile(o.check),
      o.check,
      includeOptional,
      charts.map((c) => c.name),
      Boolean(o.spec),
    );
  return report;
}

/** The controllers' images read (app/scan/controller-evidence.ts, loaded only for a scan), their confirmed images added to each chart's sites. */
async function readControllerImages(found: ChartImages[], settings: NonNullable<ImagesOptions['scanImages']>, ctx: Ctx) {
  const [{ RegistryClient }, ev] = await Promise.all([import('../../registry/client.js'), import('../scan/controller-evidence.js')]);
  const registry = ev.registryScanner(new RegistryClient(settings));
  const local = settings.from ? await ev.localScanner(settings.from, registry) : undefined;
  let scans;
  try {
    // every controller that can make workloads, those the catalog read too: what their programs hold is checked against it
    scans = await ev.scanControllers(found, local ?? registry, ctx, new Map(), true);
  } finally {
    await local?.close();
  }
  const differences = found.flatMap((f) => catalogDifferences(f.controllers ?? [], scans, f.sites));
  found.splice(0, found.length, ...found.map((f) => ev.withEvidence(f, scans)));
  return { scans, summaries: ev.scanSummaries(scans), differences };
}

/**
 * Several charts in one run are installed together: an operator one deploys reconciles the
 * resources another renders, so the operator defaults table is applied over all of them, its
 * sites and warnings in place of each chart's own.
 */
function withOperatorsAcross(found: readonly ChartImages[]): ChartImages[] {
  const run = applyOperatorDefaults(found.map((f) => f.operators));
  const own = found.map((f) => ({ ...f, sites: f.sites.filter((s) => s.site !== 'builtin'), warnings: f.warnings.filter(chartOwnWarning) }));
  const audit = found.some((f) => f.audit) ? { audit: newAudit() } : {};
  return [...own, { sites: run.sites, optional: [], values: {}, warnings: run.warnings, operators: { byEntry: new Map() }, ...audit }];
}

/** The spec's extra images added and its excludes applied, as `bundle` plans them (planImages). */
function withSpecImages(all: ImageEntry[], spec: BundleSpec | undefined): ImageEntry[] {
  if (!spec) return all;
  const out = [...all];
  for (const raw of spec.images) {
    const ref = normaliseImage(raw);
    const cur = out.find((e) => e.ref === ref);
    if (!cur) out.push({ ref, raw, need: 'extra', toggles: [], valuesPaths: [], sites: [] });
    else if (cur.need !== 'default' && cur.need !== 'runtime') cur.need = 'extra';
  }
  return out.filter((e) => !spec.exclude.some((g) => matchesImageGlob(g, e.ref)));
}

function specResolve(o: ImagesOptions, registry: ChartRegistry) {
  return { cacheDir: o.cacheDir, baseDir: o.spec!.baseDir, http: o.repoHttp, registry, repositories: o.repositories };
}

function unverifiedOf(found: readonly ChartImages[], scans: ReadonlyMap<string, ControllerScan> | undefined): UnverifiedController[] {
  return found.flatMap((f) => unverifiedControllers(f.controllers ?? [], scans));
}

async function commandLineRender(ref: string, o: ImagesOptions, values: Values, registry: ChartRegistry, ctx: Ctx): Promise<ChartSpecRender> {
  const chart: ResolvedChart = await resolveChart(
    { chart: ref, repo: o.repo, version: o.version, devel: o.devel },
    { cacheDir: o.cacheDir, baseDir: o.baseDir, http: o.repoHttp, registry, repositories: o.repositories },
    ctx,
  );
  return { chart, values, releaseName: o.releaseName ?? 'release-name', namespace: o.namespace ?? 'default', kubeVersion: o.kubeVersion };
}

async function chartImages(r: ChartSpecRender, o: ImagesOptions, optional: boolean, ctx: Ctx): Promise<{ chart: ImagesChartReport; images: ChartImages }> {
  const resolved = r.chart;
  const chart = await loadResolvedChart(resolved);
  const { releaseName, namespace } = r;
  let images: ChartImages;
  try {
    images = await discoverChartImages(
      chart,
      o.renderer,
      { values: r.values, releaseName, namespace, kubeVersion: r.kubeVersion, apiVersions: o.apiVersions, optional, audit: o.explain },
      ctx,
    );
  } catch (e) {
    throw wrapError(`chart ${resolved.name} ${resolved.version}`, e);
  }
  const info = {
    name: resolved.name,
    version: resolved.version,
    appVersion: resolved.appVersion,
    digest: resolved.digest,
    source: resolved.source,
    releaseName,
    namespace,
  };
  return { chart: info, images };
}

async function readCheckFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw unreadableInput('--check', path, e);
  }
}
