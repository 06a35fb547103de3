// A toggle: a setting whose value decides whether a part holding an image renders, as the optional
// search flips it. Every kind of toggle (value.ts, guard.ts, map.ts, member.ts, block.ts, ...) is
// found as one of these.
import type { PathSegment } from '../field-path.js';

export interface ValueToggle {
  path: string;
  segments: PathSegment[];
  /** The value a flip sets: true for a switch, a literal for a choice (expose.type=clusterIP), 1 for a count of 0. */
  value: boolean | string | number;
  /** The values a flip brings in, when not the toggle's own block: a dependency's (its condition may sit anywhere). */
  scope?: PathSegment[];
  /** A list toggle (the flip adds a stand-in entry) or a stand-in text a user writes (a licence key): an image that spells the value is the stand-in's, not the chart's. */
  entry?: true;
  standIn?: true;
  /** Set with it: the fields a values schema requires in a list toggle's stand-in entry. */
  also?: readonly { path: string; segments: PathSegment[]; value: string }[];
}
