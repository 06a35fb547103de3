// Provenance of values (issue 3's hook for discovery): which path from the data root produced a
// scalar a template read. Containers are remembered by identity in a WeakMap as they are reached,
// so `$img := .Values.image`, `with`, `range` and `include "x" .` keep their paths. Only created
// when ExecuteOptions.onValueRead is set, so unused tracking costs one null check per field read.
import { isMap } from './value.js';

export type ValueReadHook = (path: readonly string[], value: unknown) => void;

/**
 * Everything a template could learn of its data, by path from the root (ExecuteOptions.observe):
 * a render that changes none of it gives the same text (helm/engine/template-reuse.ts).
 */
export interface Observer {
  /** The container at `path` was read at `key`, whatever it held (a missing key too). */
  read(path: readonly string[], key: string): void;
  /** The container at `path` was used whole: ranged over, printed, handed to a function. */
  whole(path: readonly string[]): void;
  /** Only whether the container at `path` is empty was seen (if, with, and, or). */
  emptiness(path: readonly string[]): void;
}

/**
 * What functions learn of the containers they are given, for an observer (Tracker): by default
 * all of them. `hold`: nothing (include and tpl run a template on their data, an observer follows
 * it there; dict, list, set, unset, ternary only hold values; type tests see the type; index is
 * followed key by key, Tracker.indexed). `keys`: which keys a container has, or whether it is empty.
 */
const OBSERVED_AS: Record<string, 'hold' | 'keys' | undefined> = {
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
};

/** How an observer counts what function `name` is given. */
export function observedAs(name: string): 'hold' | 'keys' | undefined {
  return Object.prototype.hasOwnProperty.call(OBSERVED_AS, name) ? OBSERVED_AS[name] : undefined;
}

export class Tracker {
  private readonly paths = new WeakMap<object, readonly string[]>();

  constructor(
    private readonly hook: ValueReadHook | null,
    root: unknown,
    readonly observer: Observer | null = null,
  ) {
    if (root !== null && typeof root === 'object') this.paths.set(root, []);
  }

  /** `container[key]` was read and gave `value`. */
  element(container: object, key: string, value: unknown): void {
    const base = this.paths.get(container);
    if (!base) return;
    if (this.observer) this.observer.read(base, key);
    if (value === null || value === undefined || typeof value === 'function') return;
    const path = [...base, key];
    if (typeof value === 'object') {
      if (!this.paths.has(value)) this.paths.set(value, path);
    } else if (this.hook) this.hook(path, value);
  }

  /**
   * `v` was used whole. A container made during the execution (dict, list) has no path: what it
   * holds is used with it (`toYaml (dict "a" .Values.a)` shows all of .Values.a).
   */
  used(v: unknown, seen?: Set<object>): void {
    if (!this.observer || v === null || typeof v !== 'object') return;
    const path = this.paths.get(v);
    if (path) return this.observer.whole(path);
    if (!Array.isArray(v) && !isMap(v)) return;
    seen ??= new Set();
    if (seen.has(v)) return;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) this.used(x, seen);
  }

  /** `v` was ranged over: a container with a path is seen whole; the elements of one without are followed as they are read. */
  ranged(v: unknown): void {
    const path = this.observer && v !== null && typeof v === 'object' ? this.paths.get(v) : undefined;
    if (path) this.observer!.whole(path);
  }

  /** `v` was tested for truth: for a container, its emptiness. */
  tested(v: unknown): void {
    const path = this.observer && v !== null && typeof v === 'object' ? this.paths.get(v) : undefined;
    if (path) this.observer!.emptiness(path);
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
