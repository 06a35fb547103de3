import { describe, expect, it } from 'vitest';
import { chargeEntry, countDocuments, DOCUMENT_BYTES, ENTRY_BYTES, RenderBudget, withRenderBudget } from './budget.js';

describe('the render budget', () => {
  it('counts the documents a text starts, as Helm splits them (--- at the start of a line)', () => {
    expect(countDocuments('a: 1\n')).toBe(0);
    expect(countDocuments('---\na: 1\n---\nb: 2\n')).toBe(2);
    expect(countDocuments('\n---\na: "x---y"\n')).toBe(1);
  });

  it('ends a render past maxBytes / DOCUMENT_BYTES documents, whatever their size', () => {
    const b = new RenderBudget({ timeoutMs: 60_000, maxBytes: 4 * DOCUMENT_BYTES });
    b.documents(4);
    expect(() => b.documents(1)).toThrow('the render made more than 4 documents (the render budget: one for each 4096 bytes of 16384)');
  });

  it('charges each new map entry ENTRY_BYTES and its key, summed over the render, against --render-max-bytes', () => {
    const b = new RenderBudget({ timeoutMs: 60_000, maxBytes: 10 * (ENTRY_BYTES + 8) });
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
});
