// Helm replaces a list in values whole: an override that sets one entry must carry the others.
import type { PathSegment } from '../discover/field-path.js';
import { getIn, setIn } from '../discover/values/index.js';

/** Sets `segs` in `values`; a list on the way is first copied from `current`, so its other entries stay (Helm replaces lists whole). */
export function setKeepingLists(values: Record<string, unknown>, current: Record<string, unknown>, segs: readonly PathSegment[], value: unknown): void {
  seedLists(values, current, segs);
  setIn(values, segs, value);
}

/** Copies each list on the way to `segs` from the current values, so setting one entry keeps the rest. */
function seedLists(values: Record<string, unknown>, current: Record<string, unknown>, segs: readonly PathSegment[]): void {
  const at = segs.findIndex((s) => typeof s === 'number');
  if (at <= 0 || getIn(values, segs.slice(0, at)) !== undefined) return;
  const list = getIn(current, segs.slice(0, at));
  if (Array.isArray(list)) setIn(values, segs.slice(0, at), structuredClone(list));
}
