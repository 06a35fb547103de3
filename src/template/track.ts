// Provenance of values (issue 3's hook for discovery): which path from the data root produced a
// scalar a template read. Containers are remembered by identity in a WeakMap as they are reached,
// so `$img := .Values.image`, `with`, `range` and `include "x" .` keep their paths. Only created
// when ExecuteOptions.onValueRead is set, so unused tracking costs one null check per field read.
import { isMap } from './value.js';

export type ValueReadHook = (path: readonly string[], value: unknown) => void;

export class Tracker {
  private readonly paths = new WeakMap<object, readonly string[]>();

  constructor(
    private readonly hook: ValueReadHook,
    root: unknown,
  ) {
    if (root !== null && typeof root === 'object') this.paths.set(root, []);
  }

  /** `container[key]` was read and gave `value`. */
  element(container: object, key: string, value: unknown): void {
    const base = this.paths.get(container);
    if (!base) return;
    const path = [...base, key];
    if (value === null || value === undefined || typeof value === 'function') return;
    if (typeof value === 'object') {
      if (!this.paths.has(value)) this.paths.set(value, path);
    } else this.hook(path, value);
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
