// A values key that holds an image inside a longer string: a whole flag kept as one value
// (`agentFlag: --agent-image=quay.io/acme/agent:3.0`, an `extraArgs` entry). No image value names
// the reference, so the writer leaves it hard-coded; the key itself is a route the user can take
// (set it to the same string with the target in it), besides postrender. Pure.
import { formatPath, type PathSegment } from '../discover/field-path.js';

export interface HeldValue {
  /** The values path that holds the string. */
  path: string;
  segments: PathSegment[];
  /** The string with the target in place of the reference. */
  set: string;
}

/** At most this many keys are named for one image (a reference repeated across a values tree). */
const MAX_HELD = 3;

/** Whether `ref` sits in `s` as a whole word of a flag or list: after start, `=`, space, comma or quote; before end, space, comma, `;` or quote. */
function holdsWhole(s: string, ref: string): number {
  for (let at = s.indexOf(ref); at >= 0; at = s.indexOf(ref, at + 1)) {
    const before = at === 0 ? '' : s[at - 1]!;
    const after = s[at + ref.length] ?? '';
    if (/^$|[=\s,"']/.test(before) && /^$|[\s,;"']/.test(after)) return at;
  }
  return -1;
}

/** The keys of `values` whose string holds `ref` inside a longer string, each with what it becomes. */
export function heldInValues(values: Record<string, unknown>, ref: string, target: string): HeldValue[] {
  const out: HeldValue[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (out.length >= MAX_HELD) return;
    if (typeof v === 'string') {
      const at = v !== ref.trim() ? holdsWhole(v, ref) : -1;
      if (at >= 0) out.push({ path: formatPath(segs), segments: [...segs], set: v.slice(0, at) + target + v.slice(at + ref.length) });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
      segs.push(k);
      visit(x);
      segs.pop();
    }
  };
  if (ref.trim() !== '') visit(values);
  return out;
}
