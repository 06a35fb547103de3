// An operator's default that a field of a named entry of a resource's list overrides (MongoDB
// Community's spec.statefulSet.spec.template.spec.containers[name=mongod].image), in a resource the
// chart renders without that entry, while the chart copies a list of its values into that list
// (Graylog's `containers: {{ toYaml .Values.mongodb.containers }}`, `[]` by default): that values
// list is the default's route, one entry named as the table names it with the field set. As for
// env lists (operators/env-value-settings.ts), which list is not guessed from names alone: each list whose
// key ends with the resource list's key is given a stand-in entry in one probe render
// (app/scan/builtin-probes.ts), and the one whose stand-in the resource then holds at the field is
// the route. Pure.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import { unsetSetting } from './builtin-routes.js';
import { resourceField, settingPart } from './default-overrides.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import { docsByPlace } from './sightings.js';
import { setIn } from '../values/value-markers.js';
import { withParts } from '../values/values-paths.js';

/** A values list a resource's named entry may come from, with the entry it is probed for. */
export interface FieldList {
  path: string;
  segments: PathSegment[];
  /** The list's entries as the chart gives them (a probe appends to them: Helm replaces a list whole). */
  items: unknown[];
  /** The entry's name and the field of it that overrides the default (`mongod`, `image`). */
  name: string;
  field: string;
}

/** At most this many are probed (one render holds them all). */
const MAX_FIELD_LISTS = 20;

/** `...containers[name=mongod].image`: the list's key, the entry's name, its field. */
const NAMED_ENTRY = /(?:^|\.)([^.[\]]+)\[name=([^\]]+)\]\.([^.[\]]+)$/;

/** The named entry whose field overrides the default, where no value was found to write it yet. */
function namedEntry(s: ImageSite): { list: string; name: string; field: string } | undefined {
  const b = s.builtin;
  if (!b?.overrideField || b.overrideEnv || b.overrideFlag || !unsetSetting(s)) return undefined;
  const m = NAMED_ENTRY.exec(b.overrideField);
  return m ? { list: m[1]!, name: m[2]!, field: m[3]! } : undefined;
}

/** Whether a default of these sites is overridden by a named entry's field (the probe render is asked only then). */
export const wantsFieldLists = (sites: readonly ImageSite[]): boolean => sites.some((s) => namedEntry(s) !== undefined);

/** The lists of `values` (empty, or of mappings) under a key ending with a named entry's list key (`containers`, `extraContainers`). */
export function fieldLists(values: Record<string, unknown>, sites: readonly ImageSite[]): FieldList[] {
  const entries = sites.flatMap((s) => namedEntry(s) ?? []);
  const out: FieldList[] = [];
  const visit = (v: Record<string, unknown>, segs: PathSegment[]): void => {
    for (const [k, x] of Object.entries(v)) {
      if (out.length >= MAX_FIELD_LISTS) return;
      const at = [...segs, k];
      const e = Array.isArray(x) && x.every(isRecord) ? entries.find((y) => k.toLowerCase().endsWith(y.list.toLowerCase())) : undefined;
      if (e) out.push({ path: formatPath(at), segments: at, items: x as unknown[], name: e.name, field: e.field });
      else if (isRecord(x)) visit(x, at);
    }
  };
  visit(values, []);
  return out;
}

/** The stand-in the probe render gives list `n`'s entry at its field. */
export const fieldProbe = (n: number): string => `zq${n}-airgap-probe`;

/** `values` with each list given an entry named as its resource's entry, the stand-in at its field. */
export function withFieldProbes(values: Record<string, unknown>, lists: readonly FieldList[], probe: (n: number) => string = fieldProbe): void {
  lists.forEach((l, n) => setIn(values, l.segments, [...structuredClone(l.items), { name: l.name, [l.field]: probe(n) }]));
}

/**
 * The defaults (`sites`) whose named entry's field the probe render (`docs`) fills with a list's
 * stand-in, each with that list's new entry as its values route (its name written beside).
 */
export function withFieldSettings(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[],
  lists: readonly FieldList[],
  probe: (n: number) => string = fieldProbe,
): ImageSite[] {
  const byPlace = docsByPlace(docs);
  return sites.map((s) => {
    const e = namedEntry(s);
    const part = e && settingPart(s.builtin!.overrideTakes);
    const doc = part && byPlace.get(`${s.source.template}\0${s.source.position ?? 0}`);
    const o = doc ? sharedDocumentObject(doc) : undefined;
    const held = isRecord(o) ? resourceField(o, s.builtin!.overrideField!) : undefined;
    const n = lists.findIndex((l, i) => held === probe(i) && l.name === e!.name);
    if (n < 0 || !e || !part) return s;
    const l = lists[n]!;
    const at: PathSegment[] = [...l.segments, l.items.length, l.field];
    const routed = withParts(s, [{ path: formatPath(at), segments: at, part, value: '', entryName: e.name }]);
    // the env parts the operator joins it from stay named beside (builtin-routes withMarkedRoutes)
    return { ...routed, valuesPaths: [...new Set([...routed.valuesPaths, ...s.valuesPaths])] };
  });
}
