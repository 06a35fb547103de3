// Which fields of decoded data to set so that what the consumer joins from them is exactly the
// target reference (pure). Discovery records the fields it joined (image-site.ts
// DataComposition): name parts joined by `/` (a `prefix` set once above many images), then `:`
// tag or `@` digest. The tag and digest stay; the leftmost name field takes what changes and the
// fields right of it stay as long as the target ends with them. A prefix shared by several images
// is rewritten once when every image under it goes under one new prefix (the default naming keeps
// the source path, so it does); else it keeps the part their targets share and each image's own
// field takes the rest. What no setting of the fields can compose is refused, with why.

import type { ComposedField, DataComposition, DataLevel } from '../discover/image-site.js';
import type { FieldSet } from './data-fields.js';
import { imageName } from './kustomize.js';

export interface ComposedSite {
  /** The string the fields are in: one key per scalar of one document. */
  container: string;
  composition: DataComposition;
  ref: string;
  /** Where the site goes (a full reference); absent for one that stays as it is. */
  to?: string;
}

export interface ContainerSets {
  levels: readonly DataLevel[];
  sets: FieldSet[];
}

export interface ComposedPlan {
  /** By container: the fields to set, grouped by the levels they are in. */
  sets: Map<string, ContainerSets[]>;
  /** By index into the sites given: why no setting of its fields composes its target. */
  refused: Map<number, string>;
}

const names = (f: readonly ComposedField[]) => f.filter((x) => x.part === 'name');
const where = (s: ComposedSite) => `${s.container}\0${JSON.stringify(s.composition.levels)}`;
const key = (s: ComposedSite, f: ComposedField) => `${where(s)}\0${JSON.stringify(f.at)}`;

/** Whether a path's first component names a registry host, as discovery requires of a prefix. */
function hostFirst(path: string): boolean {
  const first = path.split('/')[0]!;
  return /[.:]/.test(first) || first === 'localhost';
}

export function planComposedFields(sites: readonly ComposedSite[]): ComposedPlan {
  const refused = new Map<number, string>();
  const values = new Map<string, { site: ComposedSite; at: ComposedField['at']; value: string; by: number[] }>();
  const set = (i: number, s: ComposedSite, f: ComposedField, value: string) => {
    const k = key(s, f);
    const seen = values.get(k);
    if (seen && seen.value !== value) {
      for (const j of [...seen.by, i]) refused.set(j, `its field ${JSON.stringify(f.at)} would need two values (${seen.value}, ${value})`);
      return;
    }
    values.set(k, { site: s, at: f.at, value, by: [...(seen?.by ?? []), i] });
  };
  const prefixGroups = new Map<string, number[]>();
  sites.forEach((s, i) => {
    const prefix = s.composition.fields.find((f) => f.part === 'prefix');
    if (prefix) prefixGroups.set(key(s, prefix), [...(prefixGroups.get(key(s, prefix)) ?? []), i]);
  });
  sites.forEach((s, i) => {
    if (!s.to || s.composition.fields.some((f) => f.part === 'prefix')) return;
    const why = tailProblem(s) ?? undefined;
    if (why) return refused.set(i, why);
    const whole = s.composition.fields.find((f) => f.part === 'image');
    if (whole) return set(i, s, whole, s.to);
    const parts = splitOwn(s, leftmost(names(s.composition.fields), imageName(s.to)));
    if (typeof parts === 'string') return refused.set(i, parts);
    parts.forEach(([f, v]) => set(i, s, f, v));
  });
  for (const group of prefixGroups.values()) planPrefix(sites, group, refused, set);
  // a field a refused site needed is not set, so the other sites that needed it cannot move either
  for (let more = true; more;) {
    more = false;
    for (const v of values.values()) {
      const r = v.by.find((i) => refused.has(i));
      if (r === undefined) continue;
      for (const i of v.by.filter((j) => !refused.has(j))) {
        refused.set(i, `it shares ${JSON.stringify(v.at)} with ${sites[r]!.ref}, which cannot move (${refused.get(r)})`);
        more = true;
      }
    }
  }
  const sets = new Map<string, ContainerSets[]>();
  for (const v of values.values()) {
    if (v.by.some((i) => refused.has(i)) || v.value === v.site.composition.fields.find((f) => JSON.stringify(f.at) === JSON.stringify(v.at))?.value) continue;
    const list = sets.get(v.site.container) ?? [];
    const levels = v.site.composition.levels;
    const same = list.find((c) => JSON.stringify(c.levels) === JSON.stringify(levels));
    if (same) same.sets.push({ at: v.at, value: v.value });
    else list.push({ levels, sets: [{ at: v.at, value: v.value }] });
    sets.set(v.site.container, list);
  }
  return { sets, refused };
}

