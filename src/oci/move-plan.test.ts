import { describe, expect, it } from 'vitest';
import { checkMovePlan, MovePlanError } from './move-plan.js';

const m = (source: string, destination: string, where: string, byDigest = false) => ({ source, destination, where, byDigest });

describe('checkMovePlan', () => {
  it('two sources for one tag: refused, naming both lines, the destination and a next step', () => {
    const e = (() => {
      try {
        checkMovePlan([m('a.io/x:1', 'r/x:1', 'list:1'), m('b.io/x:1', 'r/x:1', 'list:2')], 'copy plan', 'remove one');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(MovePlanError);
    expect((e as Error).message).toContain('list:1 (a.io/x:1) and list:2 (b.io/x:1) both go to r/x:1');
    expect((e as MovePlanError).hint).toBe('remove one');
  });

  it('one source to two places: refused, naming both', () => {
    expect(() => checkMovePlan([m('a.io/x:1', 'r/x:1', 'list:1'), m('a.io/x:1', 'r/y:1', 'list:5')], 'p', 'h')).toThrow(
      'list:1 and list:5 send a.io/x:1 to two destinations: r/x:1 and r/y:1',
    );
  });

  it('exact repeats are dropped (first kept, order kept); two sources at one digest cannot overwrite', () => {
    const plan = [m('a', 'r/a:1', '1'), m('b', 'r/b:1', '2'), m('a', 'r/a:1', '3'), m('c', 'r/c@sha256:1', '4', true), m('d', 'r/c@sha256:1', '5', true)];
    expect(checkMovePlan(plan, 'p', 'h').map((x) => x.where)).toEqual(['1', '2', '4', '5']);
  });

  it('two sources agreeing on the digest they put at one tag are no conflict; disagreeing or unknown ones are', () => {
    const at = (source: string, content: string | undefined, where: string) => ({ ...m(source, 'r/x:1', where), ...(content ? { content } : {}) });
    expect(checkMovePlan([at('x:1', 'sha256:1', '1'), at('x:1@sha256:1', 'sha256:1', '2')], 'p', 'h')).toHaveLength(2);
    expect(() => checkMovePlan([at('x:1', 'sha256:1', '1'), at('x:1@sha256:2', 'sha256:2', '2')], 'p', 'h')).toThrow(/both go to r\/x:1/);
    expect(() => checkMovePlan([at('x:1', undefined, '1'), at('x:1@sha256:2', 'sha256:2', '2')], 'p', 'h')).toThrow(/both go to r\/x:1/);
  });

  it('200,000 moves with 100,000 repeats: one pass, no recursion', () => {
    const plan = Array.from({ length: 200_000 }, (_, i) => m(`s${i % 100_000}`, `d${i % 100_000}`, String(i)));
    expect(checkMovePlan(plan, 'p', 'h')).toHaveLength(100_000);
  });
});
