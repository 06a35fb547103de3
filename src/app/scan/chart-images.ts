// Image discovery for one chart with one set of values: the plain render (what is needed), the
// marker render (which values build each image) and, when asked, the optional search.

import type { Chart } from '../../helm/chart/types.js';
import { renderedValues } from '../../helm/values/prepare.js';
import { chartCrdDocs } from '../../helm/engine/render-chart.js';
import { takeRenderHang } from '../../helm/engine/engine.js';
import type { RenderOptions, RenderedDoc, Values } from '../../helm/engine/render-types.js';
import { discoverImages } from '../../discover/discover-images.js';
import { markGatedPlugins, nameGateSettings } from '../../discover/operators/index.js';
import { applyOperatorDefaults, type OperatorWarning } from '../../discover/operators/index.js';
import { dropOperatorParts, expandNodeOsTags, markNodeOsTags, markTaggedEnv } from '../../discover/operators/index.js';
import { joinsEnvParts, registrySetting, withMarkedRoutes } from '../../discover/operators/index.js';
import { remoteSchemaRefs } from '../../helm/values/schema.js';
import { markedRegistry, probedRegistry, registrySettings, withRegistrySettings } from '../../discover/values/index.js';
import { sightOperators, tableReadsGroup, type OperatorSightings } from '../../discover/operators/index.js';
import { taglessDefaultsOf, taglessDefaultWarnings } from '../../discover/sites/index.js';
import { unreadPodCreators } from '../../discover/sites/index.js';
import { emptyPrefixValues, servedCrdDefaults, untiedDefault, withControllerPrefixes, type PrefixReading } from '../../discover/sites/index.js';
import { clusterVersionTags } from '../../discover/sites/index.js';
import { workloadMakers } from '../../discover/evidence/index.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import { newAudit, type CandidateAudit } from '../../discover/verdicts/index.js';
import { contextPrefixValues, emptyBlockRegistries, emptyBlockRepositories, emptyGlobalRegistries } from '../../discover/values/index.js';
import {
  hostShapedLeaves,
  imageValueLeaves,
  ownSubchartGlobals,
  probeHost,
  probeOf,
  repositoryProbe,
  repositoryProbeIn,
  type ImageValueLeaf,
} from '../../discover/values/index.js';
import { markersIn, setIn } from '../../discover/values/index.js';
import { attachProbedRegistries, attachProbedRepositories, attachValuesPaths } from '../../discover/values/index.js';
import { offToggles } from '../../discover/toggles/index.js';
import { nameSwitches } from './switch-names.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import { mapValues, memoRenders, type Renders } from './render.js';
import { asksOf, withAsks } from '../../overrides/substitution-asks.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { findOptionalImages } from './optional.js';
import { auditCopies, sourcesAmong, splitCopies } from '../../discover/sites/index.js';
import { creatorsUnderToggles } from './toggled-creators.js';
import { renderToggled, type OptionalSearch } from './toggled-render.js';
import { absentImageValues, emptyImageRoutes, fieldMapSlots, unsetImageValues } from '../../discover/values/index.js';
import { probeBuiltinRoutes } from './builtin-probes.js';
import { creatorSlots } from './creator-slots.js';
import { chartAnnotations, chartTemplates, remerged, shapeLeaves, templateFileText, withDisabledSubcharts } from './chart-tree.js';
import type { ChartImages, ChartImagesOptions } from './chart-images-types.js';
import { markerRender, probeToggled, probeUnsetValues, valuesNameIt } from './value-probes.js';

export async function discoverChartImages(chart: Chart, renderer: Renderer, o: ChartImagesOptions = {}, ctx: Ctx = {}): Promise<ChartImages> {
  takeRenderHang(); // a trip before this chart was reported with the error it raised
  const found = await scanChart(chart, renderer, o, ctx);
  // the searches below keep what renders and pass over what does not: a render the hang guard
  // ended (a clock, not the chart) must end the chart, not leave its images short
  const hang = takeRenderHang();
  if (hang) throw hang;
  const texts = chartTemplates(chart).flatMap((c) => c.texts);
  const versioned = clusterVersionTags(
    chart.metadata.name,
    [...found.sites, ...found.optional],
    texts,
    (t) => templateFileText(chart, t),
    o.kubeVersion,
    o.helmVersion ?? renderer.helmVersion,
  );
  return versioned.length === 0 ? found : { ...found, warnings: [...found.warnings, ...versioned] };
}

