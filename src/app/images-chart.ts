// Image discovery for one chart with one set of values: the plain render (what is needed), the
// marker render (which values build each image) and, when asked, the optional search.

import { chartFullPath, type Chart } from '../helm/chart-types.js';
import { prepareChart } from '../helm/chart-values.js';
import type { RenderOptions, Values } from '../helm/render-types.js';
import { discoverImages } from '../discover/discover-images.js';
import type { ChartAnnotations } from '../discover/annotation-images.js';
import type { ImageSite } from '../discover/image-site.js';
import { emptyGlobalRegistries, imageValueLeaves, probeHost, probeOf } from '../discover/image-values.js';
import { markValues, setIn, stripMarkers } from '../discover/value-markers.js';
import { attachProbedRegistries, attachValuesPaths } from '../discover/values-paths.js';
import type { Ctx } from '../util/ctx.js';
import { logTo } from '../util/ctx.js';
import { memoRenders } from './images-render.js';
import type { Renderer } from '../helm/renderer.js';
import { findOptionalImages } from './images-optional.js';

export interface ChartImagesOptions extends Omit<RenderOptions, 'values'> {
  /** User values (-f/--set merged), layered over the chart's defaults. */
  values?: Values;
  /** Also search for optional images (toggles, annotations, values blocks). */
  optional?: boolean;
}

export interface ChartImages {
  /** Sites of the render with the given values (certain and doubtful), with values paths. */
  sites: ImageSite[];
  /** Images the chart can use but the given values do not: each site names its toggle or block. */
  optional: ImageSite[];
}

export async function discoverChartImages(chart: Chart, renderer: Renderer, o: ChartImagesOptions = {}, ctx: Ctx = {}): Promise<ChartImages> {
  const user = o.values ?? {};
  const { values: _ignored, optional, ...renderOpts } = o;
  const renders = memoRenders(renderer, chart, renderOpts);
  const docs = await renders.docs(user);
  const full = prepareChart(chart, user).values;
  const leaves = imageValueLeaves(full);
  const marked = markValues(leaves, full, user);
  let markedSites: ImageSite[] = [];
  try {
    markedSites = discoverImages(await renders.docs(marked.overlay), { clean: stripMarkers });
  } catch (e) {
    logTo(ctx, 'debug', `${chart.metadata.name}: the marker render failed (${(e as Error).message}); values paths come from matching values`);
  }
  let sites = attachValuesPaths(discoverImages(docs), markedSites, marked.leaves);
  const probes = emptyGlobalRegistries(full);
  if (probes.length > 0) {
    const values = structuredClone(user);
    probes.forEach((p, n) => setIn(values, p.segments, probeHost(n)));
    try {
      sites = attachProbedRegistries(sites, discoverImages(await renders.docs(values)), probes, probeOf);
    } catch (e) {
      logTo(ctx, 'debug', `${chart.metadata.name}: the global registry probe failed (${(e as Error).message})`);
    }
  }
  if (!optional) return { sites, optional: [] };
  const annotations = chartAnnotations(chart);
  const found = await findOptionalImages({ chart, renders, user, full, leaves, marked, sites, markedSites, annotations }, ctx);
  return { sites, optional: found };
}

/** Chart.yaml annotations of the chart and every subchart, by chart path. */
export function chartAnnotations(c: Chart): ChartAnnotations[] {
  return [{ chart: chartFullPath(c), annotations: c.metadata.annotations }, ...c.dependencies.flatMap(chartAnnotations)];
}
