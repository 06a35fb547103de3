// The `enabled`-style switches of a values tree: the settings whose flip may make a chart use
// images the default render does not (hotReload.enabled, metrics.enabled, redis.enabled...).

import type { Chart } from '../../helm/chart/types.js';
import type { ChartTemplates } from '../values/types.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { imagePartOf } from '../values/image-values.js';
import { TextMemo } from '../../util/text-memo.js';
import { scanOf, settingHelpers, type TextScan } from './template-scan.js';
import { VALUES_PATH, type Guard } from './if-guards.js';
import { isRecord } from '../../util/is-record.js';
import { getIn } from '../values/value-markers.js';
import { otherWords } from './choice-words.js';
import { blockRangedLists, requiredEntryFields } from '../values/list-entry-blocks.js';

export type { ValueToggle } from './toggle.js';
import type { ValueToggle } from './toggle.js';

/**
 * The toggle of `group` a template reads first (`{{- if .Values.gpuCluster.deployCR }}` around its
 * whole object), `at` being where the template's chart's values sit: the likely switch of an image
 * the template renders with no values of its own under any toggle (an operator's custom resource,
 * whose images come from the operator's defaults).
 */
export function firstToggleRead(text: string, at: readonly PathSegment[], group: readonly ValueToggle[]): ValueToggle | undefined {
  const byPath = new Map<string, ValueToggle>();
  for (const t of group) {
    // a subchart's .Values.global is the top chart's global (Helm copies it down)
    const base = t.segments[0] === 'global' ? [] : at;
    if (t.entry || t.segments.length <= base.length || !base.every((a, i) => t.segments[i] === a) || (t.segments[base.length] === 'global' && base.length > 0))
      continue;
    const keys = t.segments.slice(base.length);
    if (keys.every((k) => typeof k === 'string' && /^[A-Za-z_]\w*$/.test(k))) byPath.set(keys.join('.'), t);
  }
  if (byPath.size === 0) return undefined;
  for (const m of text.matchAll(VALUES_PATH)) {
    const t = byPath.get(m[1]!);
    if (t) return t;
  }
  return undefined;
}

/**
 * `enabled`, `metricsEnabled`, `enableFoo`: the usual switch, in any case style a chart writes its
 * keys in (`serviceMonitorEnabled`, Volcano's `metrics_enable`, `grafana-enabled`, `enable_tracing`).
 */
export const ENABLED_KEY = /^(enabled?|[A-Za-z0-9][\w-]*(Enabled?|[_-]enabled?)|enable[A-Z_-][\w-]*)$/;
/**
 * Switches of other names that bring parts (and their images) when on: `create`, `install`,
 * `deploy`, and the same words joined to what they bring (`installOperator`, `deployAgent`,
 * `sandboxDeploy`).
 */
const TOGGLE_KEY = new RegExp(
  `${ENABLED_KEY.source}|^(create|install|deploy)([A-Z_-][\\w-]*)?$|^[A-Za-z0-9][\\w-]*(Create|Install|Deploy|[_-](create|install|deploy))$`,
);

/**
 * Entries of one list searched for switches: a chart's example entries (`modelSpec[0].enabled:
 * false`) are few; a long list is data (rules, hosts), not parts to switch on.
 */
const LIST_ENTRIES = 8;

/**
 * Boolean toggles that are off (flipping them on can only add parts of a chart); `keys`: which keys
 * switch. A list entry's switch counts too (`models[0].enabled`): the template ranges over the list
 * and runs the entries that are on.
 */
export function offToggles(values: Record<string, unknown>, keys: RegExp = TOGGLE_KEY): ValueToggle[] {
  const out: ValueToggle[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.slice(0, LIST_ENTRIES).forEach((entry, i) => {
        if (!isRecord(entry)) return;
        segs.push(i);
        visit(entry);
        segs.pop();
      });
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      segs.push(k);
      if (x === false && keys.test(k)) out.push({ path: formatPath(segs), segments: [...segs], value: true });
      else visit(x);
      segs.pop();
    }
  };
  visit(values);
  return out;
}

/** A dependency's `condition` (comma-separated values paths) and where its parent's values sit. */
export interface DependencyCondition {
  /** The parent chart's place in the top chart's values ([] for the top chart, [alias] below it). */
  at: PathSegment[];
  /** The dependency's key in those values (alias or name). */
  key: string;
  condition: string;
}

/**
 * Conditions of dependencies at any depth that are off, whatever their key is called
 * (metaMonitoring.grafanaAgent.installOperator): Helm takes the first path of a condition that
 * holds a boolean, so that path is the toggle. Paths offToggles already names are left out.
 */
