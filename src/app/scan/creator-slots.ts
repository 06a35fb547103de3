// The probe render behind the pod-creator warning's second case: a program the render tells some
// images may compile others in, and its chart says where: an image value, empty or absent by
// default, that the chart writes into the program's settings (an env var, a flag, a ConfigMap or
// Secret, a custom resource) only once set. One render with a stand-in in each such value, only for
// a chart with a pod creator it tells images and no operator the table has read.

import type { RenderedDoc, Values } from '../../helm/engine/render-types.js';
import { discoverImages } from '../../discover/discover-images.js';
import { unsetImageValues, unsetScopedImageValues, type ChartTemplates } from '../../discover/values/index.js';
import { repositoryProbe, repositoryProbeIn } from '../../discover/values/index.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import { podCreators, tellsProgram, toldCharts, type CreatorSlot } from '../../discover/sites/index.js';
import type { OperatorSightings } from '../../discover/operators/index.js';
import { getIn, setIn } from '../../discover/values/index.js';
import { docsByPlace } from '../../discover/operators/index.js';
import { parsePath } from '../../discover/field-path.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import type { Renders } from './render.js';

export async function creatorSlots(
  renders: Renders,
  user: Values,
  plain: { docs: readonly RenderedDoc[]; sites: readonly ImageSite[]; operators: OperatorSightings },
  chart: { templates: readonly ChartTemplates[]; full: Values; name: string },
  ctx: Ctx,
): Promise<CreatorSlot[]> {
  if (plain.operators.byEntry.size > 0) return [];
  const told = toldCharts(plain.sites);
  const charts = new Set(podCreators(plain.docs).map((c) => c.chart));
  if (![...charts].some((c) => told.has(c))) return [];
  const seen = new Set<string>();
  const slots = [...unsetImageValues(chart.templates, chart.full), ...unsetScopedImageValues(chart.templates, chart.full)].filter(
    (s) => !seen.has(s.path) && seen.add(s.path),
  );
  if (slots.length === 0) return [];
  const values = structuredClone(user);
  slots.forEach((p, n) => setIn(values, p.segments, repositoryProbe(n)));
  let probed: ImageSite[];
  try {
    probed = discoverImages(await renders.docs(values), { parsedFromText: true });
  } catch (e) {
    logTo(ctx, 'debug', `${chart.name}: the probe of image values its programs' settings take once set failed (${(e as Error).message})`);
    return [];
  }
  // a setting the plain render already holds (a template's own default there) names its image itself
  const plainKeys = new Set(plain.sites.map((s) => siteKey(s.source)));
  const byPlace = docsByPlace(plain.docs);
  const out = new Map<string, CreatorSlot>();
  for (const p of probed) {
    const hit = repositoryProbeIn(p.raw.trim());
    const slot = hit && slots[hit.n];
    if (!slot || !tellsProgram(p) || !charts.has(p.source.chart) || !told.has(p.source.chart) || plainKeys.has(siteKey(p.source))) continue;
    // a custom resource's section the value brings whole is a feature the resource turns on (a
    // Prometheus' spec.thanos), not a default left to the program: only a field of a section the
    // plain render's resource already holds counts (a program's own settings count as they are)
    if (p.site === 'custom-resource' && !sectionHeld(p, byPlace)) continue;
    const where = `${p.source.kind}/${p.source.name} ${p.source.fieldPath}`;
    out.set(`${slot.path}\0${where}`, { chart: p.source.chart, path: slot.path, where });
  }
  return [...out.values()];
}

/** Whether the plain render's resource at the site's place holds the mapping its field sits in. */
function sectionHeld(p: ImageSite, byPlace: ReadonlyMap<string, RenderedDoc>): boolean {
  const doc = byPlace.get(`${p.source.template}\0${p.source.position ?? 0}`);
  const path = parsePath(p.source.fieldPath.split(' > ')[0]!);
  return doc !== undefined && isRecord(getIn(sharedDocumentObject(doc), path.slice(0, -1)));
}
