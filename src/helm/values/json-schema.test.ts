import { describe, expect, it } from 'vitest';
import { SchemaValidator } from './json-schema.js';

const check = (schema: Record<string, unknown>, v: unknown) => new SchemaValidator(schema).validate(v).map((x) => `${x.path}: ${x.message}`);

describe('values.schema.json validation (draft-07 keywords)', () => {
  it.each<[string, Record<string, unknown>, unknown, string[]]>([
    ['integer accepts an int64 from --set and an integral float64 from YAML', { type: 'integer' }, 3n, []],
    ['integer accepts 3.0', { type: 'integer' }, 3, []],
    ['integer refuses 1.5', { type: 'integer' }, 1.5, [': got number, want integer']],
    ['type lists', { type: ['string', 'null'] }, null, []],
    ['enum', { enum: ['a', 'b'] }, 'c', [": value must be one of 'a', 'b'"]],
    ['required names the missing property', { required: ['x'] }, {}, [": missing property 'x'"]],
    [
      'nested properties report a JSON pointer',
      { properties: { a: { properties: { b: { type: 'string' } } } } },
      { a: { b: 1 } },
      ['/a/b: got number, want string'],
    ],
    ['additionalProperties false', { properties: { a: {} }, additionalProperties: false }, { a: 1, z: 2 }, [": additional properties 'z' not allowed"]],
    ['patternProperties', { patternProperties: { '^x-': { type: 'string' } } }, { 'x-a': 1 }, ['/x-a: got number, want string']],
    ['items and minItems', { type: 'array', minItems: 2, items: { type: 'string' } }, [1], [': minItems: got 1, want 2', '/0: got number, want string']],
    ['minimum and maximum', { minimum: 1, maximum: 3 }, 5, [': maximum: got 5, want 3']],
    ['pattern', { pattern: '^[a-z]+$' }, 'A1', [": 'A1' does not match pattern '^[a-z]+$'"]],
    [
      'local $ref to definitions',
      { definitions: { port: { type: 'integer' } }, properties: { p: { $ref: '#/definitions/port' } } },
      { p: 'x' },
      ['/p: got string, want integer'],
    ],
    ['anyOf', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, true, [': anyOf failed']],
    ['a pattern JavaScript cannot compile is not enforced', { pattern: '(?P<x>a)' }, 'b', []],
    ['patternProperties that do not compile are skipped', { patternProperties: { '(?P<x>a)': false } }, { a: 1 }, []],
    ['dependentRequired (2019-09)', { dependentRequired: { tls: ['cert'] } }, { tls: true }, [": properties 'cert' required, if 'tls' exists"]],
    ['prefixItems then items (2020-12)', { prefixItems: [{ type: 'string' }], items: { type: 'integer' } }, ['a', 1, 'x'], ['/2: got string, want integer']],
    ['if/then', { if: { properties: { on: { const: true } } }, then: { required: ['port'] } }, { on: true }, [": missing property 'port'"]],
  ])('%s', (_name, schema, value, want) => {
    expect(check(schema, value)).toEqual(want);
  });

  it('one validator checks value after value alike (it is kept per schema across renders)', () => {
    const v = new SchemaValidator({
      $defs: { port: { type: 'integer', minimum: 1 }, 'a/b': { type: 'string' } },
      properties: { p: { $ref: '#/$defs/port' }, q: { $ref: '#/$defs/a~1b' }, 'x/y~z': { oneOf: [{ type: 'string' }, { minLength: 1 }] } },
      patternProperties: { '^n-': { type: 'number', multipleOf: 2 } },
    });
    const run = (x: unknown) => v.validate(x).map((e) => `${e.path}: ${e.message}`);
    const bad = { p: 0, q: 1, 'x/y~z': 'ab', 'n-1': 3 };
    const want = [
      '/p: minimum: got 0, want 1',
      '/q: got number, want string',
      '/x~1y~0z: oneOf failed, more than one matched',
      '/n-1: multipleOf: got 3, want 2',
    ];
    expect(run(bad)).toEqual(want);
    expect(run({ p: 2, q: 'a', 'x/y~z': 3, 'n-1': 4 })).toEqual([]);
    expect(run(bad)).toEqual(want);
  });
});