export function conditionToggles(conditions: readonly DependencyCondition[], values: Record<string, unknown>): ValueToggle[] {
  const out: ValueToggle[] = [];
  if (conditions.length === 0) return out;
  const named = new Set(offToggles(values, ENABLED_KEY).map((t) => t.path));
  for (const c of conditions) {
    const off = switchedOff(c, values);
    if (off && !named.has(off.path) && !out.some((t) => t.path === off.path)) out.push(off);
  }
  return out;
}

/** Every dependency condition of the chart tree, with where each parent's values sit (by alias). */
export function dependencyConditions(chart: Chart, at: string[] = []): DependencyCondition[] {
  const out: DependencyCondition[] = [];
  for (const dep of chart.metadata.dependencies ?? []) {
    if (dep.condition) out.push({ at, key: dep.alias ?? dep.name, condition: dep.condition });
    const sub = chart.dependencies.find((c) => c.metadata.name === dep.name);
    if (sub) out.push(...dependencyConditions(sub, [...at, dep.alias ?? dep.name]));
  }
  return out;
}

/**
 * The condition's switch, as Helm reads it (its first path that holds a boolean), as the toggle
 * that turns the subchart on when that boolean is false; undefined when it is on or none holds one.
 */
function switchedOff(c: DependencyCondition, values: Record<string, unknown>): ValueToggle | undefined {
  for (const p of c.condition
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const segments = [...c.at, ...p.split('.')];
    const v = getIn(values, segments);
    if (typeof v !== 'boolean') continue;
    return v === false ? { path: formatPath(segments), segments, value: true, scope: [...c.at, c.key] } : undefined;
  }
  return undefined;
}

/**
 * The switches that turn on the subcharts a setting sits in (`redis-ha.enabled` for
 * `redis-ha.restore.s3.source`): a choice inside a subchart that is off renders nothing alone.
 */
export function enablingToggles(conditions: readonly DependencyCondition[], values: Record<string, unknown>, segments: readonly PathSegment[]): ValueToggle[] {
  return conditions.flatMap((c) => {
    const scope = [...c.at, c.key];
    if (scope.length >= segments.length || scope.some((k, i) => segments[i] !== k)) return [];
    const off = switchedOff(c, values);
    return off ? [off] : [];
  });
}

/** `group` with the switches of the subcharts that are off around its toggles, those first. */
export function withEnabling(conditions: readonly DependencyCondition[], values: Record<string, unknown>, group: readonly ValueToggle[]): ValueToggle[] {
  const on = new Map(group.flatMap((t) => enablingToggles(conditions, values, t.segments)).map((t) => [t.path, t]));
  return [...on.values(), ...group];
}

/**
 * The switches left off inside subcharts that are off, grouped by the subchart switches that
 * enclose them (`eck-stack.eck-kibana.enabled` under `eck-stack.enabled`): searched with those held
 * on, since halving a group whose render failed (a sibling's `fail` without more values) parts a
 * nested switch from its subchart's, and alone it renders nothing. `done`: toggles that brought images.
 */
export function heldSwitchGroups(
  conditions: readonly DependencyCondition[],
  values: Record<string, unknown>,
  toggles: readonly ValueToggle[],
  done: ReadonlySet<string>,
): { held: ValueToggle[]; inner: ValueToggle[] }[] {
  if (conditions.length === 0) return [];
  const groups = new Map<string, { held: ValueToggle[]; inner: ValueToggle[] }>();
  for (const t of toggles) {
    if (done.has(formatToggles([t]))) continue;
    const held = enablingToggles(conditions, values, t.segments).filter((e) => e.path !== t.path);
    if (held.length === 0) continue;
    const key = formatToggles(held);
    const g = groups.get(key) ?? { held, inner: [] };
    g.inner.push(t);
    groups.set(key, g);
  }
  return [...groups.values()];
}

const MAX_CHOICES = 4;

/** Words Helm's --set reads as a boolean, null or an integer rather than a string (strvals' typedVal). */
const SET_TYPED = /^(?:true|false|null|-?(?:0|[1-9]\d*))$/i;

const SCHEMAS = new TextMemo<unknown>(4 * 1024 * 1024);

/** The string words of the `enum` values.schema.json gives a setting (by `properties`, path relative to its chart). */
function schemaEnum(schema: string | undefined, rel: string): string[] {
  if (!schema) return [];
  let node = SCHEMAS.of(schema, (t) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return undefined;
    }
  });
  for (const key of rel.split('.')) {
    const props = isRecord(node) ? node.properties : undefined;
    node = isRecord(props) ? props[key] : undefined;
  }
  const e = isRecord(node) ? node.enum : undefined;
  return Array.isArray(e) ? e.filter((w): w is string => typeof w === 'string') : [];
}

