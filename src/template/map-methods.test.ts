import { describe, expect, it } from 'vitest';
import { TemplateSet, withMapMethods } from './index.js';

function run(text: string, data: unknown): string {
  return new TemplateSet({ missingKey: 'zero', funcs: { keys: (m: Record<string, unknown>) => Object.keys(m).sort() } }).parse('t', text).execute('t', data);
}

describe('map methods (text/template: a method of a named map type is found before a key)', () => {
  const values = () => withMapMethods({ a: 1n, Get: 'key' }, { Get: (k: string) => `method ${k}`, Self: () => 'self' });

  it.each([
    ['a method with an argument', '{{ .V.Get "x" }}', 'method x'],
    ['a method wins over a key of the same name', '{{ .V.Get "a" }}', 'method a'],
    ['a zero-argument method mid-chain or as a pipeline argument', '{{ printf "%s" .V.Self }}', 'self'],
    ['keys still read as keys', '{{ .V.a }}', '1'],
    ['range and functions see the plain map', '{{ range $k, $v := .V }}{{ $k }},{{ end }}', 'Get,a,'],
  ])('%s', (_rule, text, want) => {
    expect(run(text, { V: values() })).toBe(want);
  });

  it("a map without methods keeps Go's error for arguments to a key", () => {
    expect(() => run('{{ .V.a "x" }}', { V: { a: 1n } })).toThrow(/a is not a method but has arguments/);
  });
});
