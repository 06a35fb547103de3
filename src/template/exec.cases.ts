// The engine's table of cases: [rule, template, data, expected]. Expected outputs and errors were
// produced by Go 1.19's text/template (the version Helm's reference renderer uses) with the same
// functions; `go: false` marks Go 1.22+/1.23 features (range over int, else with) taken from the
// Go documentation. Data: int = bigint, float64 = number, as values files give them.

import type { ExecCase } from './exec-case.js';
import { BUILTIN_CASES } from './exec-builtins.cases.js';
import { FLOW_CASES } from './exec-flow.cases.js';
import { PRINT_CASES } from './exec-print.cases.js';
import { SYNTAX_CASES } from './exec-syntax.cases.js';
import { TemplateSet } from './template-set.js';

export type { ExecCase } from './exec-case.js';

export const EXEC_CASES: ExecCase[] = [...SYNTAX_CASES, ...PRINT_CASES, ...BUILTIN_CASES, ...FLOW_CASES];

// ---- the harness: the same functions and objects the Go program registers ----
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
  upper: Object.assign((s: string) => s.toUpperCase(), { goArgs: ['string'] }),
  list: (...a: unknown[]) => a,
  dict: (...a: unknown[]) => {
    const m: Record<string, unknown> = {};
    for (let i = 0; i + 1 < a.length; i += 2) m[a[i] as string] = a[i + 1];
    return m;
  },
  nilfn: () => null,
  repeat: Object.assign((n: bigint, s: string) => s.repeat(Number(n)), { goArgs: ['int', 'string'] }),
  half: Object.assign((f: number) => f / 2, { goArgs: ['float64'] }),
  flip: Object.assign((b: boolean) => !b, { goArgs: ['bool'] }),
  head: Object.assign((l: unknown[] | null) => (l && l.length ? l[0] : null), { goArgs: ['[]interface {}'] }),
  size: Object.assign((m: Record<string, unknown> | null) => BigInt(m ? Object.keys(m).length : 0), { goArgs: ['map[string]interface {}'] }),
  joinv: Object.assign((sep: string, ...xs: string[]) => xs.join(sep), { goArgs: ['string', 'string'], goParams: 1, goVariadic: true }),
};

export function run(c: Pick<ExecCase, 'tpl' | 'data' | 'mk' | 'delims'>): string {
  const set = new TemplateSet({ funcs, missingKey: c.mk ?? 'zero', delims: c.delims });
  const data = c.data && typeof c.data === 'object' && !Array.isArray(c.data) ? { ...c.data, Capabilities: new Capabilities(), Files: new Files() } : c.data;
  set.parse('t', c.tpl);
  return set.execute('t', data);
}
