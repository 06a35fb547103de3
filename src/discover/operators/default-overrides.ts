// What overrides an operator's compiled-in default (operators/model.ts DefaultOverride):
// an env var or flag of the operator's container, or a field of the resource it reconciles; how
// each reads in a render, how a warning and postrender name it, and what it is set to for a target.

import { toImageRef } from '../image-ref.js';
import type { BuiltinProvenance, ImageSite } from '../image-site.js';
import type { DefaultOverride } from './model.js';
import type { PathSegment } from '../field-path.js';
import { isRecord } from '../../util/is-record.js';
import { getIn } from '../values/value-markers.js';

/** A field of a resource by dotted path; `containers[name=grafana]` is the item of a list named so. */
export function resourceField(o: Record<string, unknown>, dotted: string): unknown {
  const path = fieldPathIn(o, dotted);
  return path && getIn(o, path);
}

/**
 * The path a dotted field (as the table writes it) takes in this resource, each `[name=X]` the
 * index of the list item named so; undefined where no such item is there to address.
 */
export function fieldPathIn(o: Record<string, unknown>, dotted: string): PathSegment[] | undefined {
  const path: PathSegment[] = [];
  for (const part of dotted.split('.')) {
    const pick = /^([^[]+)\[name=([^\]]+)\]$/.exec(part);
    if (!pick) {
      path.push(part);
      continue;
    }
    const list = getIn(o, [...path, pick[1]!]);
    const i = Array.isArray(list) ? list.findIndex((x) => isRecord(x) && x.name === pick[2]) : -1;
    if (i < 0) return undefined;
    path.push(pick[1]!, i);
  }
  return path;
}

/**
 * Where to set a dotted field in this resource: its path (fieldPathIn), or, where the list of a
 * `[name=X]` part is not there at all, the path through a new list whose one item is named X
 * (`item`), as the operator matches it (Cluster API's deployment.containers[] by name). A list
 * that is there without the item gives none: an item added beside others may not be the one read.
 */
export function fieldPathToSet(o: Record<string, unknown>, dotted: string): { at: PathSegment[]; item?: string } | undefined {
  const found = fieldPathIn(o, dotted);
  if (found) return { at: found };
  const at: PathSegment[] = [];
  let item: string | undefined;
  for (const part of dotted.split('.')) {
    const pick = /^([^[]+)\[name=([^\]]+)\]$/.exec(part);
    if (!pick) {
      at.push(part);
      continue;
    }
    const list = item === undefined ? getIn(o, [...at, pick[1]!]) : undefined;
    if (item !== undefined || list !== undefined) return undefined;
    item = pick[2]!;
    at.push(pick[1]!, 0);
  }
  return item === undefined ? undefined : { at, item };
}

/** Every resource of the entry's the render holds sets the field that names the image instead: the default is not pulled. */
export const setByEvery = (path: string | undefined, resources: readonly { object: Record<string, unknown> }[]): boolean =>
  path !== undefined && resources.length > 0 && resources.every((r) => setIn(r.object, path));
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** The field is set in `o`; across `[*]`, in every item of a list that has one; a list set is one not empty. */
function setIn(o: Record<string, unknown>, dotted: string): boolean {
  const at = dotted.indexOf('[*]');
  if (at < 0) {
    const v = resourceField(o, dotted);
    return isSet(v) && !(Array.isArray(v) && v.length === 0);
  }
  const list = resourceField(o, dotted.slice(0, at));
  const rest = dotted.slice(at + 3).replace(/^\./, '');
  return Array.isArray(list) && list.length > 0 && list.every((x) => isRecord(x) && (rest === '' || setIn(x, rest)));
}

/** A setting that names no image but composes with the default: a registry in its place, or the prefix before its last path component. */
export const composes = (u: DefaultOverride): boolean => u.takes === 'registry' || u.takes === 'prefix';

