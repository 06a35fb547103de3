import { describe, expect, it } from 'vitest';
import { TextMemo } from './text-memo.js';

describe('TextMemo', () => {
  it('keeps values by text, null included, and starts over when the texts held pass the bound', () => {
    const m = new TextMemo<unknown>(10);
    m.set('abcd', 1);
    m.set('efgh', null);
    expect([m.get('abcd'), m.get('efgh'), m.get('x')]).toEqual([1, null, undefined]);
    m.set('ijkl', 3); // 12 chars would pass 10: the earlier texts go
    expect([m.get('abcd'), m.get('efgh'), m.get('ijkl')]).toEqual([undefined, undefined, 3]);
    m.clear();
    expect(m.get('ijkl')).toBeUndefined();
  });
});
