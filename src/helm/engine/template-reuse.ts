// Renders of one chart that are read and thrown away (discovery's optional search, values'
// proofs) differ from each other in a few values. A template that learned nothing of the values
// that differ from an earlier render's gives the text it gave then: the first renders of a chart
// (its bases) are run with an observer that records what each template learned of .Values
// (reads, whole uses, emptiness: template/track.ts), and later renders take the texts of the
// templates the changed paths do not touch from the closest base instead of running them.
//
// Sound as long as the templates learn of values only through the executor, which the observer
// sees. Templates that write values (Sprig's set on .Values) always run, and what they wrote
// counts as changed (renderReusing). A template that reads .Subcharts, or whose required/fail
// checks passed (lenient renders count them), always runs.

import { isMap, type Observer, type Place } from '../../template/index.js';
import type { Chart } from '../chart/types.js';
import { copyUnshared } from '../values/shared-defaults.js';
import { deepEqual } from '../../sprig/types.js';
import { collectOwnMaps, mapWriteCount, watchMapWrites } from '../../sprig/dicts.js';
import type { Values } from './render-types.js';
import { lenientPasses } from './funcs.js';

/**
 * What one template learned of the values, noted by place as it runs (template/track.ts: a set add
 * per read); a later render asks by walking its changed paths down the template's places.
 */
export class Learned implements Observer {
  /** The place of .Values, once anything under it was met; what was learned is noted on the places under it. */
  private values: Place | undefined;
  private everything = false;

  constructor(private readonly valuesPath: readonly string[]) {}

  read(at: Place, key: string): void {
    if (at.top === 'Values') {
      if (at.readKeys) at.readKeys.add(key);
      else at.readKeys = new Set([key]);
      this.values ??= valuesPlace(at);
    } else if (at.top === 'Subcharts' || (!at.parent && key === 'Subcharts')) this.everything = true;
  }
  whole(at: Place): void {
    if (!at.parent || at.top === 'Subcharts') this.everything = true;
    else if (at.top === 'Values') {
      at.usedWhole = true;
      this.values ??= valuesPlace(at);
    }
  }
  emptiness(at: Place): void {
    if (at.top === 'Subcharts') this.everything = true;
    else if (at.top === 'Values') {
      at.emptinessSeen = true;
      this.values ??= valuesPlace(at);
    }
  }

  /**
   * Whether any of these changes could show in the template's text: a changed path it read, a
   * container above one it used whole, or the emptiness of a container that gained or lost a key.
   */
  touches(changes: readonly Change[]): boolean {
    if (this.everything) return true;
    if (!this.values) return false;
    const from = this.valuesPath.length;
    for (const { path, keys } of changes) {
      if (path.length <= from || !this.valuesPath.every((k, i) => path[i] === k)) continue;
      // `at` is the place of path[0..i) in the top chart's values
      let at: Place | undefined = this.values;
      for (let i = from; at; i++) {
        if (at.usedWhole) return true;
        if (i === path.length - 1) {
          if (at.readKeys?.has(path[i]!) || (keys && at.emptinessSeen)) return true;
          break;
        }
        at = at.below(path[i]!);
      }
    }
    return false;
  }
}

/** The place of .Values above a place under it. */
function valuesPlace(at: Place): Place {
  let p = at;
  while (p.parent!.parent) p = p.parent!;
  return p;
}

/** A path where two values trees differ; `keys`: a key is in one and not the other. */
export interface Change {
  path: string[];
  keys: boolean;
}

/** More changes than this and a render runs every template (checking would cost more than it saves). */
const MAX_CHANGES = 256;

/** Where `b` differs from `a`, at the first differing point of each branch; undefined past `limit` changes. */
export function valuesChanges(a: unknown, b: unknown, limit = MAX_CHANGES): Change[] | undefined {
  const out: Change[] = [];
  const path: string[] = [];
  const has = Object.prototype.hasOwnProperty;
  const walk = (x: unknown, y: unknown): boolean => {
    if (x === y) return true;
    if (isMap(x) && isMap(y)) {
      for (const k in x) {
        if (!has.call(x, k)) continue;
        if (!has.call(y, k)) out.push({ path: [...path, k], keys: true });
        else {
          const vx = x[k];
          const vy = y[k];
          if (vx === vy || (typeof vx !== 'object' && typeof vy !== 'object' && vx !== vx && vy !== vy)) continue;
          path.push(k);
          const ok = walk(vx, vy);
          path.pop();
          if (!ok) return false;
        }
      }
      for (const k in y) if (has.call(y, k) && !has.call(x, k)) out.push({ path: [...path, k], keys: true });
    } else if (!deepEqual(x, y)) out.push({ path: [...path], keys: false });
    return out.length <= limit;
  };
  return walk(a, b) ? out : undefined;
}

