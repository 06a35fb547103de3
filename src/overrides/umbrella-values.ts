// Values for an umbrella chart (`values --format umbrella-values`): each bundled chart's override
// under the key Helm hands to that dependency (its alias, else its name), so
// `helm install umbrella -f umbrella-values.yaml` overrides every dependency (pure).
//
// Globals go to the top-level `global:`: Helm copies the parent's globals into every subchart
// and the parent's win, so an override's `global.imageRegistry` left under `<key>.global` would
// lose to any umbrella that sets the same global in its own values.yaml.
import { UsageError } from '../util/errors.js';

/** One umbrella dependency as Chart.yaml (or requirements.yaml) names it. */
export interface UmbrellaDependency {
  name: string;
  alias?: string;
}

/** One chart's written override. */
export interface UmbrellaRelease {
  release: string;
  chart: string;
  values: Record<string, unknown>;
}

export interface UmbrellaKey {
  /** The values key: the dependency's alias, else its name. */
  key: string;
  release: string;
  chart: string;
}

export interface UmbrellaValues {
  values: Record<string, unknown>;
  keys: UmbrellaKey[];
  /** What was left out or could not be hoisted, each said in a line. */
  notes: string[];
}

/**
 * `deps` absent: one key per chart, its name (the dependency name an umbrella gives it unless it
 * aliases it). Present: one key per dependency of the umbrella, filled from the release of that
 * chart (several releases of one chart: the one whose release name is the key).
 */
export function umbrellaValues(releases: readonly UmbrellaRelease[], deps?: readonly UmbrellaDependency[]): UmbrellaValues {
  const keys = deps ? keysFromDependencies(releases, deps) : keysFromCharts(releases);
  const notes: string[] = [];
  if (deps) {
    const used = new Set(keys.map((k) => k.release));
    for (const r of releases) if (!used.has(r.release)) notes.push(`chart ${r.chart} (release ${r.release}) is no dependency of the umbrella: not written`);
    for (const d of deps)
      if (!releases.some((r) => r.chart === d.name)) notes.push(`dependency ${keyOf(d)} (chart ${d.name}) is not among the charts: not written`);
  }
  const byRelease = new Map(releases.map((r) => [r.release, r]));
  const global: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const { global: g, ...rest } = byRelease.get(k.release)!.values;
    const local = isTable(g) ? hoist(global, g, k.key, 'global', notes) : undefined;
    out[k.key] = local ? { ...rest, global: local } : rest;
  }
  return { values: Object.keys(global).length > 0 ? { global, ...out } : out, keys, notes };
}

function keyOf(d: UmbrellaDependency): string {
  return d.alias && d.alias !== '' ? d.alias : d.name;
}

function keysFromCharts(releases: readonly UmbrellaRelease[]): UmbrellaKey[] {
  const seen = new Map<string, string>();
  for (const r of releases) {
    const had = seen.get(r.chart);
    if (had !== undefined)
      throw new UsageError(`chart ${r.chart} is given twice (releases ${had} and ${r.release}): an umbrella tells them apart by alias`, {
        hint: 'give the umbrella chart with --umbrella DIR (its dependencies name the aliases), or run values once per release',
      });
    seen.set(r.chart, r.release);
  }
  return releases.map((r) => ({ key: r.chart, release: r.release, chart: r.chart }));
}

function keysFromDependencies(releases: readonly UmbrellaRelease[], deps: readonly UmbrellaDependency[]): UmbrellaKey[] {
  const keys: UmbrellaKey[] = [];
  for (const d of deps) {
    const key = keyOf(d);
    const of = releases.filter((r) => r.chart === d.name);
    const pick = of.length === 1 ? of[0] : of.find((r) => r.release === key);
    if (of.length > 1 && !pick)
      throw new UsageError(`dependency ${key}: chart ${d.name} is given as releases ${of.map((r) => r.release).join(', ')} and none is named ${key}`, {
        hint: `name the release after the alias (bundle --name ${key}, or values --name ${key}) so each dependency finds its own`,
      });
    if (pick) keys.push({ key, release: pick.release, chart: d.name });
  }
  return keys;
}

/** Moves every leaf of `g` into `into`; a leaf another chart set differently stays (returned) under the chart. */
function hoist(into: Record<string, unknown>, g: Record<string, unknown>, key: string, path: string, notes: string[]): Record<string, unknown> | undefined {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) {
    const had = into[k];
    if (had === undefined) into[k] = structuredClone(v);
    else if (isTable(had) && isTable(v)) {
      const sub = hoist(had, v, key, `${path}.${k}`, notes);
      if (sub) kept[k] = sub;
    } else if (JSON.stringify(had) !== JSON.stringify(v)) {
      kept[k] = v;
      notes.push(
        `${key}.${path}.${k}=${JSON.stringify(v)} differs from ${path}.${k}=${JSON.stringify(had)} set for another chart: kept under ${key} (an umbrella that sets ${path}.${k} itself wins over it)`,
      );
    }
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
