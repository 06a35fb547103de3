// The chart half of `bundle`: resolve each chart (repo, oci://, local; dependencies vendored),
// build its user values, render it and discover its images. A chart that fails is named; with
// keepGoing the others go on and the run ends partial.
import type { Values } from '../../helm/engine/render-types.js';
import { resolveChart, type ResolveChartOptions } from '../../charts/resolve-chart.js';
import type { ResolvedChart } from '../../charts/resolved-chart.js';
import type { ChartSpec } from '../../bundle/spec.js';
import type { FoundImage } from '../../bundle/image-plan.js';
import type { ImageFinder } from '../scan/finder.js';
import { specUserValues } from '../../bundle/spec-values.js';
import { loadResolvedChart } from '../../charts/chart-meta.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError, wrapError } from '../../util/errors.js';
import type { LockedSignature } from '../../bundle/lock.js';
import type { CarriedArtifact } from './images.js';

export type { FindImagesRequest, ImageFinder } from '../scan/finder.js';

export interface BundledChart {
  spec: ChartSpec;
  chart: ResolvedChart;
  values: Values;
  releaseName: string;
  namespace: string;
  found: FoundImage[];
  /** The .prov (or an OCI chart's cosign signatures) that satisfied the signature policy. */
  signatures?: LockedSignature[];
  /** An OCI chart's signature manifests, in the cache, carried beside it. */
  artifacts?: CarriedArtifact[];
}

export interface ChartFailure {
  item: string;
  error: AirgapError;
}

export interface ChartStepOptions {
  resolve: ResolveChartOptions;
  findImages: ImageFinder;
  keepGoing: boolean;
  /** Search optional images too (always on: the lock names them even when not bundled). */
  optional: boolean;
  /** The signature policy's check of a resolved chart (bundle.ts: trust/, kept out of images' start). */
  checkChart?: (chart: ResolvedChart, ctx: Ctx) => Promise<{ signatures?: LockedSignature[]; artifacts?: CarriedArtifact[] } | undefined>;
}

export async function prepareCharts(specs: ChartSpec[], o: ChartStepOptions, ctx: Ctx): Promise<{ charts: BundledChart[]; failures: ChartFailure[] }> {
  const charts: BundledChart[] = [];
  const failures: ChartFailure[] = [];
  for (const [n, spec] of specs.entries()) {
    try {
      charts.push(await prepareOne(spec, n, o, ctx));
    } catch (e) {
      const err = e instanceof AirgapError && e.message.startsWith('chart ') ? e : wrapError(`chart ${spec.chart}`, e);
      if (!o.keepGoing) throw err;
      failures.push({ item: spec.chart, error: err });
    }
  }
  const together = o.findImages.across?.(ctx);
  for (const c of charts) c.found.push(...(together?.get(c.chart) ?? []));
  return { charts, failures };
}

async function prepareOne(spec: ChartSpec, n: number, o: ChartStepOptions, ctx: Ctx): Promise<BundledChart> {
  // one unit per release: thousands of GitOps releases of one chart are counted as what they are
  const id = `chart:${n}:${spec.chart}`;
  ctx.onProgress?.({ type: 'start', id, label: spec.releaseName ? `${spec.releaseName} (${spec.chart})` : spec.chart });
  const { chart, values, releaseName, namespace, kubeVersion } = await chartSpecRender(spec, o.resolve, ctx);
  // checked before the render: a chart the policy refuses is not even looked into
  const trust = await o.checkChart?.(chart, ctx);
  let found: FoundImage[];
  try {
    found = await o.findImages({ chart, values, releaseName, namespace, kubeVersion, optional: o.optional }, ctx);
  } catch (e) {
    throw wrapError(`chart ${chart.name} ${chart.version}: render failed`, e);
  }
  ctx.onProgress?.({ type: 'done', id, label: `${chart.name} ${chart.version} (${found.length} image sites)` });
  return { spec, chart, values, releaseName, namespace, found, ...trust };
}

/** One chart of a spec, resolved, with the values and release it is rendered with. */
export interface ChartSpecRender {
  chart: ResolvedChart;
  values: Values;
  releaseName: string;
  namespace: string;
  kubeVersion?: string;
}

/**
 * A spec's chart as `bundle` renders it (and `images --spec`, so both name the same images):
 * its own values, valuesFiles, set, release name (default: the chart's name) and namespace.
 */
export async function chartSpecRender(spec: ChartSpec, o: ResolveChartOptions, ctx: Ctx): Promise<ChartSpecRender> {
  const chart = await resolveChart({ chart: spec.chart, repo: spec.repo, version: spec.version, devel: spec.devel }, o, ctx);
  const values = await specUserValues(spec, o.baseDir, () => loadResolvedChart(chart));
  return { chart, values, releaseName: spec.releaseName ?? chart.name, namespace: spec.namespace ?? 'default', kubeVersion: spec.kubeVersion };
}