/**
 * The operator's container sets the env var or passes the flag: the site table finds what it names
 * instead. A registry or prefix setting names no image: the default is composed with it (composingIn).
 */
export function overridden(u: DefaultOverride | undefined, container: Record<string, unknown> | undefined): boolean {
  if (!u || !container) return false;
  const names = [u.alsoEnv, composes(u) ? undefined : u.env].filter((n) => n !== undefined);
  // an env var set empty names nothing: programs read it as unset (`os.environ.get(X) or DEFAULT`,
  // Go's `if v := os.Getenv(X); v != ""`), so the compiled-in default is what runs (Onyx's code interpreter)
  const setsOne = (e: unknown) => isRecord(e) && names.includes(e.name as string) && !(e.value === '' && e.valueFrom === undefined);
  if (Array.isArray(container.env) && container.env.some(setsOne)) return true;
  if (composes(u)) return false;
  return u.flag !== undefined && flagValues(container, u.flag).length > 0;
}

/** The values the container passes a flag (`--name=V` or `--name V`), in order. */
/** The values a container's command and args give flag `flag` (`--name=V`, `--name V`; a bare flag: the word after it). */
export function flagValues(container: Record<string, unknown>, flag: string): string[] {
  const words = [container.command, container.args].flatMap((a) => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []));
  const bare = flag.replace(/^-+/, '');
  const out: string[] = [];
  words.forEach((w, i) => {
    if (!/^-/.test(w)) return;
    const [name, ...rest] = w.replace(/^-+/, '').split('=');
    if (name !== bare) return;
    out.push(rest.length > 0 ? rest.join('=') : (words[i + 1] ?? ''));
  });
  return out;
}

/** What a `takes: 'registry'` or `'prefix'` setting of the container gives (a flag parser keeps the last one), when set and not empty. */
export type Composing = { takes: 'registry' | 'prefix'; value: string };
export function composingIn(u: DefaultOverride | undefined, container: Record<string, unknown> | undefined): Composing | undefined {
  if (!u || !composes(u)) return undefined;
  const value = settingIn(u, container);
  return value?.trim() ? { takes: u.takes as Composing['takes'], value: value.trim().replace(/\/+$/, '') } : undefined;
}

/** What the container's env var or flag of the override holds, as written (a flag parser keeps the last one). */
export function settingIn(u: DefaultOverride | undefined, container: Record<string, unknown> | undefined): string | undefined {
  if (!u || !container) return undefined;
  const env = u.env && Array.isArray(container.env) ? container.env.find((e) => isRecord(e) && e.name === u.env) : undefined;
  return isRecord(env) && typeof env.value === 'string' ? env.value : u.flag ? flagValues(container, u.flag).at(-1) : undefined;
}

/**
 * The default as the operator writes it under what it is given: its registry replaced, or
 * everything before its last path component (MySQL's MYSQL_OPERATOR_DEFAULT_REPOSITORY, joined to
 * `community-server:VERSION`).
 */
export function composedAt(raw: string | undefined, given: Composing | undefined): string | undefined {
  const ref = raw === undefined || given === undefined ? undefined : toImageRef(raw);
  if (!ref) return raw;
  const rest = ref.normalized.slice(ref.domain.length + 1);
  return given!.takes === 'registry' ? `${given!.value}/${rest}` : `${given!.value}/${rest.slice(ref.path.lastIndexOf('/') + 1)}`;
}

export function knob(u: DefaultOverride | undefined): Pick<BuiltinProvenance, 'overrideTakes' | 'overrideEnv' | 'overrideFlag' | 'overrideConfig'> {
  return {
    ...(u?.takes ? { overrideTakes: u.takes } : {}),
    ...(u?.env ? { overrideEnv: u.env } : {}),
    ...(u?.flag ? { overrideFlag: u.flag } : {}),
    ...(u?.config ? { overrideConfig: u.config } : {}),
  };
}

