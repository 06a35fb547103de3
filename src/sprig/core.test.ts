import { describe, expect, it } from 'vitest';
import { sprigFuncs } from './index.js';

const f = sprigFuncs({ random: () => 0.5, now: () => new Date('2026-01-02T03:04:05Z'), uuid: () => 'u' });
const call = (name: string, ...args: unknown[]): unknown => {
  const fn = f[name];
  if (!fn) throw new Error(`no function ${name}`);
  return fn(...args);
};

describe('defaults (Sprig defaults.go: empty() decides)', () => {
  it.each([
    ['int 0 is empty', 0n],
    ['float 0 is empty', 0],
    ['false is empty', false],
    ['"" is empty', ''],
    ['nil is empty', null],
    ['missing is empty', undefined],
    ['empty list is empty', []],
    ['empty map is empty', {}],
  ])('default: %s', (_n, given) => {
    expect(call('default', 'd', given)).toBe('d');
  });
  it.each([
    ['non-zero int', 1n],
    ['true', true],
    ['string', 'x'],
    ['list', [null]],
  ])('default keeps %s', (_n, given) => {
    expect(call('default', 'd', given)).toBe(given);
  });
  it('default with no given value is the default (Sprig: empty(given))', () => {
    expect(call('default', 'd')).toBe('d');
  });
  it('coalesce returns the first non-empty value, else nil', () => {
    expect(call('coalesce', 0n, '', 'a', 'b')).toBe('a');
    expect(call('coalesce', 0n, '')).toBeNull();
  });
  it('ternary needs a bool (Go parameter type bool)', () => {
    expect(call('ternary', 'y', 'n', true)).toBe('y');
    expect(() => call('ternary', 'y', 'n', 'true')).toThrow('wrong type for value; expected bool; got string');
  });
  it('toJson: sorted keys, HTML escapes, int vs float (encoding/json)', () => {
    expect(call('toJson', [1n, 1.5, '<a&>', null, { b: 1n, a: 2 }])).toBe('[1,1.5,"\\u003ca\\u0026\\u003e",null,{"a":2,"b":1}]');
    expect(call('toRawJson', { a: '<' })).toBe('{"a":"<"}');
    expect(call('toPrettyJson', { a: [], b: {}, c: [1n] })).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    1\n  ]\n}');
    expect(call('toJson', 1e21)).toBe('1e+21');
  });
});

