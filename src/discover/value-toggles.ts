// The `enabled`-style switches of a values tree: the settings whose flip may make a chart use
// images the default render does not (hotReload.enabled, metrics.enabled, redis.enabled...).

import { formatPath, type PathSegment } from './field-path.js';

export interface ValueToggle {
  path: string;
  segments: PathSegment[];
  /** The value a flip sets. */
  value: boolean;
}

const TOGGLE_KEY = /^(enabled?|[a-z0-9]+Enabled|enable[A-Z_]\w*)$/;

/** Boolean toggles that are off (flipping them on can only add parts of a chart). */
export function offToggles(values: Record<string, unknown>): ValueToggle[] {
  const out: ValueToggle[] = [];
  const visit = (v: unknown, segs: PathSegment[]): void => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) return;
    for (const [k, x] of Object.entries(v)) {
      if (x === false && TOGGLE_KEY.test(k)) out.push({ path: formatPath([...segs, k]), segments: [...segs, k], value: true });
      else visit(x, [...segs, k]);
    }
  };
  visit(values, []);
  return out;
}

export function formatToggles(ts: readonly ValueToggle[]): string {
  return ts.map((t) => `${t.path}=${t.value}`).join(',');
}
