import { describe, expect, it } from 'vitest';
import { helmDataFuncs } from './helm-data.js';
import { listFuncs } from './lists.js';

const f = helmDataFuncs();
const call = (name: string, ...args: unknown[]): unknown => f[name]!(...args);

// Expected texts were produced by Go: sigs.k8s.io/yaml (toYaml), gopkg.in/yaml.v3 (toYamlPretty).
describe('toYaml (sigs.k8s.io/yaml: JSON round trip, go-yaml v2 output; Helm trims the final newline)', () => {
  it.each([
    ['float64 1e6 prints as an integer (JSON text 1000000)', { a: 1e6 }, 'a: 1000000'],
    ['int64 stays an integer', { a: 3n }, 'a: 3'],
    ['non-integral float uses %g', { f: 1234567.5 }, 'f: 1.2345675e+06'],
    ['tiny float', { f: 0.000001 }, 'f: 1e-06'],
    ['keys sorted, nested maps indent 2, lists not indented', { b: { y: [1n, 'a', { k: null }] }, a: {} }, 'a: {}\nb:\n  "y":\n  - 1\n  - a\n  - k: null'],
    ['list of lists', [[1n, 2n], []], '- - 1\n  - 2\n- []'],
    [
      'strings that read as other types are double-quoted',
      { c: 'true', o: '0777', d: '', x: 'null', t: '2024-01-01', z: 'yes', h: '12:30' },
      'c: "true"\nd: ""\nh: "12:30"\no: "0777"\nt: "2024-01-01"\nx: "null"\nz: "yes"',
    ],
    [
      'indicators and edge spaces use single quotes',
      { f: 'x: y', p: '*star', j: ' lead', w: 'a #b', m: '- x' },
      "f: 'x: y'\nj: ' lead'\nm: '- x'\np: '*star'\nw: 'a #b'",
    ],
    [
      'multi-line strings use literal blocks with chomping',
      { e: 'line1\nline2\n', l: 'a\nb', r: 'multi\n\nblank\n\n' },
      'e: |\n  line1\n  line2\nl: |-\n  a\n  b\nr: |+\n  multi\n\n  blank\n',
    ],
    ['leading space in a block gets an indentation indicator', { s: '  indented\nmore' }, 's: |2-\n    indented\n  more'],
    ['control characters force double quotes with escapes', { t: 'tab\there', b: '\x07bell' }, 'b: "\\abell"\nt: "tab\\there"'],
    [
      'plain scalars fold past 80 columns',
      { long: Array(23).fill('word').join(' ') },
      'long: word word word word word word word word word word word word word word word word\n  word word word word word word word',
    ],
    ['[]byte is base64 (encoding/json)', { b: new Uint8Array([104, 105]) }, 'b: aGk='],
    ['nil document', null, 'null'],
    [
      'keys in go-yaml natural order: digit runs by value, letters after punctuation',
      { a10: 1n, a9: 1n, foo_bar: 1n, fooBar: 1n, x07: 1n, x7: 1n },
      'a9: 1\na10: 1\nfoo_bar: 1\nfooBar: 1\nx7: 1\nx07: 1',
    ],
    ['keys follow the block-plain rule (flow indicators allowed)', { '+a,[b]': 1n, 'a b': 2n }, '+a,[b]: 1\na b: 2'],
    ['astral characters are escaped in double quotes (libyaml is_printable)', { x: 'ünï 🎉' }, 'x: "ünï \\U0001F389"'],
  ])('%s', (_n, v, want) => {
    expect(call('toYaml', v)).toBe(want);
  });
  it('a value JSON cannot encode gives "" (Helm ignores the error)', () => {
    expect(call('toYaml', { a: NaN })).toBe('');
    expect(() => call('mustToYaml', { a: NaN })).toThrow('json: unsupported value: NaN');
  });
});

describe('toYamlPretty (go-yaml v3, indent 2)', () => {
  it('indents sequences and keeps float64 %g text', () => {
    expect(call('toYamlPretty', { a: 1e6, l: ['x', { k: 1n }] })).toBe('a: 1e+06\nl:\n  - x\n  - k: 1');
  });
});

describe('toYamlPretty literal blocks (go-yaml v3 quirk)', () => {
  it('a leading line break ends the header line', () => {
    expect(call('toYamlPretty', { k: '\n**' })).toBe('k: |2-\n  **');
    expect(call('toYaml', { k: '\n**' })).toBe('k: |2-\n\n  **');
  });
});

