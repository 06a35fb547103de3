// Which of the operator defaults table's entries one render holds (operators/builtin-images.ts applies
// them): the operators it runs (a pod-spec image whose repository is an operator's, its version
// from the tag) and the resources they reconcile, each read once for all entries.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { isSchemaDefault } from '../sites/crd-defaults.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import { formatPath, parsePath } from '../field-path.js';
import type { ImageSite, ImageSource } from '../image-site.js';
import { toImageRef } from '../image-ref.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import type { OperatorEntry } from './model.js';
import { getIn, stripMarkers } from '../values/value-markers.js';
import { parseStructured } from '../decoders/structured-text.js';

/** What one render holds of each table entry: the operators it runs and the resources they reconcile. */
export interface OperatorSightings {
  /** By the entry's index in the table. */
  byEntry: Map<
    number,
    {
      operators: OperatorSighting[];
      resources: ResourceSighting[];
      configs?: ConfigSighting[];
      settings?: Record<string, unknown>[];
      policies?: AdmissionPolicy[];
    }
  >;
  /** References the render names itself (certain sites): a default guessed for an unread version adds nothing to them. */
  named?: ReadonlySet<string>;
}

/** The operators (from the pod-spec sites discovery found) and resources of one render the table knows. */
export function sightOperators(
  docs: readonly RenderedDoc[],
  found: readonly ImageSite[],
  table: readonly OperatorEntry[] = OPERATOR_DEFAULTS,
): OperatorSightings {
  const byPlace = docsByPlace(docs);
  const rendered = renderedResources(byPlace);
  const pods = podImages(found);
  const byEntry: OperatorSightings['byEntry'] = new Map();
  // only the entries one of the render's resources or pod images names can be sighted: the others
  // (most of the table) are not read, in each of an optional search's toggled renders
  const { byResource, byImage } = tableIndex(table);
  const named = new Set<number>();
  for (const r of rendered) for (const i of byResource.get(`${r.group}\0${r.kind}`) ?? []) named.add(i);
  for (const repository of pods.keys()) for (const source of sourceRepositories(repository)) for (const i of byImage.get(source) ?? []) named.add(i);
  for (const i of [...named].sort((a, b) => a - b)) {
    const entry = table[i]!;
    const operators = operatorSightings(entry, pods, byPlace);
    const resources = resourceSightings(entry, rendered);
    const configs = entry.configFile === undefined ? [] : configSightings(entry.configFile, rendered);
    const settings = entry.settings === undefined ? [] : settingsMaps(entry.settings, rendered);
    // the admission policies a default's `deniedBy` names: read only for an entry that has one
    const policies = entry.releases.some((r) => r.defaults.some((d) => d.deniedBy)) ? admissionPolicies(rendered) : [];
    if (operators.length > 0 || resources.length > 0)
      byEntry.set(i, {
        operators,
        resources,
        ...(configs.length > 0 ? { configs } : {}),
        ...(settings.length > 0 ? { settings } : {}),
        ...(policies.length > 0 ? { policies } : {}),
      });
  }
  if (byEntry.size === 0) return { byEntry };
  // what the chart hands the operator itself (operators/builtin-images.ts withholds a stand-in's guess of it);
  // a CRD's schema default is not handed over, only what a resource left to it would pull
  return { byEntry, named: new Set(found.filter((s) => s.certainty === 'certain' && !isSchemaDefault(s)).map((s) => s.ref)) };
}

/**
 * Whether a container image is the program of an entry the render sighted, at a tag sighted for
 * it. Sightings keep one workload per tag, so this names the others running the same program:
 * Celeborn's worker beside its master, Clusterpedia's three servers of one entry.
 */
export function runsSightedOperator(seen: OperatorSightings, image: string, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): boolean {
  return sightedOperator(seen, image, table) !== undefined;
}

/** The entry (its `operator` name) whose program a container image is, at a tag the render sighted for it. */
export function sightedOperator(seen: OperatorSightings, image: string, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): string | undefined {
  // a toggled render's container images carry the search's value markers
  const ref = toImageRef(stripMarkers(image));
  if (!ref?.tag) return undefined;
  const repository = `${ref.domain}/${ref.path}`;
  for (const [i, { operators }] of seen.byEntry) {
    const entry = table[i]!;
    if (!isEntryImage(entry, repository)) continue;
    const tag = entryVersion(entry, ref.tag);
    if (tag !== undefined && operators.some((o) => o.tag === tag)) return entry.operator;
  }
  return undefined;
}

/**
 * Whether the table has read the operator of this API group: an entry reconciles a resource of it
 * (its defaults then say what the operator pulls, for this kind or none).
 */
export const tableReadsGroup = (group: string, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): boolean => tableIndex(table).groups.has(group);

interface TableIndex {
  /** Entry indices by a resource they reconcile (`GROUP\0KIND`). */
  byResource: Map<string, number[]>;
  /** Entry indices by an operator image's repository. */
  byImage: Map<string, number[]>;
  /** The API groups of the resources the entries reconcile (asked per CRD default site). */
  groups: Set<string>;
}

