import { describe, expect, it } from 'vitest';
import type { Values } from '../engine/render-types.js';
import { parseSetInto, type SetMode } from './strvals.js';

const parse = (arg: string, mode: SetMode = 'typed', base: Values = {}): Values => {
  parseSetInto(arg, base, mode, undefined);
  return base;
};

describe('strvals (helm pkg/strvals)', () => {
  it.each<[string, string, Values]>([
    ['dotted keys nest maps', 'a.b=c', { a: { b: 'c' } }],
    ['commas separate assignments', 'a=1,b=2', { a: 1n, b: 2n }],
    ['integers without a leading zero are int64', 'a=-42', { a: -42n }],
    ['a leading zero keeps a string', 'a=0123', { a: '0123' }],
    ['zero alone is int64', 'a=0', { a: 0n }],
    ['floats stay strings', 'a=1.5', { a: '1.5' }],
    ['true/false in any case are bools', 'a=TRUE,b=false', { a: true, b: false }],
    ['null is nil', 'a=null', { a: null }],
    ['empty value is an empty string', 'a=', { a: '' }],
    ['lists in braces, typed', 'l={x,1,true}', { l: ['x', 1n, true] }],
    ['list then more assignments', 'l={a,b},c=d', { l: ['a', 'b'], c: 'd' }],
    ['index sets a list element, padding with nil', 'a[2]=x', { a: [null, null, 'x'] }],
    ['index then key builds list of maps', 'a[0].b=c', { a: [{ b: 'c' }] }],
    ['nested indexes', 'a[0][1]=x', { a: [[null, 'x']] }],
    ['escaped dot is part of the key', 'a\\.b=c', { 'a.b': 'c' }],
    ['escaped comma is part of the value', 'a=x\\,y', { a: 'x,y' }],
    ['values past int64 stay strings', 'a=9223372036854775808', { a: '9223372036854775808' }],
    ['key "__proto__" is data', '__proto__.x=1', JSON.parse('{"__proto__":{"x":1}}')],
    // found with fuzz/set-values.ts: an inherited property was taken for the key's value
    ['a key named like an Object method takes an index', 'toString[0]=1', { toString: [1n] }],
    ['"constructor" takes an index too', 'constructor[1]=x,a[0].valueOf[0]=y', { constructor: [null, 'x'], a: [{ valueOf: ['y'] }] }],
  ])('--set: %s (%s)', (_name, arg, want) => {
    const got = parse(arg);
    if (arg.startsWith('__proto__')) {
      expect(Object.keys(got)).toEqual(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toEqual({ x: 1n });
    } else expect(got).toEqual(want);
  });

  it.each<[string, SetMode, string, Values]>([
    ['--set-string keeps every scalar a string', 'string', 'a=1,b=true,c=null', { a: '1', b: 'true', c: 'null' }],
    ['--set-json decodes JSON values (numbers float64)', 'json', 'a={"b":[1,2]},c="x"', { a: { b: [1, 2] }, c: 'x' }],
    ['--set-json with a list index', 'json', 'a[1]=3', { a: [null, 3] }],
    ['--set-literal takes the rest verbatim', 'literal', 'a.b=x,y={z}\\n', { a: { b: 'x,y={z}\\n' } }],
  ])('%s', (_name, mode, arg, want) => {
    expect(parse(arg, mode)).toEqual(want);
  });

  it('--set merges into existing maps from -f files (ParseInto)', () => {
    expect(parse('a.c=2', 'typed', { a: { b: 1 } })).toEqual({ a: { b: 1, c: 2n } });
  });

  it('--set-file passes the value to the reader', () => {
    const base: Values = {};
    parseSetInto('cfg=/x/y.txt', base, 'string', (p) => `content of ${p}`);
    expect(base).toEqual({ cfg: 'content of /x/y.txt' });
  });

  it.each([
    ['a key without value', 'a', /key "a" has no value/],
    ['a key ending with a comma', 'a,b=c', /key "a" has no value \(cannot end with ,\)/],
    ['an unterminated list', 'a={x,y', /list must terminate with '}'/],
    ['a negative index', 'a[-1]=x', /negative -1 index not allowed/],
    ['an index past the maximum', 'a[70000]=x', /greater than maximum supported index/],
    ['data after an index', 'a[0]x=1', /unexpected data at end of array index/],
    ['a key into a non-map', 'a=1,a.b=2', /not a map/],
    ['an empty name between dots (real Helm 3.17 and 4.1)', 'a..b=1', /key map "a" has no value/],
  ])('errors: %s', (_name, arg, re) => {
    expect(() => parse(arg)).toThrow(re);
  });

  it.each([
    ['a[=1', {}],
    ['x=1,a[=2', { x: 1n }],
    ['a[1=x,b=2', {}],
  ])('an index left open to the end (%s): the rest sets nothing, as real Helm 4.1 reads it', (arg, want) => {
    expect(parse(arg)).toEqual(want);
  });
});
