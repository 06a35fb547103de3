// The values routes of operators' built-in defaults: which values leaf writes the setting (an env
// var, a flag, a resource field, a config file's field) that overrides a default the operator
// table composed (operators/builtin-images.ts), read from the marker render or a probe render of the chart.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { resourceField, settingIn, settingPart } from './default-overrides.js';
import { formatPath, parsePath, type PathSegment } from '../field-path.js';
import { parseStructured } from '../decoders/structured-text.js';
import type { ImageSite } from '../image-site.js';
import { isRecord } from '../../util/is-record.js';
import { getIn, markersIn, stripMarkers } from '../values/value-markers.js';
import type { ImageValueLeaf } from '../values/image-values.js';
import { withParts } from '../values/values-paths.js';
import { containerAt, docsByPlace, sightOperators, type OperatorSightings } from './sightings.js';
import { envPartNames } from './builtin-images.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';

/**
 * Built-in defaults composed under a registry the operator's container is given (an env var or a
 * flag, `takes: 'registry'`) that the chart writes from one values leaf: read in the marker render
 * (`docs`), that leaf is their values route (Aerospike's AEROSPIKE_KUBERNETES_INIT_REGISTRY from
 * `aerospikeKubernetesInitRegistry`, StackGres' SG_CONTAINER_REGISTRY from `containerRegistry`).
 * Only where the setting is that value exactly, nothing added: values then sets it, and its proof
 * reads the default the operator composes in the re-render. (A whole-reference setting the render
 * gives leaves no default: the site table finds what it names; one the chart writes only once its
 * empty value is set is withProbedSettings'.)
 */
export function withSettingValues(sites: readonly ImageSite[], docs: readonly RenderedDoc[], leaves: ReadonlyMap<number, ImageValueLeaf>): ImageSite[] {
  const byPlace = docsByPlace(docs);
  return sites.map((s) => {
    const part = registrySetting(s) ? 'registry' : undefined;
    const text = part && settingText(s, byPlace);
    const marks = text === undefined ? [] : markersIn(text);
    const leaf = marks.length === 1 ? leaves.get(marks[0]!) : undefined;
    if (!leaf || leaf.part !== part || stripMarkers(text!).replace(/\/+$/, '') !== leaf.value.trim().replace(/\/+$/, '')) return s;
    return withParts(s, [leaf]);
  });
}

/**
 * The values the marker render (`docs`, its sites `found`) writes into env vars an operator joins
 * as parts of a default (`{env:NAME}`: MongoDB Community's MONGODB_REPO_URL from `mongodb.repo`):
 * parts of that image, no images of their own, whether or not a resource it needs is rendered.
 */
export function envPartPaths(docs: readonly RenderedDoc[], found: readonly ImageSite[], leaves: ReadonlyMap<number, ImageValueLeaf>): Set<string> {
  const out = new Set<string>();
  for (const [i, { operators }] of sightOperators(docs, found).byEntry) {
    const names = new Set(OPERATOR_DEFAULTS[i]!.releases.flatMap((r) => r.defaults.flatMap(envPartNames)));
    for (const op of operators)
      for (const name of names) for (const n of markersIn(settingIn({ env: name }, op.container) ?? '')) if (leaves.has(n)) out.add(leaves.get(n)!.path);
  }
  return out;
}

/** The render runs an operator whose defaults join env parts (envPartPaths has values to find). */
export const joinsEnvParts = (seen: OperatorSightings): boolean =>
  [...seen.byEntry.keys()].some((i) => OPERATOR_DEFAULTS[i]!.releases.some((r) => r.defaults.some((d) => envPartNames(d).length > 0)));

/**
 * The built-in defaults with the values the marker render (`docs`; none: as they are) shows
 * writing their settings (withSettingValues, withConfigValues), and, where the render's operators
 * join env parts, those parts' values (envPartPaths): named on the defaults joined from
 * them only (valuesPaths), since the operator may join them otherwise at another registry
 * (partWhile), so nothing sets them for a target.
 */
export function withMarkedRoutes(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[] | undefined,
  found: readonly ImageSite[],
  leaves: ReadonlyMap<number, ImageValueLeaf>,
): { sites: ImageSite[]; partPaths: Set<string> } {
  if (!docs) return { sites: [...sites], partPaths: new Set() };
  const set = withConfigValues(withSettingValues(sites, docs, leaves), docs, leaves);
  const partPaths = envPartPaths(docs, found, leaves);
  if (partPaths.size === 0) return { sites: set, partPaths };
  return { sites: set.map((s) => (s.builtin?.envParts ? { ...s, valuesPaths: [...new Set([...s.valuesPaths, ...partPaths])] } : s)), partPaths };
}