const INDEXES = new WeakMap<readonly OperatorEntry[], TableIndex>();

/** Which entries of the table name each resource and each operator repository (made once per table). */
function tableIndex(table: readonly OperatorEntry[]): TableIndex {
  let index = INDEXES.get(table);
  if (index) return index;
  index = { byResource: new Map(), byImage: new Map(), groups: new Set() };
  const add = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  table.forEach((entry, i) => {
    for (const r of entry.resources ?? []) {
      add(index!.byResource, `${r.group}\0${r.kind}`, i);
      index!.groups.add(r.group);
    }
    for (const repository of entry.images) add(index!.byImage, repository, i);
  });
  INDEXES.set(table, index);
  return index;
}

export interface OperatorSighting {
  tag: string;
  /** The operator's image up to its last path component (`registry.suse.com/suse/sles/15.7`): `{operatorPath}`. */
  path: string;
  container: Record<string, unknown> | undefined;
  source: ImageSource;
}

/** The operator's config file as a ConfigMap of the render holds it (OperatorEntry.configFile), parsed. */
export interface ConfigSighting {
  object: Record<string, unknown>;
  /** The ConfigMap, fieldPath its data entry (`data["controller_manager_config.yaml"]`). */
  source: ImageSource;
}

export interface ResourceSighting {
  kind: string;
  object: Record<string, unknown>;
  source: ImageSource;
}

/** The container a site names (an operator's default's site: its operator's container) in the render whose documents these are. */
export function containerAt(source: ImageSource, byPlace: ReadonlyMap<string, RenderedDoc>): Record<string, unknown> | undefined {
  const doc = byPlace.get(`${source.template}\0${source.position ?? 0}`);
  const container = doc ? getIn(sharedDocumentObject(doc), parsePath(source.fieldPath)) : undefined;
  return isRecord(container) ? container : undefined;
}

/** Documents by template and place among the template's documents (as discoverImages counts them). */
export function docsByPlace(docs: readonly RenderedDoc[]): Map<string, RenderedDoc> {
  const out = new Map<string, RenderedDoc>();
  const counts = new Map<string, number>();
  for (const d of docs) {
    const n = counts.get(d.template) ?? 0;
    counts.set(d.template, n + 1);
    out.set(`${d.template}\0${n}`, d);
  }
  return out;
}

/** A certain pod-spec image of the render with a tag, and where it stands among the sites. */
interface PodImage {
  s: ImageSite;
  tag: string;
  at: number;
}

/** The render's certain, tagged pod-spec images by repository (DOMAIN/PATH): read once for all the table's entries. */
function podImages(found: readonly ImageSite[]): Map<string, PodImage[]> {
  const out = new Map<string, PodImage[]>();
  found.forEach((s, at) => {
    if (s.site !== 'pod-spec' || s.certainty !== 'certain') return;
    const ref = toImageRef(s.ref);
    if (!ref?.tag) return;
    const repository = `${ref.domain}/${ref.path}`;
    out.set(repository, [...(out.get(repository) ?? []), { s, tag: ref.tag, at }]);
  });
  return out;
}

/**
 * The operator repositories a pod image's repository may be a copy of: itself, and, for a copy
 * pushed under a mirror's prefix as `values` and `postrender` name it by default
 * (PREFIX/ghcr.io/acme/op: the source host kept as a path segment), the source repository it ends
 * with. An operator moved to the target is still the operator, and still pulls its compiled-in
 * defaults from where they were: `images` run on the moved release must keep listing them. A copy
 * that drops the source host says too little to tell which registry's operator it is.
 */
function sourceRepositories(repository: string): string[] {
  const parts = repository.split('/');
  const out = [repository];
  for (let i = 1; i < parts.length - 2; i++) if (/[.:]|^localhost$/.test(parts[i]!)) out.push(parts.slice(i).join('/'));
  return out;
}

/** Whether a pod image's repository is the entry's operator, itself or a mirror's copy of it. */
const isEntryImage = (entry: OperatorEntry, repository: string): boolean => sourceRepositories(repository).some((r) => entry.images.includes(r));

/** The operator's version an image tag names: the tag, or the part `tagVersion` picks. */
const entryVersion = (entry: OperatorEntry, tag: string): string | undefined =>
  entry.tagVersion === undefined ? tag : new RegExp(entry.tagVersion).exec(tag)?.[1];

