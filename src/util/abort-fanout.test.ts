import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { linkedSignal, whenAborted } from './abort-fanout.js';

describe('whenAborted', () => {
  it('adds one listener to a signal however many wait on it; each waiter left is not called', () => {
    const c = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 100 }, (_, i) => whenAborted(c.signal, () => called.push(i)));
    const linked = Array.from({ length: 20 }, () => linkedSignal(c.signal));
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    for (let i = 0; i < 100; i += 2) stops[i]!();
    linked[0]!.done();
    c.abort(new Error('stop'));
    expect(called).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
    expect(linked[0]!.signal!.aborted).toBe(false);
    expect(linked[1]!.signal!.reason).toEqual(new Error('stop'));
  });

  it('calls a waiter at once on a signal already aborted', () => {
    let n = 0;
    whenAborted(AbortSignal.abort(), () => n++);
    expect(n).toBe(1);
  });
});
