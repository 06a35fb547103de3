// A values key that holds an image inside a longer string: a whole flag kept as one value
// (`agentFlag: --agent-image=quay.io/acme/agent:3.0`, an `extraArgs` entry, `-x REF`). No image
// value names the reference; the key itself moves it, set to the same string with only the
// reference replaced by the target: the writer sets it once a render showed it moves the image
// (app/values/prove.ts), and names it beside postrender until then. Pure.
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

/** `s` with its one whole occurrence of `ref` (as holdsWhole finds it) replaced by `target`, every other byte kept; undefined when it holds none. */
export function putTarget(s: string, ref: string, target: string): string | undefined {
  const at = s !== ref.trim() && ref.trim() !== '' ? holdsWhole(s, ref) : -1;
  return at >= 0 ? s.slice(0, at) + target + s.slice(at + ref.length) : undefined;
}

/** The keys of `values` whose string holds `ref` inside a longer string, each with what it becomes. */
export function heldInValues(values: Record<string, unknown>, ref: string, target: string): HeldValue[] {
  const out: HeldValue[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (out.length >= MAX_HELD) return;
    if (typeof v === 'string') {
      const set = putTarget(v, ref, target);
      if (set !== undefined) out.push({ path: formatPath(segs), segments: [...segs], set });
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
