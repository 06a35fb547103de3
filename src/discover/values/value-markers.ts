// The marker render: every image-shaped values leaf gets a unique suffix that keeps the string
// usable by templates, so the leaves that reach each rendered image can be read off the image
// afterwards. Registries and repositories get "-zq12q" (still a valid host label or path
// component); tags, digests and whole references get "+zq12q" (semver build metadata, which
// semverCompare ignores). Pure.

import type { ImageValueLeaf } from './types.js';
import type { PathSegment } from '../field-path.js';

const MARKER = /[+-]zq(\d+)q/gi;
/** What every marker holds, and every stand-in host a probe render sets (values/image-values.ts' probeHost): a render's text without it shows neither. */
export const STAND_IN_MARK = 'zq';

export interface MarkedValues {
  /** Values to layer over the user's: every marked leaf set to value + marker. */
  overlay: Record<string, unknown>;
  /** Marker number -> the leaf it stands for. */
  leaves: ReadonlyMap<number, ImageValueLeaf>;
}

/**
 * `user` (the values the user gave) with every leaf marked. Lists replace as a whole when
 * values coalesce, so a marked list entry brings a copy of its list from `full` (the coalesced
 * values the leaves were read from).
 */
export function markValues(leaves: readonly ImageValueLeaf[], full: Record<string, unknown>, user: Record<string, unknown>): MarkedValues {
  const overlay = structuredClone(user);
  const table = new Map<number, ImageValueLeaf>();
  const copied = new Set<string>();
  leaves.forEach((leaf, i) => {
    table.set(i, leaf);
    const at = enclosingList(leaf.segments);
    if (at) {
      const key = JSON.stringify(at);
      if (!copied.has(key)) setIn(overlay, at, structuredClone(getIn(full, at)));
      copied.add(key);
    }
    setIn(overlay, leaf.segments, markedText(leaf, i));
  });
  return { overlay, leaves: table };
}

/** The path of the outermost list a values path goes through (`a.models` of `a.models[0].tag`). */
function enclosingList(segs: readonly PathSegment[]): PathSegment[] | undefined {
  const list = segs.findIndex((s) => typeof s === 'number');
  return list > 0 ? segs.slice(0, list) : undefined;
}

/**
 * Sets one values path in `values` (the user's, layered over the chart's) as `--set` does into a
 * -f file that holds the whole list: a path into a list entry first brings the list from `full`
 * (lists replace as a whole when values coalesce, so setting one field of an entry alone would
 * drop the entry's other fields and the other entries).
 */
export function setInWithList(values: Record<string, unknown>, full: Record<string, unknown>, segs: readonly PathSegment[], value: unknown): void {
  const at = enclosingList(segs);
  if (at && !Array.isArray(getIn(values, at)) && Array.isArray(getIn(full, at))) setIn(values, at, structuredClone(getIn(full, at)));
  setIn(values, segs, value);
}

export function getIn(root: unknown, segs: readonly PathSegment[]): unknown {
  let cur = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** The leaf's value as marker n marks it. */
export function markedText(leaf: ImageValueLeaf, n: number): string {
  const sep = leaf.part === 'registry' || leaf.part === 'repository' ? '-' : '+';
  return `${leaf.value}${sep}zq${n}q`;
}

/**
 * Whether the string may hold a marker: every marker has a q (any case, as a template's `upper` or
 * `title` leaves it). Discovery cleans every string of every toggled render (scripts, configs):
 * two scans for a letter are cheaper than the marker pattern's, and most have no q at all.
 */
const mayHoldMarker = (s: string): boolean => s.indexOf('q') >= 0 || s.indexOf('Q') >= 0;

/** The string with every marker removed: what the chart renders without markers. */
export function stripMarkers(s: string): string {
  return mayHoldMarker(s) ? s.replace(MARKER, '') : s;
}

/** Marker numbers found in a string, in order, without repeats. */
export function markersIn(s: string): number[] {
  return mayHoldMarker(s) ? [...new Set([...s.matchAll(MARKER)].map((m) => Number(m[1])))] : [];
}

/** The first marker of a string: its number and where it starts. */
export function firstMarker(s: string): { n: number; at: number } | undefined {
  const m = mayHoldMarker(s) ? new RegExp(MARKER.source, 'i').exec(s) : null;
  return m ? { n: Number(m[1]), at: m.index } : undefined;
}

/** Sets a value at a path, creating maps (and sparse lists) on the way. */
export function setIn(root: Record<string, unknown>, segs: readonly PathSegment[], value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      define(cur, seg, value);
      return;
    }
    const next = segs[i + 1];
    if (cur[seg] === undefined || cur[seg] === null || typeof cur[seg] !== 'object') define(cur, seg, typeof next === 'number' ? [] : {});
    cur = cur[seg] as Record<string | number, unknown>;
  });
}

function define(o: Record<string | number, unknown>, k: PathSegment, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