async function scanChart(chart: Chart, renderer: Renderer, o: ChartImagesOptions, ctx: Ctx): Promise<ChartImages> {
  const user = o.values ?? {};
  const { values: _ignored, optional, audit: auditing, ...renderOpts } = o;
  // without the optional search, the renders after the first change image values only (markers,
  // probes, values' proof): a second base would answer them no better than the first
  const renders = memoRenders(renderer, chart, { ...renderOpts, reuseBases: optional ? undefined : 1 });
  const docs = await renders.docs(user);
  for (const d of docs) if (d.unreadable) logTo(ctx, 'warn', `${d.unreadable}; not searched for images: check the images of this document by hand`);
  const rendered = renderedValues(chart, user, o.helmVersion ?? renderer.helmVersion);
  // a copy of the top table: the disabled subcharts' defaults are set in it, not in `rendered`
  const full = remerged(chart, withDisabledSubcharts(chart, { ...rendered }));
  const leaves = ownSubchartGlobals(imageValueLeaves(full));
  // renders with other images than the chart's own (markers, probes, toggles) say what a chart
  // that refuses substituted images asks for (Bitnami's NOTES.txt check), as `values` does
  const asks = asksOf(full);
  const others: Renders = asks.length === 0 ? renders : mapValues(renders, (v) => withAsks(v, asks));
  const { marked, markedSites, markersWork, unmarked } = await markerRender(
    others,
    leaves,
    hostShapedLeaves(full, leaves),
    full,
    user,
    chart.metadata.name,
    ctx,
  );
  const audit = auditing ? newAudit() : undefined;
  // the chart's crds/ folder, as Helm installs it: a CRD's schema defaults reach the resources rendered
  const crds = chartCrdDocs(chart);
  const literal = (s: ImageSite) => templateFileText(chart, s.source.template)?.includes(s.raw.trim()) ?? false;
  let sites = attachValuesPaths(discoverImages(docs, { parsedFromText: true, audit, crds }), markedSites, marked.leaves, unmarked, literal);
  // values left empty, or absent though a template reads them, that a helper fills: probed with
  // stand-ins; without the absent ones again when a render refuses them (a strict schema)
  const templates = chartTemplates(chart);
  const absent = [...absentImageValues(templates, full), ...shapeLeaves(chart, full)];
  const probe = async (
    part: 'registry' | 'repository',
    found: ImageValueLeaf[],
    stand: (n: number) => string,
    attach: (probed: ImageSite[], all: ImageValueLeaf[], docs: readonly RenderedDoc[]) => ImageSite[],
  ) => {
    const extra = absent.filter((a) => a.part === part);
    for (const all of extra.length > 0 ? [[...found, ...extra], found] : [found]) {
      if (all.length === 0) continue;
      const values = structuredClone(user);
      all.forEach((p, n) => setIn(values, p.segments, stand(n)));
      try {
        const probedDocs = await others.docs(values);
        return attach(discoverImages(probedDocs, { parsedFromText: true }), all, probedDocs);
      } catch (e) {
        logTo(ctx, 'debug', `${chart.metadata.name}: the ${part} probe failed (${(e as Error).message})`);
      }
    }
    return sites;
  };
  const probes = [...emptyGlobalRegistries(full), ...emptyBlockRegistries(full)];
  // and those a helper reads from the `.Values` block it is handed, which the template text names only
  // relative to it: probed as the absent ones are, left out again where the render refuses them
  absent.push(...contextPrefixValues(templates, full, new Set([...probes, ...absent].map((p) => p.path))));
  // renders that say which value a controller's registry env var is written from (its CRD defaults' route)
  const prefixReadings: PrefixReading[] = [];
  // an empty registry value also written whole into a program's registry setting: marked, the writer gives it the whole prefix
  sites = await probe('registry', probes, probeHost, (probed, all, probedDocs) => {
    prefixReadings.push({ docs: probedDocs, leafOf: probedRegistry(all, probeOf) });
    return withRegistrySettings(attachProbedRegistries(sites, probed, all, probeOf), registrySettings(probedDocs, probedRegistry(all, probeOf)));
  });
  // one that holds a host already, so written: the marker render (memoised) shows it with its marker alone there
  if (markersWork) sites = withRegistrySettings(sites, registrySettings(await others.docs(marked.overlay), markedRegistry(marked.leaves)));
  const byMarkers = new Set(markedSites.filter((m) => markersIn(m.raw).length > 0).map((m) => siteKey(m.source)));
  const named = (s: ImageSite) => byMarkers.has(siteKey(s.source)) && valuesNameIt(s);
  const emptyRepositories = emptyBlockRepositories(full);
  sites = await probe('repository', emptyRepositories, repositoryProbe, (probed, all) =>
    attachProbedRepositories(sites, probed, all, repositoryProbeIn, named),
  );
  sites = await probeUnsetValues(others, user, sites, crdOpen, () => unsetImageValues(templates, full), chart.metadata.name, ctx);
  // a field still open may be rendered from a values map passed whole (a resource's spec given as one value)
  sites = await probeUnsetValues(others, user, sites, crdOpen, (fields) => fieldMapSlots(full, fields), chart.metadata.name, ctx);
  // a name a helper composes (printf of version values, `default` of a literal) that no value names:
  // an image-named value left empty that the helper takes first once set (ParadeDB's cluster.imageName)
  const composed = (s: ImageSite) =>
    s.valuesPaths.length === 0 && s.crdDefault === undefined && !templates.some((t) => t.texts.some((x) => x.includes(s.raw.trim())));
  const routes = emptyImageRoutes(templates, full);
  sites = await probeUnsetValues(others, user, sites, composed, () => routes, chart.metadata.name, ctx);
  // what the operators the render runs pull by their own defaults, named nowhere in it; and the
  // plugins they keep off, whose images the chart still names
  const operators = sightOperators(docs, sites);
  sites = nameSwitches(markGatedPlugins(sites, operators), () => offToggles(full), full);
  const builtin = applyOperatorDefaults([operators]);
  // the registry setting of an operator, or the field of its config file, that the chart writes from a value: the marker render (memoised) names it
  const settable = markersWork && (joinsEnvParts(operators) || builtin.sites.some((b) => registrySetting(b) || b.builtin?.overrideConfig !== undefined));
  const routed = withMarkedRoutes(builtin.sites, settable ? await others.docs(marked.overlay) : undefined, markedSites, marked.leaves);
  const builtinSites = await probeBuiltinRoutes(others, user, routed.sites, { templates, full, name: chart.metadata.name }, ctx);
  // a CRD's tagless image default, of an operator the table has not read: the operator's to complete
  // (warned of), or taken as written by one that runs at `latest` (listed as a CRD default)
  const tagless = taglessDefaultsOf(docs, crds, tableReadsGroup);
  sites = [...markTaggedEnv(markNodeOsTags(dropOperatorParts(sites, operators, audit), operators), operators), ...builtinSites, ...tagless.sites];
  // a CRD's image default a program of the render serves: what every resource applied later without the field runs
  sites = servedCrdDefaults(docs, sites, (group) => tableReadsGroup(group), crds);
  // such a default its controller puts a registry env var in front of, which the chart writes from a value: moved by that value
  if (sites.some((s) => s.crdDefault || s.served)) {
    const markedReading = markersWork ? [{ docs: await others.docs(marked.overlay), leafOf: markedRegistry(marked.leaves) }] : [];
    sites = withControllerPrefixes(sites, docs, [...markedReading, ...prefixReadings]);
    // one written from a value left empty under a name no registry probe reads (`defaultRegistry: ""`): probed with stand-ins
    const empty = sites.some(untiedDefault) ? emptyPrefixValues(full, new Set(probes.map((p) => p.path))) : [];
    if (empty.length > 0) {
      const values = structuredClone(user);
      empty.forEach((p, n) => setIn(values, p.segments, probeHost(n)));
      try {
        sites = withControllerPrefixes(sites, docs, [{ docs: await others.docs(values), leafOf: probedRegistry(empty, probeOf) }]);
      } catch (e) {
        logTo(ctx, 'debug', `${chart.metadata.name}: the prefix probe failed (${(e as Error).message})`);
      }
    }
  }
  const warnings = [
    ...builtin.warnings,
    ...taglessDefaultWarnings(tagless.warned),
    ...unreadPodCreators(
      docs,
      sites,
      operators,
      await creatorSlots(others, user, { docs, sites, operators }, { templates, full, name: chart.metadata.name }, ctx),
    ),
    ...remoteSchemaRefs(chart).map(schemaRefWarning),
  ];
  const audited = { ...(audit ? { audit } : {}), warnings, operators, controllers: workloadMakers(docs, operators) };
  if (!optional) return { sites, optional: [], values: rendered, ...audited };
  const annotations = chartAnnotations(chart);
  if (audit) audit.toggled = newAudit();
  const search: OptionalSearch = {
    chart,
    renders: others,
    user,
    full,
    leaves,
    marked,
    sites,
    // markers change image strings only: the operators keep the same plugins off
    markedSites: markGatedPlugins(markedSites, operators),
    markersWork,
    unmarked,
    annotations,
    templates,
    audit: audit?.toggled,
    ...(audit ? { plainAudit: audit } : {}),
    creators: new Set(warnings.flatMap((w) => (w.creator ? [w.creator] : []))),
    partPaths: routed.partPaths,
  };
  // a copy in the chart's own in-cluster registry of an image it lists is that image's, not one to carry
  const searched = await findOptionalImages(search, ctx);
  const { kept: found, copies } = splitCopies(searched, sourcesAmong([...sites, ...searched]));
  auditCopies(audit?.toggled, copies);
  warnings.push(...(await creatorsUnderToggles(search, (group) => renderToggled(search, group, new Set(), ctx), ctx)));
  // a route a composed name took is probed under the toggles too: another branch of its helper
  // (ParadeDB's type=paradedb-enterprise) yields to it as well, a clash values then names
  const took = routes.filter((r) => !emptyRepositories.some((e) => e.path === r.path) && sites.some((s) => s.valuesPaths.includes(r.path)));
  const repositories = [...emptyRepositories, ...absent.filter((a) => a.part === 'repository'), ...took];
  const gated = nameGateSettings(sites, found);
  return {
    sites: gated.sites,
    optional: await probeToggled(
      others,
      user,
      gated.found,
      { registries: [...probes, ...absent.filter((a) => a.part === 'registry')], repositories },
      chart.metadata.name,
      ctx,
    ),
    values: rendered,
    ...audited,
  };
}

