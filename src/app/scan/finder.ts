// Discovery as `bundle` consumes it: the ImageFinder seam of src/app/bundle-charts.ts, with each
// site flattened into the lock's FoundImage (doubtful sites stay doubtful: never bundled unless named).

import type { FoundImage } from '../../bundle/image-plan.js';
import type { ImageSite } from '../../discover/image-site.js';
import { toImageRef } from '../../discover/image-ref.js';
import { loadResolvedChart } from '../../charts/chart-meta.js';
import { EngineRenderer, type Renderer } from '../../helm/engine/renderer.js';
import type { ResolvedChart } from '../../charts/resolved-chart.js';
import type { Values } from '../../helm/engine/render-types.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { discoverChartImages, withNodeOs } from './chart-images.js';
import type { ChartImages } from './chart-images-types.js';
import { applyOperatorDefaults, chartOwnWarning, type OperatorWarning } from '../../discover/operators/index.js';
import { unverifiedControllers, type ControllerScan, type ScanDeps, type UnverifiedController } from '../../discover/evidence/index.js';
import { scanControllers, scanSummaries, withEvidence, type ScanSummary } from './controller-evidence.js';

export interface FindImagesRequest {
  chart: ResolvedChart;
  values: Values;
  releaseName: string;
  namespace: string;
  kubeVersion?: string;
  /** Also search toggles/annotations/values blocks for optional images. */
  optional: boolean;
}

/**
 * Renders a resolved chart and returns every image it needs (and, when asked, could need).
 * `across`, called once every chart of the run has been found, returns what the charts need
 * together (an operator one deploys pulls defaults for the resources another renders), by chart.
 */
export type ImageFinder = ((req: FindImagesRequest, ctx: Ctx) => Promise<FoundImage[]>) & {
  across?: (ctx: Ctx) => Map<ResolvedChart, FoundImage[]>;
  /** With a scanner: the controller images read so far and the controllers left unverified. */
  evidence?: () => { scans: ScanSummary[]; unverifiedControllers: UnverifiedController[] };
};

/** nodeOs: bundle --node-os, the OS of the nodes for tags an operator completes from the node's. */
export function chartImageFinder(renderer: Renderer = new EngineRenderer(), nodeOs: readonly string[] = [], scanner?: ScanDeps): ImageFinder {
  const seen: { chart: ResolvedChart; found: ChartImages; operatorWarnings: OperatorWarning[] }[] = [];
  const scans = new Map<string, ControllerScan>();
  const unverified: UnverifiedController[] = [];
  const find: ImageFinder = async (req, ctx) => {
    const chart = await loadResolvedChart(req.chart);
    const discovered = await discoverChartImages(
      chart,
      renderer,
      {
        values: req.values,
        releaseName: req.releaseName,
        namespace: req.namespace,
        kubeVersion: req.kubeVersion,
        optional: req.optional,
      },
      ctx,
    );
    let found = withNodeOs(discovered, nodeOs);
    // the controllers' own images, read for what their programs compile in (each once per run)
    if (scanner) {
      for (const [k, v] of await scanControllers([found], scanner, ctx, scans)) scans.set(k, v);
      found = withEvidence(found, scans);
    }
    unverified.push(...unverifiedControllers(found.controllers ?? [], scanner ? scans : undefined));
    seen.push({ chart: req.chart, found, operatorWarnings: discovered.warnings });
    return toFoundImages(found);
  };
  // the lock cannot carry what the operator defaults table does not know: said where bundle runs,
  // once the whole run is known (another chart may deploy the operator a chart's resources want)
  find.across = (ctx) => {
    const run = seen.length > 1 ? applyOperatorDefaults(seen.map((s) => s.found.operators)) : undefined;
    const own = new Set(seen.flatMap((s) => s.found.sites.filter((x) => x.site === 'builtin').map((x) => `${x.source.template}\0${x.ref}`)));
    const out = new Map<ResolvedChart, FoundImage[]>();
    for (const site of run?.sites ?? []) {
      if (own.has(`${site.source.template}\0${site.ref}`)) continue;
      const at = seen.find((s) => [...s.found.operators.byEntry.values()].some((e) => [...e.operators, ...e.resources].some((x) => x.source === site.source)));
      if (at) out.set(at.chart, [...(out.get(at.chart) ?? []), ...toFoundImages({ ...at.found, sites: [site], optional: [] })]);
    }
    // a CRD's tagless default, a schema by address: the chart's own, not the run's table
    const operatorWarnings = run
      ? [...run.warnings, ...seen.flatMap((s) => s.operatorWarnings.filter(chartOwnWarning))]
      : seen.flatMap((s) => s.operatorWarnings);
    const nodeOsWarnings = seen.flatMap((s) => s.found.warnings.filter((w) => !s.operatorWarnings.includes(w)));
    for (const w of [...operatorWarnings, ...nodeOsWarnings]) logTo(ctx, 'warn', `${w.message}; next: ${w.next}`);
    seen.length = 0;
    return out;
  };
  find.evidence = () => ({ scans: scanSummaries(scans), unverifiedControllers: unverified });
  return find;
}

export function toFoundImages(c: ChartImages): FoundImage[] {
  const one = ({ source: { position: _p, hook: _h, ...source }, ...s }: ImageSite, optional: boolean): FoundImage => ({
    ref: s.ref,
    raw: s.raw,
    need: s.certainty === 'doubtful' ? 'doubtful' : optional || s.switchedOff ? 'optional' : 'certain',
    site: {
      ...source,
      site: s.site,
      certainty: s.certainty,
      valuesPaths: s.valuesPaths,
      ...(s.valuesParts ? { valuesParts: s.valuesParts } : {}),
      ...(s.toggle ? { toggle: s.toggle } : {}),
      ...(s.builtin ? { builtin: s.builtin } : {}),
      ...(s.crdDefault ? { crdDefault: s.crdDefault } : {}),
    },
  });
  // Doubtful strings that do not even parse as references cannot be pulled: leave them out.
  const pullable = (s: ImageSite) => toImageRef(s.ref) !== undefined;
  return [...c.sites.filter(pullable).map((s) => one(s, false)), ...c.optional.filter(pullable).map((s) => one(s, true))];
}
