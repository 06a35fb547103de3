// A bounded run of every crash fuzzer (fuzz/targets.ts; `npm run fuzz` runs 1e5 inputs each in a
// watched worker): the same seeded inputs each time, so a crash here replays with
// `npm run fuzz -- --target NAME --seed 1 --from INDEX --count 1`.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/runner.js';
import { TARGETS } from '../../fuzz/targets.js';

const COUNTS: Record<string, number> = {
  'image-ref': 5000,
  'set-values': 4000,
  template: 1200,
  'chart-archive': 800,
  'bundle-archive': 600,
  'http-response': 1500,
  'kustomize-overlay': 150,
  'image-list-map': 1500,
};

describe('fuzz targets (bounded run, seed 1)', () => {
  it('every target has a bounded run here', () => {
    expect(Object.keys(COUNTS).sort()).toEqual(Object.keys(TARGETS).sort());
  });

  it.each(Object.entries(COUNTS))('%s: %i inputs, every one a result or the domain error', async (name, count) => {
    const r = await runFuzz(TARGETS[name]!, { seed: 1, count });
    expect(r.inputs).toBe(count);
    expect(r.crashes.map((c) => `#${c.index} ${c.error}\n${c.input.slice(0, 400)}`)).toEqual([]);
    // the generators reach both sides of each parser: some inputs pass, some are refused
    expect(r.domainErrors).toBeGreaterThan(0);
    expect(r.domainErrors).toBeLessThan(count);
  });
});
