import { describe, expect, it } from 'vitest';
import { EXEC_CASES, type ExecCase } from './exec.cases.js';
import { TemplateSet } from './index.js';

class Versions {
  constructor(private readonly list: string[]) {}
  Has(v: string): boolean {
    return this.list.includes(v);
  }
}
class Capabilities {
  APIVersions = new Versions(['v1', 'apps/v1']);
}
class Files {
  Get(name: string): string {
    return 'content of ' + name;
  }
}

// The same functions the Go harness registers when the expected values were produced.
const funcs = {
  fail: (s: string) => {
    throw new Error(s);
  },
  upper: (s: string) => s.toUpperCase(),
  list: (...a: unknown[]) => a,
  dict: (...a: unknown[]) => {
    const m: Record<string, unknown> = {};
    for (let i = 0; i + 1 < a.length; i += 2) m[a[i] as string] = a[i + 1];
    return m;
  },
  nilfn: () => null,
};

export function run(c: Pick<ExecCase, 'tpl' | 'data' | 'mk'>): string {
  const set = new TemplateSet({ funcs, missingKey: c.mk ?? 'zero' });
  const data = c.data && typeof c.data === 'object' && !Array.isArray(c.data)
    ? { ...c.data, Capabilities: new Capabilities(), Files: new Files() }
    : c.data;
  set.parse('t', c.tpl);
  return set.execute('t', data);
}

describe('text/template execution (table confirmed with Go)', () => {
  it.each(EXEC_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.err !== undefined) expect(() => run(c)).toThrowError(c.err);
    else expect(run(c)).toBe(c.out);
  });
});