/** A template's text in a base render and what it learned to give it. */
export interface KeptText {
  text: string;
  learned: Learned;
  /** The values as the template saw them when a template before it had written; else the base's. */
  view?: Values;
}

/** A render whose templates' texts later renders may take. */
export interface Base {
  /** The chart tree and its templates (a dependency a condition turns on or off changes them). */
  tree: string;
  /** The values it rendered with, as they were before it ran. */
  values: Values;
  /** Texts of the templates that neither changed the values nor passed a check. */
  texts: Map<string, KeptText>;
  /** Where its templates changed the values (Sprig's set on .Values: Bitnami's generated passwords). */
  written: Change[];
}

/** The bases of one chart with one release and capabilities. */
export class ReuseSession {
  readonly bases: Base[] = [];

  /** Whether a render of these templates becomes a base, when `perTree` are enough for each. */
  wantsBase(tree: string, perTree = BASES_PER_TREE): boolean {
    return this.bases.length < MAX_BASES && this.bases.filter((b) => b.tree === tree).length < perTree;
  }

  /** The base closest to these values with the same templates, and what differs from it. */
  closest(tree: string, values: Values): { base: Base; changes: Change[] } | undefined {
    let best: { base: Base; changes: Change[] } | undefined;
    // the latest first (discovery's toggles are set on the markers' values); a walk stops once it
    // finds more changes than the best so far
    for (let i = this.bases.length - 1; i >= 0; i--) {
      const base = this.bases[i]!;
      if (base.tree !== tree) continue;
      const changes = valuesChanges(base.values, values, best ? best.changes.length - 1 : MAX_CHANGES);
      if (changes) best = { base, changes };
    }
    return best;
  }
}

/**
 * Bases per chart tree as rendered, unless the caller says (RenderOptions.reuseBases): discovery's
 * first two renders (the user's values, the markers') serve most toggles; a toggle that turns a
 * subchart on renders another tree, whose first renders become theirs. Four (the probe and the
 * search's first group render too) ran fewer templates (kube-prometheus-stack 1536 -> 1270 over
 * 41 renders, gpu-operator 105 -> 86) but a base's render is observed, and where few renders
 * follow the group (argo-workflows: none; gpu-operator: 7 of 1 to 3 templates each) that cost more
 * than it saved (with otherBases, CPU pairs against two bases without, load 16 to 20: gpu-operator
 * 1.045, argo-workflows 1.035, kube-prometheus-stack 1.04; valgrind's count for gpu-operator:
 * four bases 1.39G as two, with otherBases 1.42G). otherBases with two: kube-prometheus-stack
 * 1536 -> 1507 templates run, the others unchanged.
 */
const BASES_PER_TREE = 2;
const MAX_BASES = 8;

let sessions = new WeakMap<Chart, Map<string, ReuseSession>>();

let reuseOn = true;

/**
 * Turns reuse off (disposable renders run every template) or on again, with no bases yet:
 * bench/reuse.ts measures what reuse saves or costs each chart. Renders are the same either way.
 */
export function setTemplateReuse(on: boolean): void {
  if (on && !reuseOn) sessions = new WeakMap();
  reuseOn = on;
}

/** The session of a loaded chart rendered with these release and capabilities options; none while reuse is off. */
export function reuseSession(chart: Chart, key: string): ReuseSession | undefined {
  if (!reuseOn) return undefined;
  let byKey = sessions.get(chart);
  if (!byKey) sessions.set(chart, (byKey = new Map()));
  let s = byKey.get(key);
  if (!s) byKey.set(key, (s = new ReuseSession()));
  return s;
}

/**
 * Runs the templates (`run`), or takes their texts from the closest base where no changed value
 * reaches them; the first renders of a session run observed and become its bases.
 *
 * Values templates write: a base's writers always run, and the paths they wrote count as changed
 * (a later template read what the writer left, which may differ now). A render whose templates
 * wrote elsewhere than its base's did is made again without reuse (`rerender`).
 */