describe('fromYaml / fromYamlArray (sigs.k8s.io/yaml into Go types)', () => {
  it('YAML 1.1 scalars as go-yaml v2 resolves them; every number is float64', () => {
    expect(call('fromYaml', 'a: yes\nb: 12:30\nc: 2024-01-01\nd: 0777\ne: 0x1F\nf: 1_000\ng: ~\nh: 1e3\n1: x\nn: 1\nq: [1, {r: s}]')).toEqual({
      a: true,
      b: '12:30',
      c: '2024-01-01',
      d: 511,
      e: 31,
      f: 1000,
      g: null,
      h: 1000,
      '1': 'x',
      false: 1,
      q: [1, { r: 's' }],
    });
  });
  it('merge keys and anchors', () => {
    expect(call('fromYaml', 'base: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n  y: 3')).toEqual({ base: { x: 1 }, m: { x: 1, z: 2, true: 3 } });
  });
  it('errors come back under the "Error" key', () => {
    expect(call('fromYaml', '- 1\n- 2')).toEqual({
      Error: 'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect((call('fromYaml', 'a: [') as { Error: string }).Error).toMatch(/^error converting YAML to JSON: yaml: line 1: /);
  });
  it('empty input is an empty map; only the first document counts', () => {
    expect(call('fromYaml', '')).toEqual({});
    expect(call('fromYaml', 'x: 1\n---\ny: 2')).toEqual({ x: 1 });
  });
  it('fromYamlArray returns the list, or the error as its only item', () => {
    expect(call('fromYamlArray', '- 1\n- a')).toEqual([1, 'a']);
    expect(call('fromYamlArray', 'a: 1')).toEqual([
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    ]);
  });
});

describe('JSON (Helm fromJson returns a map with "Error" on failure)', () => {
  it('fromJson numbers are float64', () => {
    expect(call('fromJson', '{"a":1,"b":[true,null]}')).toEqual({ a: 1, b: [true, null] });
  });
  it('fromJson of an array reports the type error', () => {
    expect(call('fromJson', '[1]')).toEqual({ Error: 'json: cannot unmarshal array into Go value of type map[string]interface {}' });
  });
  it('fromJsonArray', () => {
    expect(call('fromJsonArray', '[1,"a"]')).toEqual([1, 'a']);
  });
  it('toJson', () => {
    expect(call('toJson', { b: 1.5, a: 2n })).toBe('{"a":2,"b":1.5}');
  });
});

describe('TOML (BurntSushi/toml)', () => {
  it('toToml writes scalars, then tables indented by level, floats with .0', () => {
    expect(call('toToml', { z: 1, a: 's"q\n', i: 2n, t: { x: 1, y: { k: 'v' } }, aot: [{ n: 1 }], nul: null })).toBe(
      'a = "s\\"q\\n"\ni = 2\nz = 1.0\n\n[[aot]]\n  n = 1.0\n\n[t]\n  x = 1.0\n\n  [t.y]\n    k = "v"\n',
    );
  });
  it('toToml: no blank line between a header and a sub-table header (checked with Go)', () => {
    expect(call('toToml', { a: { b: { c: 1 } }, z: [{ y: { w: 2 } }] })).toBe('[a]\n  [a.b]\n    c = 1.0\n\n[[z]]\n  [z.y]\n    w = 2.0\n');
  });
  // found reading String.fromCodePoint uses after the template fuzzer's printf crash: \UFFFFFFFF
  // gave {Error: "Invalid code point 4294967295"} and \uD800 a U+FFFD; Helm 4 refuses both
  it.each([
    ['a = "\\UFFFFFFFF"', "Escaped character '\\uFFFFFFFF' is not valid UTF-8."],
    ['a = "\\uD800"', "Escaped character '\\uD800' is not valid UTF-8."],
  ])('fromToml %s: Error says %s', (text, message) => {
    expect((call('fromToml', text) as { Error: string }).Error).toContain(message);
  });
  it('fromToml: a \\U escape of a code point past the BMP decodes', () => {
    expect(call('fromToml', 'a = "\\U0001F600"')).toEqual({ a: '😀' });
  });
  it('fromToml: ints are int64, floats float64, tables and arrays of tables', () => {
    expect(call('fromToml', 'a = 1\nb = "x"\nc = 1.5\n[t]\nx = [1, 2]\n[[arr]]\nn = 1')).toEqual({
      a: 1n,
      b: 'x',
      c: 1.5,
      t: { x: [1n, 2n] },
      arr: [{ n: 1n }],
    });
  });
});

describe('fromYaml of a text seen before (kept parsed across renders)', () => {
  it('each call gets its own value: a template changing one does not change the next', () => {
    const text = 'a:\n  b: [1, 2]\n  c: x\n__proto__:\n  polluted: true\n';
    const first = call('fromYaml', text) as Record<string, Record<string, unknown>>;
    first.a!.c = 'changed';
    (first.a!.b as unknown[]).push(3);
    const second = call('fromYaml', text) as Record<string, Record<string, unknown>>;
    expect(second.a).toEqual({ b: [1, 2], c: 'x' });
    expect(Object.keys(second)).toEqual(['a', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(second)).toBe(Object.getPrototypeOf(first));
  });
});

// Sprig's concat appends to a nil []interface{}: nothing appended, it stays nil, which
// sigs.k8s.io/yaml and encoding/json print as null (the slurm chart's concat of two empty
// imagePullSecrets lists) while go-yaml v3 and fmt print an empty list. Texts from Helm 4.1.4.
describe('concat of nothing but empty lists is a nil slice', () => {
  const concat = listFuncs().concat!;
  it.each([
    ['toYaml', 'toYaml', { a: concat([], []) }, 'a: null'],
    ['toJson', 'toJson', concat([], []), 'null'],
    ['toJson with no lists', 'toJson', concat(), 'null'],
    ['toYamlPretty', 'toYamlPretty', { a: concat([], []) }, 'a: []'],
    ['toJson when something was appended', 'toJson', concat([1n], []), '[1]'],
  ])('%s', (_label, fn, v, want) => {
    expect(call(fn, v)).toBe(want);
  });
  it('still a list of length 0 to len, empty and range', () => {
    expect(concat([], [])).toEqual([]);
  });
});