/** A path relative to its chart, from the top chart's values: a subchart's under its alias, globals as they are. */
export function fromTop(at: readonly PathSegment[], rel: string): PathSegment[] {
  const segs = rel.split('.');
  return segs[0] === 'global' ? segs : [...at, ...segs];
}

/**
 * Settings that pick one of several words (harbor's expose.type: ingress, clusterIP, nodePort...):
 * the templates compare them with literals, and a literal other than the current value may
 * render parts (and images) the default does not. A setting absent from values counts where the
 * template gives it a default (the default is then its value). Returns rounds: the k-th round
 * holds the k-th other literal of every such setting, so one render never sets a path twice.
 */
export function choiceToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[][] {
  const literals = new Map<string, { segments: PathSegment[]; words: Set<string>; made: Set<string>; nearImage: boolean; fallback?: string; text?: boolean }>();
  const helpers = new Map(charts.map((c) => [c, settingHelpers(c.texts)]));
  for (const src of charts.flatMap((c) => c.texts.map((text) => ({ at: c.at, text, helpers: helpers.get(c)!, schema: c.schema })))) {
    const { nearImage, compared } = scanOf(src.text);
    for (const m of compared) {
      const rel = 'helper' in m ? src.helpers.get(m.helper) : m.path;
      if (rel === undefined) continue;
      const segments = fromTop(src.at, rel);
      const path = formatPath(segments);
      const entry = literals.get(path) ?? { segments, words: new Set<string>(), made: new Set<string>(), nearImage };
      if ('made' in m && m.made) m.words.forEach((w) => entry.made.add(w));
      // the schema's enum names the words a template compared with one only (`ne .Values.mode "standalone"`)
      [...m.words, ...schemaEnum(src.schema, rel)].forEach((w) => entry.words.add(w));
      entry.nearImage ||= nearImage;
      if ('fallback' in m && m.fallback !== undefined) entry.fallback ??= m.fallback;
      // every comparison reads it as text: a word --set types (`true`) compares the same
      entry.text = (entry.text ?? true) && 'stringified' in m && m.stringified === true;
      literals.set(path, entry);
    }
  }
  const rounds: ValueToggle[][] = [];
  for (const [path, { segments, words, made, nearImage, fallback, text }] of literals) {
    const given = getIn(values, segments);
    const now = given === undefined || given === null ? fallback : given;
    if (!nearImage || typeof now !== 'string') continue;
    // an image part compared with a word (`eq $registry "docker.io"` drops Docker Hub's host) only
    // spells the same image another way: no mode, and its other spelling is no image of the chart
    if (isImagePart(segments, now)) continue;
    // compared only with its own default (minecraft's `ne (printf "%s" .Values.minecraftServer.eula)
    // "FALSE"` around the whole Deployment): a word of two sides has one other to try
    const others = [...words].every((w) => w === now) ? otherWords(now, getIn(values, segments.slice(0, -1))) : [];
    for (const other of others) [words, made].forEach((w) => w.add(other));
    [...words]
      // a word as --set can carry it back (values --include-optional sets the toggle that way); a
      // string made for a pattern test is one already (toggles/pattern-example.ts). Not a word --set reads
      // as a boolean or a number: the setting is a string, and `eq` of a string with a bool fails
      .filter((w) => w !== now && (made.has(w) || (/^[\w.-]+$/.test(w) && (text || !SET_TYPED.test(w)))))
      .slice(0, MAX_CHOICES)
      .forEach((w, k) => (rounds[k] ??= []).push({ path, segments, value: w }));
  }
  return rounds;
}

export function isImagePart(segments: readonly PathSegment[], value: string): boolean {
  const [key, parent] = [segments[segments.length - 1], segments[segments.length - 2]];
  return typeof key === 'string' && imagePartOf(key, typeof parent === 'string' ? parent : undefined, value) !== undefined;
}

/** The entry a list toggle adds: a name is what each entry's workload is called after. */
export const LIST_ENTRY = { key: 'name', value: 'example' } as const;

/**
 * Lists and maps empty by default that a template ranges over beside an image (`gateways: []` or
 * `{}`, each entry a gateway Deployment with the chart's own image): one entry may bring parts the
 * default does not. The toggle adds one entry named LIST_ENTRY, as --set writes it
 * (`gateways[0].name=example`; a map's under that key, `gateways.example.name=example`).
 */
