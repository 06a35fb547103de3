// A memo over the renderer (src/helm/renderer.ts) so the same values never render twice: the
// optional search and the marker render ask for overlapping value sets.

import type { Chart } from '../../helm/chart/types.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import type { RenderOptions, RenderReport, Values } from '../../helm/engine/render-types.js';

export interface Renders {
  /** The documents for these user values; rejects when the chart fails to render. */
  docs(values: Values, lenientChecks?: boolean): Promise<RenderReport['docs']>;
  /**
   * How many required/fail checks the lenient render of exactly these values let through, when
   * that render was made (and succeeded); undefined otherwise. Nothing renders for it.
   */
  checksPassed(values: Values): Promise<number | undefined>;
}

export function memoRenders(renderer: Renderer, chart: Chart, base: Omit<RenderOptions, 'values'>): Renders {
  const cache = new Map<string, Promise<RenderReport>>();
  const keyOf = (values: Values, lenientChecks: boolean) =>
    (lenientChecks ? 'lenient ' : '') + JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return {
    docs(values, lenientChecks = false) {
      const key = keyOf(values, lenientChecks);
      let p = cache.get(key);
      if (!p) {
        p = renderer.render(chart, { ...base, values, disposable: true, lenientChecks });
        cache.set(key, p);
      }
      return p.then((r) => r.docs);
    },
    async checksPassed(values) {
      const p = cache.get(keyOf(values, true));
      return p?.then(
        (r) => r.checksPassed,
        () => undefined,
      );
    },
  };
}

/** The same renders, each of values `f` has changed first (what the chart asks for, say). */
export function mapValues(r: Renders, f: (v: Values) => Values): Renders {
  return {
    docs: (values, lenientChecks) => r.docs(f(values), lenientChecks),
    checksPassed: (values) => r.checksPassed(f(values)),
  };
}
