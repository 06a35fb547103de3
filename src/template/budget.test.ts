import { describe, expect, it } from 'vitest';
import { chargeEntry, chargeSlowCall, countDocuments, DOCUMENT_BYTES, ENTRY_BYTES, RenderBudget, takeHangTrip, withRenderBudget } from './budget.js';

describe('the render budget', () => {
  it('counts the documents a text starts, as Helm splits them (--- at the start of a line)', () => {
    expect(countDocuments('a: 1\n')).toBe(0);
    expect(countDocuments('---\na: 1\n---\nb: 2\n')).toBe(2);
    expect(countDocuments('\n---\na: "x---y"\n')).toBe(1);
  });

  it('ends a render past maxBytes / DOCUMENT_BYTES documents, whatever their size', () => {
    const b = new RenderBudget({ maxSteps: 1e6, timeoutMs: 60_000, maxBytes: 4 * DOCUMENT_BYTES });
    b.documents(4);
    expect(() => b.documents(1)).toThrow('the render made more than 4 documents (the render budget: one for each 4096 bytes of 16384)');
  });

  it('charges each new map entry ENTRY_BYTES and its key, summed over the render, against --render-max-bytes', () => {
    const b = new RenderBudget({ maxSteps: 1e6, timeoutMs: 60_000, maxBytes: 10 * (ENTRY_BYTES + 8) });
    expect(() =>
      withRenderBudget(() => {
        for (let i = 0; i < 10; i++) chargeEntry(8);
      }, b),
    ).not.toThrow();
    expect(() => withRenderBudget(() => chargeEntry(1), b)).toThrow(
      `the maps the render built hold more than ${10 * (ENTRY_BYTES + 8)} bytes (the render budget)`,
    );
    // outside a render nothing is charged
    expect(() => chargeEntry(1e12)).not.toThrow();
  });

  it('ends a render past maxSteps at the same step whatever the clock says, weighing slow calls', () => {
    const stepsUntilRefused = () => {
      const b = new RenderBudget({ maxSteps: 10_000, timeoutMs: 600_000, maxBytes: 1 << 20 });
      let n = 0;
      try {
        withRenderBudget(() => {
          for (;;) {
            b.tick();
            n++;
          }
        }, b);
      } catch (e) {
        expect((e as Error).message).toBe('the render took more than 10000 steps (the render budget)');
        expect((e as { code?: string }).code).toBe('ERR_RENDER_BUDGET');
      }
      return n;
    };
    expect(stepsUntilRefused()).toBe(stepsUntilRefused());
    expect(() => withRenderBudget(() => chargeSlowCall(10_001), new RenderBudget({ maxSteps: 10_000, timeoutMs: 600_000, maxBytes: 1 << 20 }))).toThrow(
      'more than 10000 steps',
    );
  });

  it('trips the hang guard with its own code, kept for whoever reports the chart, and taken once', () => {
    takeHangTrip();
    const b = new RenderBudget({ maxSteps: 1e9, timeoutMs: -1, maxBytes: 1 << 20 });
    expect(() => b.tick(256)).toThrow(/the render ran for more than -0\.001 s after 256 steps \(the render budget's hang guard/);
    const trip = takeHangTrip();
    expect(trip?.code).toBe('ERR_RENDER_TIMEOUT');
    expect(trip?.limit).toBe('--render-timeout');
    expect(takeHangTrip()).toBeNull();
  });
});