export function renderReusing(
  session: ReuseSession,
  values: Values,
  tree: string,
  rendered: readonly string[],
  valuesPath: (name: string) => string[],
  run: (name: string, observe?: Learned) => string,
  rerender: (values: Values) => Map<string, string>,
  bases?: number,
): Map<string, string> {
  // the values as they were, copied only when a template is about to write into them (a render
  // of Bitnami's password helpers; tables shared between renders are frozen and kept as they
  // are); most renders write nothing into them, though many templates set keys of dicts of their own
  let before: Values | undefined;
  let valuesWrites = 0;
  const near = session.closest(tree, values);
  const changesFor = writtenAware(near, values);
  const others = near && near.base.written.length === 0 ? otherBases(session, tree, near.base, values) : undefined;
  // the first renders become bases (discovery's: the user's values, then the markers'); a template
  // whose text comes from an earlier base keeps what it learned there, which this render left as it was
  const kept = session.wantsBase(tree, bases) ? new Map<string, KeptText>() : undefined;
  let last: Values | undefined;
  const out = new Map<string, string>();
  const writtenPaths = () => (before ? valuesChanges(before, values) : []);
  const wroteElsewhere = () => {
    const written = writtenPaths();
    return written === undefined || written.some((w) => !near!.base.written.some((b) => isUnder(w.path, b.path)));
  };
  // the dicts a template makes for itself are not the values: writes into them are not told
  const own = new Set<object>();
  const owning = collectOwnMaps(own);
  const watching = watchMapWrites(() => {
    before ??= copyUnshared(values);
    valuesWrites++;
  });
  const stopWatching = () => {
    watchMapWrites(watching);
    collectOwnMaps(owning);
  };
  try {
    for (const name of rendered) {
      const prior = near?.base.texts.get(name);
      if (prior && !prior.learned.touches(changesFor(prior))) {
        out.set(name, prior.text);
        kept?.set(name, prior.view ? prior : { ...prior, view: near!.base.values });
        continue;
      }
      const other = valuesWrites === 0 ? others?.find(name) : undefined;
      if (other) {
        out.set(name, other.prior.text);
        kept?.set(name, other.prior.view ? other.prior : { ...other.prior, view: other.base.values });
        continue;
      }
      own.clear();
      if (!kept) {
        out.set(name, run(name));
        continue;
      }
      const learned = new Learned(valuesPath(name));
      const passes = lenientPasses();
      const writes = valuesWrites;
      const text = run(name, learned);
      out.set(name, text);
      // comparing the whole values after every template was most of a base render's cost
      const wrote = valuesWrites !== writes && !deepEqual(last ?? before, values);
      if (wrote) last = copyUnshared(values);
      // a template whose checks passed runs again: its passes count (RenderReport.checksPassed)
      else if (lenientPasses() === passes) kept.set(name, last ? { text, learned, view: last } : { text, learned });
    }
  } catch (e) {
    stopWatching();
    if (near && wroteElsewhere()) return rerender(before!);
    throw e;
  }
  stopWatching();
  if (near && wroteElsewhere()) return rerender(before!);
  const written = kept && writtenPaths();
  if (kept && written) session.bases.push({ tree, values: before ?? values, texts: kept, written });
  return out;
}

/**
 * The other bases of the tree, for a template the closest base cannot give (a changed value
 * reaches it there): a base farther by values may have met this template's reads as they are now
 * (the search's group render, for a render of part of the group). Only bases whose templates
 * wrote no values, asked while this render has written none: each template's text then depends
 * on the values alone. What differs from each is found once, when first asked.
 */
function otherBases(session: ReuseSession, tree: string, near: Base, values: Values): { find(name: string): { base: Base; prior: KeptText } | undefined } {
  const bases = session.bases.filter((b) => b !== near && b.tree === tree && b.written.length === 0);
  const changes = new Map<Base, Change[] | undefined>();
  return {
    find(name) {
      for (const base of bases) {
        const prior = base.texts.get(name);
        if (!prior) continue;
        if (!changes.has(base)) changes.set(base, valuesChanges(base.values, values));
        const c = changes.get(base);
        if (c && !prior.learned.touches(c)) return { base, prior };
      }
      return undefined;
    },
  };
}

/**
 * The changes a base's template would see: where the values differ from the base's, and those of
 * the paths the base's templates wrote that hold something else now than when the template ran
 * there. Writers mostly write the same in every render (a chart's defaults filled in by `set`):
 * counting their paths as changed every time would run every template that reads near them.
 */
function writtenAware(near: { base: Base; changes: Change[] } | undefined, values: Values): (prior: KeptText) => readonly Change[] {
  const plain = near?.changes ?? [];
  const written = near?.base.written ?? [];
  if (written.length === 0) return () => plain;
  // by which of the written paths differ (their indices)
  const byDiffering = new Map<string, readonly Change[]>([['', plain]]);
  // the values change only where a template writes: what a view was compared with holds till then
  const lastFor = new Map<Values, { writes: number; changes: readonly Change[] }>();
  return (prior) => {
    const saw = prior.view ?? near!.base.values;
    const writes = mapWriteCount();
    const last = lastFor.get(saw);
    if (last?.writes === writes) return last.changes;
    const differing: Change[] = [];
    let key = '';
    written.forEach((w, i) => {
      if (deepEqual(valueAt(values, w.path), valueAt(saw, w.path))) return;
      differing.push(w);
      key += `${i},`;
    });
    let changes = byDiffering.get(key);
    if (!changes) byDiffering.set(key, (changes = [...near!.changes, ...differing]));
    lastFor.set(saw, { writes, changes });
    return changes;
  };
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  let v = values;
  for (const k of path) {
    if (!isMap(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** `path` is `prefix` or lies below it. */
function isUnder(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}