describe('strings (Sprig strings.go, goutils, xstrings; outputs checked with Go)', () => {
  it.each([
    ['quote skips nil arguments (Sprig quote)', 'quote', ['a', null, 1n], '"a" "1"'],
    ['quote of nil alone is empty', 'quote', [null], ''],
    ['quote escapes as strconv.Quote', 'quote', ['a"\n'], '"a\\"\\n"'],
    ['squote uses %v', 'squote', ['a', null, 1.5], "'a' '1.5'"],
    ['cat drops nils, joins with spaces', 'cat', ['a', null, 1n, [1n, 2n]], 'a 1 [1 2]'],
    ['trunc negative keeps the tail', 'trunc', [-3n, 'abcdef'], 'def'],
    ['trunc positive keeps the head', 'trunc', [3n, 'abcdef'], 'abc'],
    ['trunc counts UTF-8 bytes, not characters (Go s[:c])', 'trunc', [3n, 'héllo'], 'hé'],
    ['trunc negative counts UTF-8 bytes from the end (Go s[len(s)+c:])', 'trunc', [-4n, 'xwörd'], 'örd'],
    ['abbrev', 'abbrev', [5n, 'hello world'], 'he...'],
    ['abbrevboth', 'abbrevboth', [5n, 10n, '1234 5678 9123'], '...5678...'],
    ['substr negative start means from 0', 'substr', [-1n, 3n, 'abcdef'], 'abc'],
    ['substr end past len means to end', 'substr', [2n, 99n, 'abcdef'], 'cdef'],
    ['indent', 'indent', [2n, 'a\nb'], '  a\n  b'],
    ['nindent', 'nindent', [2n, 'a\nb'], '\n  a\n  b'],
    ['snakecase FirstName', 'snakecase', ['FirstName'], 'first_name'],
    ['snakecase HTTPServer', 'snakecase', ['HTTPServer'], 'http_server'],
    ['snakecase fooBar2Baz', 'snakecase', ['fooBar2Baz'], 'foo_bar2_baz'],
    ['snakecase a1b', 'snakecase', ['a1b'], 'a_1b'],
    ['kebabcase X-Forwarded-For', 'kebabcase', ['X-Forwarded-For'], 'x-forwarded-for'],
    ['camelcase foo_bar', 'camelcase', ['foo_bar'], 'FooBar'],
    ['camelcase HTTPServer', 'camelcase', ['HTTPServer'], 'Httpserver'],
    // the rest is lowered only after an upper-case first letter (Helm 4.1.4: fuzz render-diff seed 43)
    ['camelcase keeps the case after a lower-case start', 'camelcase', ['fooBar_baz'], 'FooBarBaz'],
    ['camelcase aBC_dEF', 'camelcase', ['aBC_dEF'], 'ABCDEF'],
    ['camelcase Abc_DEF', 'camelcase', ['Abc_DEF'], 'AbcDef'],
    ['camelcase of an escaped text', 'camelcase', ['map%5Bx'], 'Map%5Bx'],
    ['camelcase hello World-fooBAR', 'camelcase', ['hello World-fooBAR'], 'HelloWorldFooBAR'],
    ['camelcase 1aBC', 'camelcase', ['1aBC'], '1aBC'],
    ['camelcase of connectors only writes the last twice (xstrings)', 'camelcase', ['-_'], '-__'],
    ['swapcase', 'swapcase', ['HTTPServer'], 'httpsERVER'],
    ['title (strings.Title)', 'title', ['foo.bar baz_qux'], 'Foo.Bar Baz_qux'],
    ['untitle', 'untitle', ['Hello World'], 'hello world'],
    ['initials', 'initials', ['Ralph Waldo Emerson'], 'RWE'],
    ['wrap', 'wrap', [5n, 'Hello World Foo'], 'Hello\nWorld\nFoo'],
    ['wrapWith splits long words', 'wrapWith', [3n, '\t', 'abcdefg'], 'abc\tdef\tg'],
    ['trimAll', 'trimAll', ['$', '$$5.00$'], '5.00'],
    ['trim (unicode spaces)', 'trim', ['\t a \n'], 'a'],
    ['nospace', 'nospace', [' a b\tc '], 'abc'],
    // goutils walks bytes (Sprig 3.2.3 over goutils 1.1.1); the expected strings are helm template's.
    ['abbrev counts UTF-8 bytes (goutils.Abbreviate)', 'abbrev', [8n, 'héllo wörld'], 'héll...'],
    ['abbrevboth counts UTF-8 bytes', 'abbrevboth', [2n, 9n, 'héllo wörld ünïcode'], 'héllo...'],
    ['wrap measures width in UTF-8 bytes', 'wrap', [6n, 'héllo wörld ✓ text'], 'héllo\nwörld\n✓\ntext'],
    ['wrapWith cuts long words at byte widths', 'wrapWith', [6n, '|', 'ünïcode'], 'ünïc|ode'],
    ['initials: each byte is a rune (ü gives Ã)', 'initials', ['hi über ✓x'], 'hÃâ'],
    ['nospace: each byte is a rune (é gives Ã©)', 'nospace', ['h é'], 'hÃ©'],
    ['replace all', 'replace', [' ', '-', 'a b c'], 'a-b-c'],
    ['plural', 'plural', ['one', 'many', 2n], 'many'],
    ['join drops nils', 'join', ['-', ['a', null, 1n]], 'a-1'],
    ['join of a scalar', 'join', ['-', 'x'], 'x'],
    ['toString of float', 'toString', [1e6], '1e+06'],
    ['repeat', 'repeat', [3n, 'ab'], 'ababab'],
    ['upper maps rune by rune (Go keeps ß)', 'upper', ['straße'], 'STRAßE'],
    ['randAlphaNum uses the injected source', 'randAlphaNum', [3n], 'FFF'],
  ])('%s', (_n, name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });
  it('split returns _N keys; splitn caps the parts', () => {
    expect(call('split', '$', 'a$b')).toEqual({ _0: 'a', _1: 'b' });
    expect(call('splitn', '$', 2n, 'a$b$c')).toEqual({ _0: 'a', _1: 'b$c' });
    expect(call('splitList', ',', 'a,,b')).toEqual(['a', '', 'b']);
  });
  it('typed parameters reject float64 (text/template: wrong type for value)', () => {
    expect(() => call('repeat', 2, 'a')).toThrow('wrong type for value; expected int; got float64');
    // A missing key or null from a map is a nil interface{} (checked with Go).
    expect(() => call('upper', undefined)).toThrow('wrong type for value; expected string; got interface {}');
    expect(() => call('indent', -2n, 'x')).toThrow('strings: negative Repeat count');
  });
});

