// The flags an operator's custom resource or config switches a component off with, both ways
// round: `enabled: false` (AMD's DeviceConfig `enable: false`) and `disable: true` (HwameiStor's
// Cluster, `dataLoadManager: {disable: true, ...}`), and the setting that switches it back on.

import { formatPath, type PathSegment } from '../field-path.js';
import { isRecord } from '../../util/is-record.js';
import type { ValueToggle } from './toggle.js';

/** Flags whose `false` leaves the component off. */
const ON_FLAGS = ['enabled', 'enable'] as const;
/** Flags whose `true` leaves the component off. */
const NEGATIVE_FLAGS = ['disabled', 'disable'] as const;
const NEGATIVE = new Set<string>(NEGATIVE_FLAGS);

/** Every flag name, either way round: a block holding one as a boolean is a component's on/off block. */
export const OFF_FLAGS: readonly string[] = [...ON_FLAGS, ...NEGATIVE_FLAGS];

/** The flag on this object that leaves its component off, if any. */
export function offFlag(o: Record<string, unknown>): string | undefined {
  return ON_FLAGS.find((k) => o[k] === false) ?? NEGATIVE_FLAGS.find((k) => o[k] === true);
}

/** The setting that switches on a component `path` (a dotted field path ending in its flag) leaves off. */
export function onSetting(path: string): string {
  return `${path}=${NEGATIVE.has(path.slice(path.lastIndexOf('.') + 1)) ? 'false' : 'true'}`;
}

/** Whether a switched-off field is a negative flag (`disable`), which no `enabled`-style toggle of the values switches. */
export const isNegativeFlag = (path: string): boolean => NEGATIVE.has(path.slice(path.lastIndexOf('.') + 1));

/**
 * The values' `disable: true` flags, as toggles that switch their block on (value false): the value
 * a chart writes into a resource's negative flag (`disable: {{ .Values.dataLoadManager.disable }}`).
 */
export function disableToggles(values: Record<string, unknown>): ValueToggle[] {
  const out: ValueToggle[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (!isRecord(v) || depth > 8) return;
    for (const [k, x] of Object.entries(v)) {
      segs.push(k);
      if (x === true && NEGATIVE.has(k)) out.push({ path: formatPath(segs), segments: [...segs], value: false });
      else visit(x, depth + 1);
      segs.pop();
    }
  };
  visit(values, 0);
  return out;
}
