import { describe, expect, it } from 'vitest';
import { mergeMaps, parseValuesYaml, resolvePlainScalar } from './yaml.js';

describe('yaml values (sigs.k8s.io/yaml: go-yaml v2 resolution, then JSON)', () => {
  it.each<[string, unknown]>([
    ['yes', true],
    ['On', true],
    ['y', true],
    ['n', false],
    ['OFF', false],
    ['~', null],
    ['null', null],
    ['', null],
    ['0777', 511],
    ['0x1f', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['+1', 1],
    ['1_000', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
    ['08', 8],
    ['1000000', 1000000],
    ['2001-12-14', '2001-12-14'],
    ['1.2.3', '1.2.3'],
    ['v1', 'v1'],
  ])('plain scalar %j resolves to %j (confirmed with helm-oracle)', (s, want) => {
    expect(resolvePlainScalar(s)).toEqual(want);
  });

  it('keys are strings: `on:` becomes "true", numbers print as Go does', () => {
    expect(parseValuesYaml('on: 1\n1: one\n1.5: x\n', 'v.yaml')).toEqual({ true: 1, 1: 'one', '1.5': 'x' });
  });

  it('quoted and tagged scalars stay strings', () => {
    expect(parseValuesYaml('a: "007"\nb: !!str 12\nc: |\n  yes\n', 'v.yaml')).toEqual({ a: '007', b: '12', c: 'yes\n' });
  });

  it('merge keys and anchors (go-yaml `<<`)', () => {
    expect(parseValuesYaml('base: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\n', 'v.yaml')).toEqual({ base: { x: 1, z: 2 }, m: { x: 1, z: 3 } });
  });

  it('several documents merge in order (Helm 4 values files)', () => {
    expect(parseValuesYaml('a: {b: 1, c: 2}\n---\na: {c: 3}\n', 'v.yaml')).toEqual({ a: { b: 1, c: 3 } });
  });

  it('duplicate keys: the last wins (go-yaml v2)', () => {
    expect(parseValuesYaml('a: 1\na: 2\n', 'v.yaml')).toEqual({ a: 2 });
  });

  it('syntax errors name the file and line', () => {
    expect(() => parseValuesYaml('a: 1\nb: [1, 2\nc: 3\n', 'values.yaml')).toThrow(/values\.yaml: line \d+:/);
  });

  it('mergeMaps: maps merge, other values replace (helm -f files)', () => {
    expect(mergeMaps({ a: { b: 1 }, l: [1] }, { a: { c: 2 }, l: [2] })).toEqual({ a: { b: 1, c: 2 }, l: [2] });
  });
});

describe('alias bombs (billion laughs)', () => {
  it('a few hundred bytes that expand past the alias budget are refused as Helm refuses them, fast', () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    expect(() => parseValuesYaml(lines.join('\n'), 'values.yaml')).toThrow(/values\.yaml: yaml: document contains excessive aliasing/);
  });

  it('ordinary anchors and merges still work', () => {
    expect(parseValuesYaml('base: &b {x: a}\nuse: *b\nmerged:\n  <<: *b\n  z: b\n', 'v.yaml')).toEqual({
      base: { x: 'a' },
      use: { x: 'a' },
      merged: { x: 'a', z: 'b' },
    });
  });
});