/**
 * A values.schema.json that refers to a schema by address: real Helm downloads it whenever it
 * checks values, so in the isolated network the chart is refused unless told to skip the check.
 */
function schemaRefWarning(r: { chart: string; refs: string[] }): OperatorWarning {
  return {
    schemaRefs: r.refs,
    message: `chart ${r.chart}'s values.schema.json refers to ${r.refs.join(', ')}: Helm downloads it to check values and refuses the chart where it cannot be reached`,
    next: 'helm install/upgrade with --skip-schema-validation there (helm airgap checked the values against the rest of the schema)',
  };
}

/** A chart's sites with the tags an operator completes from the node's OS listed per OS given (or doubtful, and a warning). */
export function withNodeOs(f: ChartImages, nodeOs: readonly string[]): ChartImages {
  const sites = expandNodeOsTags(f.sites, nodeOs);
  const optional = expandNodeOsTags(f.optional, nodeOs);
  const warnings = [...f.warnings, ...sites.warnings, ...optional.warnings].filter((w, i, all) => all.findIndex((x) => x.message === w.message) === i);
  return { ...f, sites: sites.sites, optional: optional.sites, warnings };
}

/** A resource field left to its CRD's default (discover/sites/crd-defaults.ts) that no value names yet. */
const crdOpen = (s: ImageSite) => s.crdDefault !== undefined && s.valuesPaths.length === 0;