/** Pod-spec images of the operator's repository: its version is the tag, or the part `tagVersion` picks (a digest alone says none). */
function operatorSightings(entry: OperatorEntry, pods: Map<string, PodImage[]>, byPlace: Map<string, RenderedDoc>): OperatorSighting[] {
  const out: OperatorSighting[] = [];
  // in the sites' order, the first sighting of a tag kept (an image the table names twice counts once)
  const mine = [...pods]
    .filter(([repository]) => isEntryImage(entry, repository))
    .flatMap(([, images]) => images)
    .sort((a, b) => a.at - b.at);
  for (const { s, tag: full } of mine) {
    const tag = entryVersion(entry, full);
    if (tag === undefined || out.some((o) => o.tag === tag)) continue;
    const doc = byPlace.get(`${s.source.template}\0${s.source.position ?? 0}`);
    const path = parsePath(s.source.fieldPath);
    const container = doc ? getIn(sharedDocumentObject(doc), path.slice(0, -1)) : undefined;
    const repository = toImageRef(s.ref)!;
    const running = `${repository.domain}/${repository.path}`;
    out.push({
      tag,
      path: running.slice(0, running.lastIndexOf('/')),
      container: isRecord(container) ? container : undefined,
      source: { ...s.source, fieldPath: formatPath(path.slice(0, -1)) },
    });
  }
  return out;
}

/** A resource of the render: its document, where it sits, and its API group and kind. */
interface RenderedResource {
  place: string;
  d: RenderedDoc;
  o: Record<string, unknown>;
  group: string;
  kind: string;
}

/**
 * Every resource of the render, read once for all the table's entries: the renderer's parse, read
 * as it is (d.object deep-copies a document on its first read, which made a copy of every
 * document of every toggled render).
 */
function renderedResources(byPlace: Map<string, RenderedDoc>): RenderedResource[] {
  const out: RenderedResource[] = [];
  for (const [place, d] of byPlace) {
    const o = sharedDocumentObject(d);
    if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
    const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.lastIndexOf('/')) : '';
    out.push({ place, d, o, group, kind: o.kind });
  }
  return out;
}

/** What the table reads of an entry's sightings in every render of a run, operators aside. */
export interface Sighted {
  resources: ResourceSighting[];
  configs: ConfigSighting[];
  settings: Record<string, unknown>[];
  policies: AdmissionPolicy[];
}

/** The sightings of one entry in every render of a run, joined. */
export const mergeSighted = (seen: readonly (Pick<Sighted, 'resources'> & Partial<Sighted>)[]): Sighted => ({
  resources: seen.flatMap((x) => x.resources),
  configs: seen.flatMap((x) => x.configs ?? []),
  settings: seen.flatMap((x) => x.settings ?? []),
  policies: seen.flatMap((x) => x.policies ?? []),
});

/** A ValidatingAdmissionPolicy of the render: its name and the template that wrote it. */
export interface AdmissionPolicy {
  name: string;
  template: string;
}

/** The render's ValidatingAdmissionPolicies. */
const admissionPolicies = (rendered: readonly RenderedResource[]): AdmissionPolicy[] =>
  rendered.flatMap(({ o, d, group, kind }) =>
    group === 'admissionregistration.k8s.io' && kind === 'ValidatingAdmissionPolicy' && isRecord(o.metadata) && typeof o.metadata.name === 'string'
      ? [{ name: o.metadata.name, template: d.template }]
      : [],
  );

function resourceSightings(entry: OperatorEntry, rendered: readonly RenderedResource[]): ResourceSighting[] {
  const out: ResourceSighting[] = [];
  if (!entry.resources?.length) return out;
  for (const { place, d, o, group, kind } of rendered) {
    if (!entry.resources.some((r) => r.group === group && r.kind === kind)) continue;
    const meta = isRecord(o.metadata) ? o.metadata : {};
    const position = Number(place.slice(place.lastIndexOf('\0') + 1));
    out.push({
      kind,
      object: o,
      source: { chart: d.chart, template: d.template, kind, name: typeof meta.name === 'string' ? meta.name : '', fieldPath: 'spec', position },
    });
  }
  return out;
}

/** The data of the render's ConfigMaps named `name`: an operator's settings, a key each (OperatorEntry.settings). */
function settingsMaps(name: string, rendered: readonly RenderedResource[]): Record<string, unknown>[] {
  return rendered.flatMap(({ o, group, kind }) =>
    group === '' && kind === 'ConfigMap' && isRecord(o.metadata) && o.metadata.name === name && isRecord(o.data) ? [o.data] : [],
  );
}

/** The render's ConfigMaps holding the config file `key` in their data, each read as a YAML or JSON mapping. */
function configSightings(key: string, rendered: readonly RenderedResource[]): ConfigSighting[] {
  const out: ConfigSighting[] = [];
  for (const { place, d, o, group, kind } of rendered) {
    const text = group === '' && kind === 'ConfigMap' && isRecord(o.data) ? o.data[key] : undefined;
    const object = typeof text === 'string' ? parseStructured(text) : undefined;
    if (!isRecord(object)) continue;
    const meta = isRecord(o.metadata) ? o.metadata : {};
    const position = Number(place.slice(place.lastIndexOf('\0') + 1));
    const name = typeof meta.name === 'string' ? meta.name : '';
    out.push({ object, source: { chart: d.chart, template: d.template, kind, name, fieldPath: formatPath(['data', key]), position } });
  }
  return out;
}