describe('lists (Sprig list.go)', () => {
  it.each([
    ['first of empty is nil', 'first', [[]], null],
    ['rest', 'rest', [[1n, 2n, 3n]], [2n, 3n]],
    ['initial', 'initial', [[1n, 2n, 3n]], [1n, 2n]],
    ['last', 'last', [[1n, 2n]], 2n],
    ['append', 'append', [[1n], 2n], [1n, 2n]],
    ['prepend', 'prepend', [[1n], 0n], [0n, 1n]],
    ['concat', 'concat', [[1n], [2n, 3n]], [1n, 2n, 3n]],
    ['reverse', 'reverse', [[1n, 2n]], [2n, 1n]],
    ['uniq uses DeepEqual (int64 1 differs from float64 1)', 'uniq', [[1n, 1n, 1, 'a', 'a']], [1n, 1, 'a']],
    ['without', 'without', [[1n, 2n, 3n], 2n], [1n, 3n]],
    ['has', 'has', [2n, [1n, 2n]], true],
    ['has on nil haystack is false', 'has', [2n, null], false],
    ['compact drops empty values', 'compact', [[1n, '', null, 0n, 'a', false]], [1n, 'a']],
    ['slice', 'slice', [[1n, 2n, 3n, 4n], 1n, 3n], [2n, 3n]],
    ['chunk', 'chunk', [2n, [1n, 2n, 3n]], [[1n, 2n], [3n]]],
    ['until negative counts down', 'until', [-3n], [0n, -1n, -2n]],
    ['untilStep', 'untilStep', [0n, 10n, 3n], [0n, 3n, 6n, 9n]],
    ['seq 3', 'seq', [3n], '1 2 3'],
    ['seq 0 counts down to 1', 'seq', [0n], '1 0'],
    ['seq start step end', 'seq', [10n, -3n, 1n], '10 7 4 1'],
  ])('%s', (_n, name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });
  it('push on a string errors as Sprig (Cannot push on type string)', () => {
    expect(() => call('mustPush', 'x', 1n)).toThrow('Cannot push on type string');
  });
});

describe('dicts (Sprig dict.go, mergo)', () => {
  it('merge mutates and returns its first argument; dst wins unless its value is empty', () => {
    const dst: Record<string, unknown> = { a: false, s: 'keep', n: { x: 1n, l: [1n, 2n] } };
    const out = call('merge', dst, { a: true, s: 'new', n: { x: 2n, y: 3n, l: [9n] }, z: 'Z' });
    expect(out).toBe(dst);
    expect(dst).toEqual({ a: true, s: 'keep', n: { x: 1n, y: 3n, l: [1n, 2n] }, z: 'Z' });
  });
  it('merge never copies a nil source value; mergeOverwrite does (real Helm 4: kuma env defaults)', () => {
    const d1: Record<string, unknown> = { keep: 1n, e: '' };
    call('merge', d1, { nilv: null, s: 'x', e: '' });
    expect(d1).toEqual({ keep: 1n, e: '', s: 'x' });
    const d3: Record<string, unknown> = { nilv: '' };
    call('merge', d3, { nilv: null });
    expect(d3).toEqual({ nilv: '' });
    const d2: Record<string, unknown> = { nilv: 'had' };
    call('mergeOverwrite', d2, { nilv: null });
    expect(d2).toEqual({ nilv: null });
  });

  it('mergeOverwrite: src wins even when empty, but a map never replaces a non-empty scalar', () => {
    const dst: Record<string, unknown> = { s: 'keep', n: { x: 1n }, t: 'str' };
    call('mergeOverwrite', dst, { s: '', n: { x: 2n }, t: { q: 1n } });
    expect(dst).toEqual({ s: '', n: { x: 2n }, t: 'str' });
  });
  it('set and unset mutate the map templates hold', () => {
    const d: Record<string, unknown> = { a: 1n };
    call('set', d, 'b', 2n);
    call('unset', d, 'a');
    expect(d).toEqual({ b: 2n });
  });
  it('dig walks nested maps and falls back to the default', () => {
    const d = { a: { b: { c: 'found' } } };
    expect(call('dig', 'a', 'b', 'c', 'def', d)).toBe('found');
    expect(call('dig', 'a', 'x', 'c', 'def', d)).toBe('def');
  });
  it('get of a missing key is "" (Sprig get)', () => {
    expect(call('get', { a: 1n }, 'b')).toBe('');
  });
  it('keys are returned sorted (Go map order is random; ours is deterministic)', () => {
    expect(call('keys', { b: 1, a: 2 }, { c: 3 })).toEqual(['a', 'b', 'c']);
  });
  it('pick, omit, pluck, hasKey, dict with odd arguments', () => {
    expect(call('pick', { a: 1, b: 2 }, 'a', 'z')).toEqual({ a: 1 });
    expect(call('omit', { a: 1, b: 2 }, 'a')).toEqual({ b: 2 });
    expect(call('pluck', 'a', { a: 1 }, { b: 2 }, { a: 3 })).toEqual([1, 3]);
    expect(call('hasKey', { a: null }, 'a')).toBe(true);
    expect(call('dict', 'a', 1n, 'b')).toEqual({ a: 1n, b: '' });
  });
  it('deepCopy is independent of the original', () => {
    const src = { a: { b: [1n] } };
    const c = call('deepCopy', src) as typeof src;
    c.a.b.push(2n);
    expect(src.a.b).toEqual([1n]);
  });
});