/** The tag and digest the fields join must be the target's: they stay as they are. */
function tailProblem(s: ComposedSite): string | undefined {
  const f = s.composition.fields;
  if (f.some((x) => x.part === 'image')) return undefined;
  const tag = f.find((x) => x.part === 'tag');
  const digest = f.find((x) => x.part === 'digest');
  const tail = `${tag ? `:${tag.value}` : ''}${digest ? `@${digest.value}` : ''}`;
  const want = s.to!.slice(imageName(s.to!).length);
  if (tail === want) return undefined;
  return want.includes('@') && !digest
    ? `its fields join NAME${tail} and have no digest field to pin ${want.slice(want.indexOf('@') + 1)} in`
    : `its fields join the tag ${tail || '(none)'}, the target has ${want || 'none'}`;
}

/**
 * The name fields set so that they join `name`: the fields on the right stay while `name` ends
 * with them, the rest take what is left of it, the first its first component (a host) and the
 * last all that remains; a message when it has too few components for them.
 */
function leftmost(fields: readonly ComposedField[], name: string): [ComposedField, string][] | string {
  if (fields.length === 0) return 'no name field';
  for (let keep = fields.length - 1; keep >= 0; keep--) {
    const kept = fields
      .slice(fields.length - keep)
      .map((f) => f.value)
      .join('/');
    if (keep > 0 && (!name.endsWith(`/${kept}`) || name.length === kept.length + 1)) continue;
    const changing = fields.slice(0, fields.length - keep);
    const left = (keep > 0 ? name.slice(0, -(kept.length + 1)) : name).split('/');
    if (left.length < changing.length) continue;
    const last = changing.length - 1;
    return changing.map((f, i) => [f, i < last ? left[i]! : left.slice(last).join('/')]);
  }
  return `the target name ${name} has fewer path components than the fields ${fields.map((f) => JSON.stringify(f.at)).join(', ')} it would be split over`;
}

function planPrefix(
  sites: readonly ComposedSite[],
  group: readonly number[],
  refused: Map<number, string>,
  set: (i: number, s: ComposedSite, f: ComposedField, v: string) => void,
): void {
  const moving = group.filter((i) => sites[i]!.to !== undefined);
  if (moving.length === 0) return;
  const prefix = sites[group[0]!]!.composition.fields.find((f) => f.part === 'prefix')!;
  const refuse = (why: string) => moving.forEach((i) => refused.set(i, why));
  const staying = group.filter((i) => sites[i]!.to === undefined).map((i) => sites[i]!.ref);
  if (staying.length > 0)
    return refuse(`its base ${prefix.value} also composes ${[...new Set(staying)].join(', ')}, which stays: rewriting the base would move it too`);
  const tails = moving.map((i) => tailProblem(sites[i]!));
  const bad = tails.find((t) => t !== undefined);
  if (bad) return refuse(bad);
  const targets = moving.map((i) => imageName(sites[i]!.to!));
  const rests = moving.map((i) =>
    names(sites[i]!.composition.fields)
      .map((f) => f.value)
      .join('/'),
  );
  // one new prefix for all: each target is it plus the image's own fields as they are
  const shared = targets.map((t, n) => (t.endsWith(`/${rests[n]}`) ? t.slice(0, -(rests[n]!.length + 1)) : undefined));
  if (shared.every((p) => p !== undefined && p === shared[0]) && hostFirst(shared[0]!)) {
    moving.forEach((i) => set(i, sites[i]!, prefix, shared[0]!));
    return;
  }
  // else what the targets share (whole path components, a host first) and each image the rest
  const common = commonDirectory(targets);
  if (common === '' || !hostFirst(common))
    return refuse(`its base ${prefix.value} is shared by images whose targets (${[...new Set(targets)].join(', ')}) have no common registry for one base`);
  moving.forEach((i) => {
    const s = sites[i]!;
    const parts = splitOwn(s, leftmost(names(s.composition.fields), targets[moving.indexOf(i)]!.slice(common.length + 1)));
    if (typeof parts === 'string') return refused.set(i, parts);
    if (hostFirst(parts[0]![1]))
      return refused.set(i, `the part of its target under ${common} starts with a host, which the consumer would not put under the base`);
    set(i, s, prefix, common);
    parts.forEach(([f, v]) => set(i, s, f, v));
  });
}

/**
 * A name field that also holds the tag (`probe-proxy:v1` under a prefix) cannot take a new name
 * alone: setting it would drop the tag. Only a shared prefix moves such an image.
 */
function splitOwn(s: ComposedSite, parts: [ComposedField, string][] | string): [ComposedField, string][] | string {
  if (typeof parts === 'string') return parts;
  const tails = s.composition.fields.filter((f) => f.part === 'tag' || f.part === 'digest').map((f) => JSON.stringify(f.at));
  const own = parts.find(([f, v]) => v !== f.value && tails.includes(JSON.stringify(f.at)));
  return own ? `its field ${JSON.stringify(own[0].at)} holds the name and the tag together: only its base can move it` : parts;
}

/** The leading path components all names share, none of them whole. */
function commonDirectory(names: readonly string[]): string {
  const split = names.map((n) => n.split('/').slice(0, -1));
  const out: string[] = [];
  for (let i = 0; split.every((p) => i < p.length && p[i] === split[0]![i]); i++) out.push(split[0]![i]!);
  return out.join('/');
}
