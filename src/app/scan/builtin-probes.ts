// The probe renders that find the values routes of operators' built-in defaults the marker render
// cannot see: a setting the chart writes only once a value is set (an env var, a flag, a prefix
// joined from several values, a field of the operator's config file), or a flag or env var only a
// free-form list (or mapping) of the chart's values can carry, or a named entry of a resource's
// list that a list of the chart's values fills. One render each, only where such a default is there.

import type { RenderedDoc, Values } from '../../helm/engine/render-types.js';
import { argLists, argProbe, wantsArgList, withListSettings } from '../../discover/operators/index.js';
import { envValues, wantsEnvValues, withEnvProbes, withEnvSettings } from '../../discover/operators/index.js';
import { fieldLists, wantsFieldLists, withFieldProbes, withFieldSettings } from '../../discover/operators/index.js';
import { unsetConfig, unsetPrefix, unsetSetting, withProbedConfig, withProbedSettings } from '../../discover/operators/index.js';
import { unsetConfigValues, unsetImageValues, type ChartTemplates } from '../../discover/values/index.js';
import { repositoryProbe, type ImageValueLeaf } from '../../discover/values/index.js';
import type { ImageSite } from '../../discover/image-site.js';
import { setIn } from '../../discover/values/index.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import type { Renders } from './render.js';

/** The operators' defaults (`sites`) with the values routes the probes found. */
export async function probeBuiltinRoutes(
  renders: Renders,
  user: Values,
  sites: ImageSite[],
  chart: { templates: readonly ChartTemplates[]; full: Values; name: string },
  ctx: Ctx,
): Promise<ImageSite[]> {
  const { templates, full, name } = chart;
  // values named for a registry or repository join into a prefix setting; a config file's field is written from a mapping
  const configs = unsetConfigValues(
    templates,
    full,
    sites.filter(unsetConfig).map((s) => s.builtin!.overrideConfig!),
  );
  const slots = [...unsetImageValues(templates, full, sites.some(unsetPrefix)), ...configs];
  const probed = await probeArgLists(renders, user, await probeSettingValues(renders, user, sites, slots, name, ctx), full, name, ctx);
  return probeFieldLists(renders, user, await probeEnvValues(renders, user, probed, full, name, ctx), full, name, ctx);
}

/**
 * One probe render: `set` writes stand-ins into a copy of the user's values, `read` ties the sites
 * to the values whose stand-ins the render shows; a render the stand-ins break leaves them as they were.
 */
async function probed(
  r: Renders,
  user: Values,
  sites: ImageSite[],
  set: (v: Values) => void,
  read: (docs: RenderedDoc[]) => ImageSite[],
  what: string,
  ctx: Ctx,
): Promise<ImageSite[]> {
  const values = structuredClone(user);
  set(values);
  try {
    return read(await r.docs(values));
  } catch (e) {
    logTo(ctx, 'debug', `${what} failed (${(e as Error).message})`);
    return sites;
  }
}

/**
 * An operator's (or an application's) default whose override setting a template writes only once a
 * value is set (builtin-images withProbedSettings): each unset image-named value set to a stand-in
 * name, the one whose stand-in the setting then holds is how the chart moves that default.
 */
async function probeSettingValues(renders: Renders, user: Values, sites: ImageSite[], slots: ImageValueLeaf[], name: string, ctx: Ctx): Promise<ImageSite[]> {
  if (slots.length === 0 || !sites.some((s) => unsetSetting(s) || unsetConfig(s))) return sites;
  return probed(
    renders,
    user,
    sites,
    (values) => slots.forEach((p, n) => setIn(values, p.segments, repositoryProbe(n))),
    (docs) => withProbedConfig(withProbedSettings(sites, docs, slots, repositoryProbe), docs, slots, repositoryProbe),
    `${name}: the probe of values an operator's setting is written from`,
    ctx,
  );
}

/**
 * An operator's default whose override flag no value writes, while the operator's container takes
 * a list of the chart's values as arguments (discover/operators/arg-list-settings.ts): each candidate list
 * given a stand-in entry, the one whose stand-in the container then holds is the route.
 */
async function probeArgLists(renders: Renders, user: Values, sites: ImageSite[], full: Values, name: string, ctx: Ctx): Promise<ImageSite[]> {
  const lists = wantsArgList(sites) ? argLists(full) : [];
  if (lists.length === 0) return sites;
  return probed(
    renders,
    user,
    sites,
    (values) => lists.forEach((l, n) => setIn(values, l.segments, [...l.items, argProbe(n)])),
    (docs) => withListSettings(sites, docs, lists),
    `${name}: the probe of lists an operator's container takes as arguments`,
    ctx,
  );
}

/**
 * An operator's default whose override env var no value writes, while the operator's container
 * takes env vars from a mapping or list of the chart's values (discover/operators/env-value-settings.ts):
 * each candidate given a stand-in variable, the one whose stand-in the container then holds is the
 * route.
 */
async function probeEnvValues(renders: Renders, user: Values, sites: ImageSite[], full: Values, name: string, ctx: Ctx): Promise<ImageSite[]> {
  const candidates = wantsEnvValues(sites) ? envValues(full) : [];
  if (candidates.length === 0) return sites;
  return probed(
    renders,
    user,
    sites,
    (values) => withEnvProbes(values, candidates),
    (docs) => withEnvSettings(sites, docs, candidates),
    `${name}: the probe of the env vars an operator's container takes from values`,
    ctx,
  );
}

/**
 * An operator's default that a field of a named entry of a resource's list overrides, while the
 * chart copies a list of its values into that resource list (discover/operators/field-list-settings.ts):
 * each candidate list given a stand-in entry, the one whose stand-in the resource then holds at
 * the field is the route.
 */
async function probeFieldLists(renders: Renders, user: Values, sites: ImageSite[], full: Values, name: string, ctx: Ctx): Promise<ImageSite[]> {
  const lists = wantsFieldLists(sites) ? fieldLists(full, sites) : [];
  if (lists.length === 0) return sites;
  return probed(
    renders,
    user,
    sites,
    (values) => withFieldProbes(values, lists),
    (docs) => withFieldSettings(sites, docs, lists),
    `${name}: the probe of the lists a resource's named entry is copied from`,
    ctx,
  );
}
