// Values some charts ask for before they accept images other than the ones they shipped, as
// data (one row a chart family). `values` sets them when, and only when, it rewrites images of a
// chart whose defaults hold the key, and says so in the file's header.
import { isGoMap } from '../helm/values/yaml.js';

export interface SubstitutionAsk {
  /** Dotted values path the chart reads. */
  path: string;
  value: unknown;
  /** Why it is set, for the file header. */
  why: string;
}

export const SUBSTITUTION_ASKS: readonly SubstitutionAsk[] = [
  {
    // Bitnami since 2025: NOTES.txt fails the install (not `helm template`) when an image is not
    // one of the chart's own unless this is true.
    path: 'global.security.allowInsecureImages',
    value: true,
    why: 'the chart refuses substituted images unless told (its NOTES.txt check fails helm install)',
  },
];

/**
 * The asks whose key the chart's values (defaults coalesced) hold, at the top or in a subchart's
 * table at any depth (a Bitnami minio under tempo under lgtm-distributed): a global set at the
 * top reaches every subchart, so a subchart's own default counts too.
 */
export function asksOf(values: Record<string, unknown>): SubstitutionAsk[] {
  return SUBSTITUTION_ASKS.filter((a) => {
    const parts = a.path.split('.');
    return a.path.startsWith('global.') ? someTable(values, SUBCHART_DEPTH, (t) => hasPath(t, parts)) : hasPath(values, parts);
  });
}

/** How deep subcharts of subcharts are looked into (each level a chart's dependency). */
const SUBCHART_DEPTH = 4;

/** Whether `test` holds for the values or a table under them, `depth` levels down at most (walked, not listed: values are large). */
function someTable(values: Record<string, unknown>, depth: number, test: (t: Record<string, unknown>) => boolean): boolean {
  if (test(values)) return true;
  if (depth === 0) return false;
  for (const k in values) {
    if (k === 'global' || !Object.prototype.hasOwnProperty.call(values, k)) continue;
    const v = values[k];
    if (isGoMap(v) && someTable(v, depth - 1, test)) return true;
  }
  return false;
}

function hasPath(v: unknown, parts: string[]): boolean {
  let cur = v;
  for (const p of parts) {
    if (!isGoMap(cur) || !Object.prototype.hasOwnProperty.call(cur, p)) return false;
    cur = cur[p];
  }
  return true;
}

/** Sets each ask in the override values (a copy), creating tables on the way. */
export function withAsks(values: Record<string, unknown>, asks: readonly SubstitutionAsk[]): Record<string, unknown> {
  const out = structuredClone(values);
  for (const a of asks) {
    const parts = a.path.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) {
      if (!isGoMap(cur[p])) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[parts[parts.length - 1]!] = a.value;
  }
  return out;
}