describe('math (Sprig numeric.go: int64 vs float64 results)', () => {
  it.each([
    ['add gives int64', 'add', [1n, 2.7, '3'], 6n],
    ['add1', 'add1', [1.9], 2n],
    ['sub', 'sub', [5n, 7n], -2n],
    ['div truncates', 'div', [7n, 2n], 3n],
    ['mod keeps the sign of the dividend', 'mod', [-7n, 2n], -1n],
    ['mul', 'mul', [2n, 3n, 4n], 24n],
    ['max casts strings', 'max', [1n, '5', 3.7], 5n],
    ['min', 'min', [4n, 2n], 2n],
    ['addf uses decimal math', 'addf', [0.1, 0.2], 0.3],
    ['subf', 'subf', [1n, 0.9], 0.1],
    ['mulf', 'mulf', [1.1, 1.1], 1.21],
    ['divf rounds to 16 places', 'divf', [1n, 3n], 0.3333333333333333],
    ['divf 100000/3', 'divf', [100000n, 3n], 33333.333333333336],
    ['add1f', 'add1f', [1.5], 2.5],
    ['maxf', 'maxf', [1n, 2.5], 2.5],
    ['minf', 'minf', [1n, '0.5'], 0.5],
    ['floor gives float64', 'floor', [1.5], 1],
    ['ceil', 'ceil', [1.2], 2],
    ['round half up', 'round', [2.555, 2n], 2.56],
    ['round -1.5 uses floor for negatives', 'round', [-1.5, 0n], -2],
    ['int of hex string (cast base 0)', 'int', ['0x10'], 16n],
    ['int64 of "1.00" (cast trims zero decimals)', 'int64', ['1.00'], 1n],
    ['float64 of a string', 'float64', ['1e3'], 1000],
    ['atoi of garbage is 0', 'atoi', ['12x'], 0n],
    ['toDecimal parses octal', 'toDecimal', ['0777'], 511n],
  ])('%s', (_n, name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });
  it('integer division by zero errors (Go runtime panic)', () => {
    expect(() => call('div', 1n, 0n)).toThrow('integer divide by zero');
    expect(() => call('divf', 1n, 0n)).toThrow('decimal division by 0');
  });
});

describe('types (Sprig reflect.go)', () => {
  it.each([
    ['typeOf float64', 'typeOf', [1.5], 'float64'],
    ['typeOf map', 'typeOf', [{}], 'map[string]interface {}'],
    ['typeOf slice', 'typeOf', [[]], '[]interface {}'],
    ['typeOf nil', 'typeOf', [null], '<nil>'],
    ['kindOf nil is invalid', 'kindOf', [null], 'invalid'],
    ['kindIs int64 matches a bigint', 'kindIs', ['int64', 3n], true],
    ['kindIs map', 'kindIs', ['map', {}], true],
    ['typeIsLike', 'typeIsLike', ['string', 'x'], true],
    ['deepEqual int64 vs float64 is false', 'deepEqual', [1n, 1], false],
    ['deepEqual nested', 'deepEqual', [{ a: [1n] }, { a: [1n] }], true],
    // checked with Helm 4: the same map or list is equal to itself even holding NaN (float64 "NaN")
    ['deepEqual NaN is not NaN', 'deepEqual', [NaN, NaN], false],
    ['deepEqual a map holding NaN is itself', 'deepEqual', ((m) => [m, m])({ a: NaN }), true],
    ['deepEqual a list holding NaN is itself', 'deepEqual', ((l) => [l, l])([NaN]), true],
    ['deepEqual another map holding NaN is not', 'deepEqual', [{ a: NaN }, { a: NaN }], false],
  ])('%s', (_n, name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });
});
