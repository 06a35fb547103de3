// A render thrown away (discovery's, values' proofs) shares the charts' defaults between renders
// instead of copying them, as a render kept (`template`) does. Both must give the same documents,
// chart by chart: Helm's aliasing of values (globals copied down one level deep, so a subchart's
// global defaults reach its parent's tables) has to survive the sharing, and a chart writing into
// its defaults must render as it does on copies. Later renders that take templates' texts from
// earlier ones are not compared here: a text taken over keeps the random strings of the render it
// came from, while a template run again draws new ones (template reuse has tests of its own).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { restartThrowawayRandom } from '../../src/sprig/throwaway-random.js';
import type { RenderReport } from '../../src/helm/engine/render-types.js';
import { readUserValues } from '../../src/helm/values/user-values.js';
import { corpusValues } from '../../bench/lib/corpus.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');
const charts = readdirSync(corpus)
  .filter((f) => f.endsWith('.tgz'))
  .sort();

// the same clock for both, and throwaway keys; what still differs between two kept renders
// (randBytes, a random string some function draws from crypto randomness) is not compared
const sprig = { now: () => new Date('2026-01-01T00:00:00Z') };

function outcome(render: () => RenderReport): string[] {
  try {
    restartThrowawayRandom();
    const r = render();
    return [...r.docs.map((d) => `${d.template}\n${d.text}`), `NOTES ${r.notes ?? ''}`];
  } catch (e) {
    return [`error: ${(e as Error).message}`];
  }
}

/** `got` as `kept` where two kept renders agree; where they differ, `got`'s own text (its template's name must agree). */
function comparable(got: string[], kept: string[], again: string[]): string[] {
  return got.map((g, i) => (kept[i] === again[i] || kept[i]?.split('\n')[0] !== g.split('\n')[0] ? g : kept[i]));
}

describe('renders thrown away give what a kept render gives', () => {
  it('finds the corpus', () => {
    expect(charts.length).toBeGreaterThan(0);
  });

  it.each(charts)('%s', async (tgz) => {
    const path = join(corpus, tgz);
    const values = await readUserValues(corpusValues(path) ?? {});
    const keep = async () => {
      const c = await readChart(path);
      return outcome(() => renderChart(c, { values, sprig: { ...sprig, throwawayKeys: true } }));
    };
    const [kept, again] = [await keep(), await keep()];
    const chart = await readChart(path);
    const thrownAway = outcome(() => renderChart(chart, { values, sprig, disposable: true }));
    expect(thrownAway.length).toBe(kept.length);
    expect(comparable(thrownAway, kept, again)).toEqual(kept);
  });
});
