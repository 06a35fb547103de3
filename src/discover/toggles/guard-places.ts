// Where a template's guards sit in the top chart's values. The toggle searches place every guard
// of every template, each several times a discovery; a template's guards are kept per text (its
// scan is memoised), so each is placed once per chart position.
import { formatPath, type PathSegment } from '../field-path.js';
import { fromTop } from './value.js';

/** Where a guard's path sits in the top chart's values: its segments (shared: read only) and formatted path. */
export interface Placed {
  readonly segments: readonly PathSegment[];
  readonly path: string;
}

const PLACED = new WeakMap<object, Placed & { at: readonly PathSegment[] }>();

export function placed(g: { readonly path: string }, at: readonly PathSegment[]): Placed {
  const kept = PLACED.get(g);
  if (kept && (kept.at === at || (kept.at.length === at.length && kept.at.every((a, i) => a === at[i])))) return kept;
  const segments = fromTop(at, g.path);
  const p = { at, segments, path: formatPath(segments) };
  PLACED.set(g, p);
  return p;
}
