// Provenance of values (issue 3's hook for discovery): which path from the data root produced a
// scalar a template read; and, for an observer (template reuse), what a template learned of its
// data. Containers are remembered by identity in a map as they are reached, each with its
// place, so `$img := .Values.image`, `with`, `range` and `include "x" .` keep their paths. Only
// created when ExecuteOptions.onValueRead or observe is set, so unused tracking costs one null
// check per field read.
import { isMap } from './value.js';

export type ValueReadHook = (path: readonly string[], value: unknown) => void;

/**
 * Where a container sits in the data, as a node of a tree of keys from the root: one place per
 * path, so a container met at a path others were met at before shares their place. An observer
 * notes what it learns by place (a set add per read, no path spelled out), and a reader of that
 * walks from the root to the paths it asks about.
 */
export class Place {
  private children: Map<string, Place> | null = null;
  /** The key right under the root this place lies under ('' at the root). */
  readonly top: string;
  // An observer's notes, kept here rather than in its own maps keyed by place: a map lookup per
  // read was most of what observing a render cost. A tracker's places serve one observer.
  /** Keys the container here was read at. */
  readKeys: Set<string> | null = null;
  /** The container here was used whole. */
  usedWhole = false;
  /** Whether the container here is empty was seen. */
  emptinessSeen = false;

  constructor(
    readonly parent: Place | null,
    readonly key: string,
  ) {
    this.top = !parent ? '' : parent.parent ? parent.top : key;
  }

  /** The place one key below, made on first use. */
  child(key: string): Place {
    this.children ??= new Map();
    let c = this.children.get(key);
    if (!c) this.children.set(key, (c = new Place(this, key)));
    return c;
  }

  /** The place one key below if something was met there. */
  below(key: string): Place | undefined {
    return this.children?.get(key);
  }

  /** The keys from the root to here, and `last` after them when given. */
  path(last?: string): string[] {
    let n = last === undefined ? 0 : 1;
    for (let p: Place = this; p.parent; p = p.parent) n++;
    const out = new Array<string>(n);
    if (last !== undefined) out[--n] = last;
    for (let p: Place = this; p.parent; p = p.parent) out[--n] = p.key;
    return out;
  }
}

/**
 * Everything a template could learn of its data, by place from the root (ExecuteOptions.observe):
 * a render that changes none of it gives the same text (helm/engine/template-reuse.ts).
 */
export interface Observer {
  /** The container at `at` was read at `key`, whatever it held (a missing key too). */
  read(at: Place, key: string): void;
  /** The container at `at` was used whole: ranged over, printed, handed to a function. */
  whole(at: Place): void;
  /** Only whether the container at `at` is empty was seen (if, with, and, or). */
  emptiness(at: Place): void;
}

/**
 * What functions learn of the containers they are given, for an observer (Tracker): by default
 * all of them. `hold`: nothing (include and tpl run a template on their data, an observer follows
 * it there; dict, list, set, unset, ternary only hold values; type tests see the type; index is
 * followed key by key, Tracker.indexed). `keys`: which keys a container has, or whether it is empty.
 */
const OBSERVED_AS = new Map<string, 'hold' | 'keys'>(
  Object.entries({
    include: 'hold',
    tpl: 'hold',
    dict: 'hold',
    list: 'hold',
    set: 'hold',
    unset: 'hold',
    ternary: 'hold',
    index: 'hold',
    typeIs: 'hold',
    typeOf: 'hold',
    kindIs: 'hold',
    kindOf: 'hold',
    hasKey: 'keys',
    keys: 'keys',
    len: 'keys',
    empty: 'keys',
    not: 'keys',
    default: 'keys',
    coalesce: 'keys',
    required: 'keys',
  } as const),
);

/** How an observer counts what function `name` is given. */
export function observedAs(name: string): 'hold' | 'keys' | undefined {
  return OBSERVED_AS.get(name);
}

/** The place of containers under a key of the root that is not followed (ExecuteOptions.follow): nothing is noted of them. */
const UNFOLLOWED = new Place(null, '');

export class Tracker {
  // a Map, not a WeakMap: a tracker lives for one execution, and a WeakMap's lookups and its
  // collection cost more (every field read asks it)
  private readonly places = new Map<object, Place>();

  constructor(
    private readonly hook: ValueReadHook | null,
    root: unknown,
    readonly observer: Observer | null = null,
    private readonly follow?: readonly string[],
  ) {
    if (root !== null && typeof root === 'object') this.places.set(root, new Place(null, ''));
  }

  /** `container[key]` was read and gave `value`. */
  element(container: object, key: string, value: unknown): void {
    const at = this.places.get(container);
    if (!at || at === UNFOLLOWED) return;
    if (this.observer) this.observer.read(at, key);
    if (value === null || value === undefined || typeof value === 'function') return;
    if (typeof value === 'object') {
      if (!this.places.has(value)) this.places.set(value, !at.parent && this.follow && !this.follow.includes(key) ? UNFOLLOWED : at.child(key));
    } else if (this.hook) this.hook(at.path(key), value);
  }

  /**
   * `v` was used whole. A container made during the execution (dict, list) has no path: what it
   * holds is used with it (`toYaml (dict "a" .Values.a)` shows all of .Values.a).
   */
  used(v: unknown, seen?: Set<object>): void {
    if (!this.observer || v === null || typeof v !== 'object') return;
    const at = this.places.get(v);
    if (at) return at === UNFOLLOWED ? undefined : this.observer.whole(at);
    if (!Array.isArray(v) && !isMap(v)) return;
    seen ??= new Set();
    if (seen.has(v)) return;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) this.used(x, seen);
  }

  /** `v` was ranged over: a container with a path is seen whole; the elements of one without are followed as they are read. */
  ranged(v: unknown): void {
    const at = this.observer && v !== null && typeof v === 'object' ? this.places.get(v) : undefined;
    if (at && at !== UNFOLLOWED) this.observer!.whole(at);
  }

  /** `v` was tested for truth: for a container, its emptiness. */
  tested(v: unknown): void {
    const at = this.observer && v !== null && typeof v === 'object' ? this.places.get(v) : undefined;
    if (at && at !== UNFOLLOWED) this.observer!.emptiness(at);
  }

  /** The builtin `index` read args[0][args[1]][args[2]]... */
  indexed(args: unknown[], _result: unknown): void {
    let cur = args[0];
    for (let i = 1; i < args.length && cur !== null && typeof cur === 'object'; i++) {
      const key = args[i];
      let next: unknown;
      if (Array.isArray(cur) && typeof key === 'bigint') next = cur[Number(key)];
      else if (isMap(cur) && typeof key === 'string') next = Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined;
      else return;
      this.element(cur, String(key), next);
      cur = next;
    }
  }
}
