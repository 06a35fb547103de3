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
import { discoverChartImages, withNodeOs, type ChartImages } from './chart-images.js';

export interface FindImagesRequest {
  chart: ResolvedChart;
  values: Values;
  releaseName: string;
  namespace: string;
  kubeVersion?: string;
  /** Also search toggles/annotations/values blocks for optional images. */
  optional: boolean;
}

/** Renders a resolved chart and returns every image it needs (and, when asked, could need). */
export type ImageFinder = (req: FindImagesRequest, ctx: Ctx) => Promise<FoundImage[]>;

/** nodeOs: bundle --node-os, the OS of the nodes for tags an operator completes from the node's. */
export function chartImageFinder(renderer: Renderer = new EngineRenderer(), nodeOs: readonly string[] = []): ImageFinder {
  return async (req, ctx) => {
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
    const found = withNodeOs(discovered, nodeOs);
    // the lock cannot carry what the operator defaults table does not know: said where bundle runs
    for (const w of found.warnings) logTo(ctx, 'warn', `${w.message}; next: ${w.next}`);
    return toFoundImages(found);
  };
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
    },
  });
  // Doubtful strings that do not even parse as references cannot be pulled: leave them out.
  const pullable = (s: ImageSite) => toImageRef(s.ref) !== undefined;
  return [...c.sites.filter(pullable).map((s) => one(s, false)), ...c.optional.filter(pullable).map((s) => one(s, true))];
}
