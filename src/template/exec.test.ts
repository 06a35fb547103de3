import { describe, expect, it } from 'vitest';
import { EXEC_CASES, run } from './exec.cases.js';

describe('text/template execution (table confirmed with Go)', () => {
  it.each(EXEC_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // twice: a tree's first run is walked (interpret.ts), the next compiled (compile-stmt.ts)
    for (let i = 0; i < 2; i++) {
      if (c.err !== undefined) expect(() => run(c)).toThrowError(c.err);
      else expect(run(c)).toBe(c.out);
    }
  });
});