/**
 * Built-in defaults whose whole-reference (or repository) setting the chart writes only from a
 * value it leaves empty (Headlamp's `{{ with .Values.config.podDebugImage }}`): no marker reaches
 * an empty value, so each unset image value (`slots`) was set to a stand-in (`docs`, the render
 * with them); the one whose stand-in the setting then holds whole is the default's values route.
 */
export function withProbedSettings(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[],
  slots: readonly ImageValueLeaf[],
  probe: (n: number) => string,
): ImageSite[] {
  const byPlace = docsByPlace(docs);
  return sites.map((s) => {
    const part = unsetSetting(s) ? settingPart(s.builtin!.overrideTakes) : undefined;
    const b = s.builtin!;
    const text = part && (configSetting(s) ? configText(b.overrideConfig!, docs) : keySetting(s) ? keyText(b.overrideSetting!, docs) : settingText(s, byPlace));
    // a prefix may be joined from several values (MySQL's `registry/repository`): the first, set
    // alone to the whole prefix while the others stay unset, writes it
    const first = s.builtin?.overrideTakes === 'prefix' && text?.split('/').every((w) => slots.some((_, i) => probe(i) === w)) ? text.split('/')[0] : text;
    // a config file's field may hold the stand-in as the part before a `/` the template completes
    // (Envoy Gateway splits the value at its first `/` and joins host, path and a default tag):
    // set whole, the value lands whole, which the proof of the values written then shows
    const holds = (p: string) => first === p || (configSetting(s) && first?.startsWith(`${p}/`));
    const n = first === undefined ? -1 : slots.findIndex((_, i) => holds(probe(i)));
    return n < 0 || part === undefined ? s : withParts(s, [{ ...slots[n]!, part }]);
  });
}

/**
 * Built-in defaults a field of the operator's config file overrides, which the chart's file leaves
 * out and writes only from values left absent (Function Mesh's runnerImages.go): each candidate
 * value (`slots`) was set to a stand-in (`docs`, the render with them); the one whose stand-in a
 * ConfigMap's file then holds at that field is the default's values route.
 */
export function withProbedConfig(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[],
  slots: readonly ImageValueLeaf[],
  probe: (n: number) => string,
): ImageSite[] {
  if (!sites.some(unsetConfig)) return [...sites];
  const files = docs.flatMap((d) => {
    const o = sharedDocumentObject(d);
    const data = isRecord(o) && o.kind === 'ConfigMap' && isRecord(o.data) ? Object.values(o.data) : [];
    return data.flatMap((t) => (typeof t === 'string' ? [parseStructured(t)] : [])).filter(isRecord);
  });
  return sites.map((s) => {
    if (!unsetConfig(s)) return s;
    const held = files.map((f) => resourceField(f, s.builtin!.overrideConfig!)).find((v) => typeof v === 'string');
    const n = slots.findIndex((_, i) => probe(i) === held);
    return n < 0 ? s : withParts(s, [{ ...slots[n]!, part: settingPart(s.builtin!.overrideTakes)! }]);
  });
}

/** A default a field of the operator's config file overrides by a whole reference (or repository) that no value was found to write yet. */
export const unsetConfig = (s: ImageSite): boolean =>
  s.builtin?.overrideConfig !== undefined &&
  (s.valuesParts ?? []).length === 0 &&
  (s.builtin.overrideTakes === undefined || s.builtin.overrideTakes === 'repository');

/** A default overridden by a whole reference or repository that no value was found to write yet: withProbedSettings' to look for. */
export const unsetSetting = (s: ImageSite): boolean =>
  (wholeSetting(s) || wholeField(s) || configSetting(s) || keySetting(s)) && (s.valuesParts ?? []).length === 0;