/** The resource's field that overrides a default of that resource (postrender sets it), with what it holds. */
export function fieldKnob(u: DefaultOverride | undefined): Pick<BuiltinProvenance, 'overrideTakes' | 'overrideField'> {
  return u?.field ? { overrideField: u.field, ...(u.takes ? { overrideTakes: u.takes } : {}) } : {};
}

/**
 * What the operator's override setting is set to for a target: the whole reference, its
 * repository, the prefix before its last path component, or (`source` the reference the
 * operator composes now) the registry that puts the source's path under the target.
 */
export function overrideValue(target: string, takes: BuiltinProvenance['overrideTakes'], source?: string): string {
  const repository = target.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  if (takes === 'registry' && source) {
    const ref = toImageRef(source);
    const tail = ref ? `/${ref.normalized.slice(ref.domain.length + 1)}` : '';
    if (tail && target.endsWith(tail)) return target.slice(0, -tail.length);
  }
  return takes === 'repository' ? repository : takes === 'prefix' ? repository.slice(0, repository.lastIndexOf('/')) : target;
}

/**
 * The values a site of an operator's default is moved by, where the chart writes its override
 * setting from one value (builtin-images withSettingValues): a registry setting's value set to the
 * prefix that puts the source's path under the target (none where the target drops that path:
 * another naming, a digest); a whole reference's (or a repository's) value set to the target's.
 * Undefined for any other site.
 */
export function settingPaths(s: ImageSite, target: string): [string, string][] | undefined {
  const b = s.builtin;
  if (!b) return undefined;
  if (b.overrideTakes === 'registry') {
    const reg = (s.valuesParts ?? []).find((p) => p.part === 'registry');
    const value = reg ? overrideValue(target, 'registry', s.ref) : target;
    return value === target ? [] : [[reg!.path, value]];
  }
  // a setting that names the whole reference (or its repository), written from one value: the
  // operator's, or the resource's own field (a value the chart writes it from)
  const own = settingPart(b.overrideTakes);
  const leaf =
    own && (b.overrideEnv || b.overrideFlag || b.overrideConfig || b.overrideField || b.overrideSetting)
      ? (s.valuesParts ?? []).find((p) => p.part === own)
      : undefined;
  const value = leaf && overrideValue(target, b.overrideTakes);
  if (!leaf) return undefined;
  // a named list's entry (an env var, a container): its name beside the field, so a new entry names what it sets
  const name: [string, string][] = leaf.entryName ? [[leaf.path.replace(/\.[^.\]]+$/, '.name'), leaf.entryName]] : [];
  return [...name, [leaf.path, leaf.flag ? `${leaf.flag}=${value}` : value!]];
}

/**
 * The part of an image a values leaf holds to write an override setting that takes this (none: a
 * digest); a prefix is held as a repository is, a name without tag (overrideValue gives it).
 */
export function settingPart(takes: DefaultOverride['takes']): 'image' | 'repository' | 'registry' | undefined {
  return takes === undefined ? 'image' : takes === 'repository' || takes === 'prefix' ? 'repository' : takes === 'registry' ? takes : undefined;
}

export function overrideWords(u: DefaultOverride | undefined): string | undefined {
  const holds = u?.holds
    ? ` (${u.holds})`
    : u?.takes === 'repository'
      ? ' (a repository)'
      : u?.takes === 'prefix'
        ? ' (a registry/path prefix)'
        : u?.takes === 'registry'
          ? ' (a registry)'
          : u?.takes === 'digest'
            ? ' (a reference pinned by digest)'
            : '';
  if (u?.env) return `env ${u.env}${holds} of the operator's container`;
  if (u?.flag) return `flag ${u.flag}${holds} of the operator's container`;
  if (u?.field) return `field ${u.field}${holds} of the resource`;
  if (u?.config) return `field ${u.config}${holds} of the operator's config file`;
  if (u?.setting) return `key ${u.setting}${holds} of the operator's settings ConfigMap`;
  return undefined;
}
