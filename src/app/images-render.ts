// What image discovery needs from a renderer, and a memo so the same values never render twice
// (the optional search and the marker render ask for overlapping value sets).

import type { Chart } from '../helm/chart-types.js';
import type { RenderOptions, RenderReport, Values } from '../helm/render-types.js';

/** Renders a loaded chart with user values layered over its defaults (our engine or helm). */
export type RenderChart = (chart: Chart, o: RenderOptions) => Promise<RenderReport>;

export interface Renders {
  /** The documents for these user values; rejects when the chart fails to render. */
  docs(values: Values): Promise<RenderReport['docs']>;
}

export function memoRenders(render: RenderChart, chart: Chart, base: Omit<RenderOptions, 'values'>): Renders {
  const cache = new Map<string, Promise<RenderReport['docs']>>();
  return {
    docs(values) {
      const key = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
      let p = cache.get(key);
      if (!p) {
        p = render(chart, { ...base, values }).then((r) => r.docs);
        cache.set(key, p);
      }
      return p;
    },
  };
}