/** The text a data key of the operator's settings ConfigMap holds in this render (OpenELB's openelb-images proxy-image). */
function keyText(at: { configMap: string; key: string }, docs: readonly RenderedDoc[]): string | undefined {
  for (const doc of docs) {
    const o = sharedDocumentObject(doc);
    if (!isRecord(o) || o.kind !== 'ConfigMap' || !isRecord(o.metadata) || o.metadata.name !== at.configMap || !isRecord(o.data)) continue;
    const v = o.data[at.key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/**
 * The text a field of the operator's config file holds in this render: in any ConfigMap's data
 * entry that parses to a mapping setting that field (the file the operator reads; one whose
 * section the chart writes only once a value it leaves empty is set: Envoy Gateway's envoyProxy).
 */
function configText(field: string, docs: readonly RenderedDoc[]): string | undefined {
  for (const doc of docs) {
    const object = sharedDocumentObject(doc);
    if (!isRecord(object) || object.kind !== 'ConfigMap' || !isRecord(object.data)) continue;
    for (const data of Object.values(object.data)) {
      const config = typeof data === 'string' ? parseStructured(data) : undefined;
      const v = isRecord(config) ? resourceField(config, field) : undefined;
      if (typeof v === 'string' && v.trim() !== '') return v.trim();
    }
  }
  return undefined;
}

/**
 * The text the operator's container gives the default's override setting in this render, or (a
 * default of one resource, overridden by its own field: Elastic's `spec.image` of a Beat) the
 * resource's field, trimmed.
 */
function settingText(s: ImageSite, byPlace: ReadonlyMap<string, RenderedDoc>): string | undefined {
  const b = s.builtin!;
  if (wholeField(s)) {
    const doc = byPlace.get(`${s.source.template}\0${s.source.position ?? 0}`);
    const object = doc ? sharedDocumentObject(doc) : undefined;
    const v = isRecord(object) ? resourceField(object, b.overrideField!) : undefined;
    return typeof v === 'string' ? v.trim() : undefined;
  }
  return settingIn({ env: b.overrideEnv, flag: b.overrideFlag }, containerAt(s.source, byPlace))?.trim();
}

/**
 * Built-in defaults completed from the operator's config file and overridden by a field of it the
 * chart's file leaves out (eraser's components.collector.image.repo beside the tag the chart
 * gives). Where the marker render (`docs`) shows the file's mapping there written from one values
 * mapping whole (`toYaml .Values.runtimeConfig`: each of its marked fields is the values leaf of
 * the same key under one values path), the override's field is that path's sibling: the default's
 * values route, which values sets and proves by the reference the re-render's file then names.
 */
export function withConfigValues(sites: readonly ImageSite[], docs: readonly RenderedDoc[], leaves: ReadonlyMap<number, ImageValueLeaf>): ImageSite[] {
  const byPlace = docsByPlace(docs);
  return sites.map((s) => {
    const field = s.builtin?.overrideConfig;
    const part = field === undefined ? undefined : settingPart(s.builtin!.overrideTakes);
    if (!field || (part !== 'image' && part !== 'repository')) return s;
    const doc = byPlace.get(`${s.source.template}\0${s.source.position ?? 0}`);
    const text = doc ? getIn(sharedDocumentObject(doc), parsePath(s.source.fieldPath.split(' > ')[0]!)) : undefined;
    const config = typeof text === 'string' ? parseStructured(text) : undefined;
    const keys = field.split('.');
    const mapping = isRecord(config) ? resourceField(config, keys.slice(0, -1).join('.')) : undefined;
    if (!isRecord(mapping)) return s;
    const routes = new Map<string, PathSegment[]>();
    for (const [k, v] of Object.entries(mapping)) {
      const marks = typeof v === 'string' ? markersIn(v) : [];
      const leaf = marks.length === 1 ? leaves.get(marks[0]!) : undefined;
      if (!leaf || leaf.segments.at(-1) !== k) continue;
      const segments = [...leaf.segments.slice(0, -1), keys.at(-1)!];
      routes.set(formatPath(segments), segments);
    }
    const [route] = routes;
    return routes.size === 1 ? withParts(s, [{ path: route![0], segments: route![1], part, value: '' }]) : s;
  });
}

/** A default composed under a registry the operator's container is given (withSettingValues reads it). */
export const registrySetting = (s: ImageSite): boolean => !!(s.builtin?.overrideEnv || s.builtin?.overrideFlag) && s.builtin.overrideTakes === 'registry';

/** A default the operator's container overrides by a whole reference (or repository, or the prefix before its last component) setting. */
const wholeSetting = (s: ImageSite): boolean =>
  !!(s.builtin?.overrideEnv || s.builtin?.overrideFlag) &&
  (s.builtin.overrideTakes === undefined || s.builtin.overrideTakes === 'repository' || s.builtin.overrideTakes === 'prefix');

/** An unset setting that takes a prefix: written from values named for a registry or repository as well (probeSettingValues' slots). */
export const unsetPrefix = (s: ImageSite): boolean => unsetSetting(s) && s.builtin?.overrideTakes === 'prefix';

/** A default of the operator's container that a field of its config file overrides by a whole reference (or repository). */
const configSetting = (s: ImageSite): boolean =>
  !!s.builtin?.overrideConfig &&
  !s.builtin.overrideEnv &&
  !s.builtin.overrideFlag &&
  (s.builtin.overrideTakes === undefined || s.builtin.overrideTakes === 'repository');

/** A default of the operator that a data key of its settings ConfigMap overrides by a whole reference (or repository). */
const keySetting = (s: ImageSite): boolean =>
  !!s.builtin?.overrideSetting &&
  !s.builtin.overrideEnv &&
  !s.builtin.overrideFlag &&
  (s.builtin.overrideTakes === undefined || s.builtin.overrideTakes === 'repository');

/** A default of a resource (the site is the resource) that a field of it overrides by a whole reference (or repository). */
const wholeField = (s: ImageSite): boolean =>
  !!s.builtin?.overrideField &&
  !s.builtin.overrideEnv &&
  !s.builtin.overrideFlag &&
  (s.builtin.overrideTakes === undefined || s.builtin.overrideTakes === 'repository');