export function listToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const list of [...nearImagePaths(charts, (x) => x.ranged), ...blockRangedLists(charts, values)]) {
    const v = getIn(values, list);
    // a map ranged as `range $name, $g := .Values.gateways` takes its stand-in under the same name
    const empty = Array.isArray(v) ? v.length === 0 : isRecord(v) && !(v instanceof Uint8Array) && Object.keys(v).length === 0;
    if (!empty) continue;
    const segments = [...list, Array.isArray(v) ? 0 : LIST_ENTRY.value, LIST_ENTRY.key];
    const path = formatPath(segments);
    const also = (Array.isArray(v) ? requiredEntryFields(charts, list) : [])
      .filter((k) => k !== LIST_ENTRY.key)
      .map((k) => ({ path: formatPath([...list, 0, k]), segments: [...list, 0, k], value: LIST_ENTRY.value }));
    if (!out.has(path)) out.set(path, { path, segments, value: LIST_ENTRY.value, entry: true, ...(also.length > 0 ? { also } : {}) });
  }
  return [...out.values()];
}

/** The values paths (from the top chart) that `pick` reads in templates naming an image, in order, each once. */
export function nearImagePaths(
  charts: readonly ChartTemplates[],
  pick: (scan: TextScan, at: readonly PathSegment[], chart: ChartTemplates) => readonly string[],
): PathSegment[][] {
  const out = new Map<string, PathSegment[]>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      for (const rel of pick(scan, c.at, c)) {
        const segments = fromTop(c.at, rel);
        const path = formatPath(segments);
        if (!out.has(path)) out.set(path, segments);
      }
    }
  return [...out.values()];
}

/** Values blocks (from the top chart) whose `name` a template puts first in an image field, a tag after it. */
export function wholeNameBlocks(charts: readonly ChartTemplates[]): Set<string> {
  return new Set(nearImagePaths(charts, (x) => x.wholeNames).map(formatPath));
}

/** Keys of one entry string searched: an operator's feature gates are a handful, not a list of data. */
const MAX_ENTRY_KEYS = 8;

/**
 * Feature gates as one string (Agones' `featureGates: "A=true&B=false"`): a helper cuts the string
 * into `Key=value` entries and prints them as a map (over defaults of its own), and an `if` tests
 * a key of that map (`$gates := include "x.gates" . | fromYaml` ... `if $gates.Processor`) in a
 * branch that can bring an image. Each such key is a switch: the flip appends `Key=true` to the
 * string. Returns rounds, one key of each string a round (a render sets a path once).
 */
export function entryToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[][] {
  const maps = new Map<string, { segments: PathSegment[]; separator: string }>();
  for (const c of charts)
    for (const t of c.texts) for (const m of scanOf(t).entryMaps) maps.set(m.helper, { segments: fromTop(c.at, m.path), separator: m.separator });
  if (maps.size === 0) return [];
  const bringing = bringsImage(charts);
  const keys = new Map<string, Set<string>>();
  for (const c of charts)
    for (const t of c.texts)
      for (const g of scanOf(t).mapKeys) if (maps.has(g.helper) && bringing(g)) keys.set(g.helper, (keys.get(g.helper) ?? new Set()).add(g.path));
  const rounds: ValueToggle[][] = [];
  for (const [helper, on] of keys) {
    const { segments, separator } = maps.get(helper)!;
    const now = getIn(values, segments) ?? '';
    if (typeof now !== 'string') continue;
    [...on]
      .filter((k) => !now.split(separator).includes(`${k}=true`))
      .slice(0, MAX_ENTRY_KEYS)
      .forEach((k, i) => (rounds[i] ??= []).push({ path: formatPath(segments), segments, value: now ? `${now}${separator}${k}=true` : `${k}=true` }));
  }
  return rounds;
}

/**
 * A guard whose branch can bring an image: by its own text, or by a helper it includes that names
 * one (helpers are global to the chart tree); `strict`, by the branch's text alone, not the line or
 * the image helper it sits in (Guard.holds).
 */
export function bringsImage(charts: readonly ChartTemplates[], strict = false): (g: Guard) => boolean {
  let helpers: Set<string> | undefined;
  const imageHelpers = () => (helpers ??= new Set(charts.flatMap((c) => c.texts.flatMap((t) => scanOf(t).imageHelpers()))));
  return (g) => (strict ? g.holds(imageHelpers) : g.brings(imageHelpers));
}

/** The switch at `segments` turned on. */
export const switchOn = (segments: PathSegment[]): ValueToggle => ({ path: formatPath(segments), segments, value: true });

export function formatToggles(ts: readonly ValueToggle[]): string {
  return ts.flatMap((t) => [`${t.path}=${t.value}`, ...(t.also ?? []).map((a) => `${a.path}=${a.value}`)]).join(',');
}
