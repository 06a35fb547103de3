// Plugins an operator runs only while an env var of its own container says so (the operator
// defaults table's `pluginGates`): the chart may still hand it each plugin's image in a ConfigMap
// (Starboard's Polaris, whose config the chart writes by default, while
// OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED=false keeps every config-audit plugin from starting). Such
// an image is switched off, so optional: the search finds it on in the render whose values turn
// the env var on, and names that setting.

import { siteKey, type ImageSite } from '../image-site.js';
import { parsePath } from '../field-path.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import type { OperatorEntry } from './model.js';
import type { PluginGate } from './model.js';
import type { OperatorSightings } from './sightings.js';
import { isRecord } from '../../util/is-record.js';

/** How a gated site's switchedOff names its env var. */
const GATE = 'env ';

/** The strings Go's strconv.ParseBool reads (the env libraries operators use parse with it). */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Whether the container leaves the gate off: the env var set to false, or unset where the
 * operator's own default is off. A value from elsewhere (valueFrom) or unreadable: not known off.
 */
function gateOff(gate: PluginGate, container: Record<string, unknown> | undefined): boolean {
  const env = Array.isArray(container?.env) ? container.env : [];
  const item = env.find((e) => isRecord(e) && e.name === gate.env);
  if (!isRecord(item)) return !gate.on;
  if (typeof item.value !== 'string' && item.value !== undefined) return false;
  if (item.value === undefined) return item.valueFrom === undefined && !gate.on;
  return GO_FALSE.has(item.value.trim()) || (!GO_TRUE.has(item.value.trim()) && !gate.on);
}

/** The data key of a ConfigMap site (`data["polaris.imageRef"]`, or inside it). */
function dataKey(s: ImageSite): string | undefined {
  if (s.source.kind !== 'ConfigMap') return undefined;
  const path = parsePath(s.source.fieldPath.split(' > ')[0]!);
  return path[0] === 'data' && typeof path[1] === 'string' ? path[1] : undefined;
}

/**
 * The sites of plugin images whose operator (running in this render) has their gate off, marked
 * switched off by the gate's env var; the others as they are.
 */
export function markGatedPlugins(sites: readonly ImageSite[], seen: OperatorSightings, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): ImageSite[] {
  const off: { keys: RegExp; env: string }[] = [];
  for (const [i, { operators }] of seen.byEntry)
    for (const gate of table[i]!.pluginGates ?? [])
      if (operators.length > 0 && operators.every((op) => gateOff(gate, op.container))) off.push({ keys: new RegExp(gate.keys), env: gate.env });
  if (off.length === 0) return [...sites];
  return sites.map((s) => {
    const key = s.switchedOff === undefined && s.site !== 'pod-spec' ? dataKey(s) : undefined;
    const gate = key === undefined ? undefined : off.find((g) => g.keys.test(key));
    return gate ? { ...s, switchedOff: `${GATE}${gate.env}` } : s;
  });
}

/**
 * The setting that turns a gate on, as the optional search found it: a plugin switched off by the
 * gate in the plain render and found on in a toggled one is named by that toggle (the values
 * that set the env var: operator.configAuditScannerEnabled=true), and a plugin the search found
 * still switched off by it (a choice of plugin, Conftest for Polaris) needs that toggle too.
 */
export function nameGateSettings(sites: readonly ImageSite[], found: readonly ImageSite[]): { sites: ImageSite[]; found: ImageSite[] } {
  const place = (s: ImageSite) => `${siteKey(s.source)}\0${s.ref}`;
  const on = new Map(found.filter((f) => f.switchedOff === undefined && f.toggle).map((f) => [place(f), f.toggle!]));
  const byGate = new Map<string, string>();
  // the search's reading of a plain site it names is that site: listed once, with the setting
  const named = new Set<string>();
  for (const s of sites) {
    const toggle = s.switchedOff?.startsWith(GATE) ? on.get(place(s)) : undefined;
    if (!toggle) continue;
    byGate.set(s.switchedOff!, toggle);
    named.add(place(s));
  }
  if (byGate.size === 0) return { sites: [...sites], found: [...found] };
  const withGate = (s: ImageSite, also: boolean): ImageSite => {
    const gate = s.switchedOff === undefined ? undefined : byGate.get(s.switchedOff);
    if (!gate) return s;
    return { ...s, toggle: also && s.toggle && !s.toggle.split(',').includes(gate) ? `${s.toggle},${gate}` : gate };
  };
  return {
    sites: sites.map((s) => withGate(s, false)),
    found: found.filter((f) => f.switchedOff !== undefined || !named.has(place(f))).map((f) => withGate(f, true)),
  };
}
