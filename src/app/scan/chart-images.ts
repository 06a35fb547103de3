// Image discovery for one chart with one set of values: the plain render (what is needed), the
// marker render (which values build each image) and, when asked, the optional search.

import { chartFullPath, type Chart } from '../../helm/chart/types.js';
import { prepareChart } from '../../helm/values/prepare.js';
import { coalesceValues } from '../../helm/values/coalesce.js';
import type { RenderOptions, Values } from '../../helm/engine/render-types.js';
import { discoverImages } from '../../discover/discover-images.js';
import type { ChartAnnotations } from '../../discover/annotation-images.js';
import type { ImageSite } from '../../discover/image-site.js';
import {
  emptyBlockRegistries,
  emptyGlobalRegistries,
  imageValueLeaves,
  liftSubchartGlobals,
  probeHost,
  probeOf,
  type ImageValueLeaf,
} from '../../discover/image-values.js';
import { markValues, setIn, stripMarkers, type MarkedValues } from '../../discover/value-markers.js';
import { attachProbedRegistries, attachValuesPaths } from '../../discover/values-paths.js';
import { remergedDefaultKeys, remergedView } from '../../discover/remerged-defaults.js';
import { formatToggles, offToggles, type ValueToggle } from '../../discover/value-toggles.js';
import { parsePath, type PathSegment } from '../../discover/field-path.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import { memoRenders, type Renders } from './render.js';
import { asksOf, withAsks } from '../../overrides/substitution-asks.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { findOptionalImages } from './optional.js';

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
  const full = remerged(chart, withDisabledSubcharts(chart, prepareChart(chart, user).values));
  const leaves = liftSubchartGlobals(imageValueLeaves(full));
  // renders with other images than the chart's own (markers, probes, toggles) say what a chart
  // that refuses substituted images asks for (Bitnami's NOTES.txt check), as `values` does
  const asks = asksOf(full);
  const others: Renders = asks.length === 0 ? renders : { docs: (v) => renders.docs(withAsks(v, asks)) };
  const { marked, markedSites, markersWork, unmarked } = await markerRender(others, leaves, full, user, chart.metadata.name, ctx);
  let sites = attachValuesPaths(discoverImages(docs, { parsedFromText: true }), markedSites, marked.leaves, unmarked);
  const probes = [...emptyGlobalRegistries(full), ...emptyBlockRegistries(full)];
  if (probes.length > 0) {
    const values = structuredClone(user);
    probes.forEach((p, n) => setIn(values, p.segments, probeHost(n)));
    try {
      sites = attachProbedRegistries(sites, discoverImages(await others.docs(values), { parsedFromText: true }), probes, probeOf);
    } catch (e) {
      logTo(ctx, 'debug', `${chart.metadata.name}: the global registry probe failed (${(e as Error).message})`);
    }
  }
  sites = nameSwitches(sites, offToggles(full));
  if (!optional) return { sites, optional: [] };
  const annotations = chartAnnotations(chart);
  const found = await findOptionalImages({ chart, renders: others, user, full, leaves, marked, sites, markedSites, markersWork, unmarked, annotations }, ctx);
  return { sites, optional: found };
}

interface MarkerRender {
  marked: MarkedValues;
  markedSites: ImageSite[];
  markersWork: boolean;
  /** Leaves left unmarked (matched by value instead). */
  unmarked: ImageValueLeaf[];
}

/**
 * Renders with every image leaf marked; a chart that refuses that (a values schema pinning the
 * tag grammar, a semver check) is tried again with registry/repository marked only.
 */
async function markerRender(renders: Renders, leaves: ImageValueLeaf[], full: Values, user: Values, name: string, ctx: Ctx): Promise<MarkerRender> {
  const tries = [leaves, leaves.filter((l) => l.part === 'registry' || l.part === 'repository' || l.part === 'image')];
  for (const marking of tries) {
    const marked = markValues(marking, full, user);
    try {
      const markedSites = discoverImages(await renders.docs(marked.overlay), { clean: stripMarkers, parsedFromText: true });
      return { marked, markedSites, markersWork: true, unmarked: leaves.filter((l) => !marking.includes(l)) };
    } catch (e) {
      logTo(ctx, 'debug', `${name}: a marker render failed (${(e as Error).message})`);
    }
  }
  return { marked: markValues(leaves, full, user), markedSites: [], markersWork: false, unmarked: [] };
}

/**
 * Sites a custom resource switches off get the setting that switches them on: the values toggle
 * whose block holds their values (policy.dcgm.enabled for policy.dcgm.version), else the
 * resource's own flag. They stay sites, so `values` still moves them.
 */
function nameSwitches(sites: ImageSite[], toggles: readonly ValueToggle[]): ImageSite[] {
  return sites.map((s) => {
    if (!s.switchedOff || s.certainty !== 'certain') return s;
    const near = toggles.filter((t) => s.valuesPaths.some((p) => encloses(t.segments, parsePath(p)))).sort((a, b) => b.segments.length - a.segments.length)[0];
    return { ...s, toggle: near ? formatToggles([near]) : `${s.source.kind}/${s.source.name} ${s.switchedOff}=true` };
  });
}

/** The toggle's block holds this path (policy.dcgm.enabled holds policy.dcgm.version). */
function encloses(toggle: readonly PathSegment[], segs: readonly PathSegment[]): boolean {
  const dir = toggle.slice(0, -1);
  return dir.length > 0 && dir.length <= segs.length && dir.every((d, i) => segs[i] === d);
}

/** Values as templates see them where the chart re-merges an internal defaults key (Istio). */
function remerged(chart: Chart, full: Values): Values {
  const texts = chart.templates.map((t) => ({ name: t.name, text: Buffer.from(t.data).toString('utf8') }));
  const keys = remergedDefaultKeys(texts, full);
  return keys.length === 0 ? full : remergedView(full, keys);
}

/**
 * The values a render sees, plus the defaults of subcharts the values disable (redis.enabled:
 * false): their image blocks and toggles are where the optional search looks.
 */
function withDisabledSubcharts(chart: Chart, full: Values): Values {
  for (const dep of chart.metadata.dependencies ?? []) {
    const key = dep.alias ?? dep.name;
    const sub = chart.dependencies.find((c) => c.metadata.name === dep.name);
    const given = full[key];
    if (!sub || (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))) continue;
    full[key] = coalesceValues(sub, (given ?? {}) as Values);
  }
  return full;
}

/** Chart.yaml annotations of the chart and every subchart, by chart path. */
export function chartAnnotations(c: Chart): ChartAnnotations[] {
  return [{ chart: chartFullPath(c), annotations: c.metadata.annotations }, ...c.dependencies.flatMap(chartAnnotations)];
}
