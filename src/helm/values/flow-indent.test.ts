import { describe, expect, it } from 'vitest';
import { indentFlowContinuations } from './flow-indent.js';
import { parseYamlDocuments } from './yaml.js';

describe('flow collections continued left of their block key (read by go-yaml, as Helm does)', () => {
  const istio = ['rules:', '- apiGroups: [', '  "a.io",', '  "b.io"]', '  resources: ["*"]', '- x: {', '  k: "v, w"}', '  z: 2', ''].join('\n');

  it('are read with the values go-yaml gives', () => {
    expect(parseYamlDocuments(istio, 't.yaml')).toEqual([
      {
        rules: [
          { apiGroups: ['a.io', 'b.io'], resources: ['*'] },
          { x: { k: 'v, w' }, z: 2 },
        ],
      },
    ]);
  });

  it('only lines inside an open flow collection move; brackets in quotes, comments and plain scalars open none', () => {
    const text = ["a: 'it''s [not' # [no", 'b: x[1', 'c: [1,', '2]', 'd: "[q"', ''].join('\n');
    expect(indentFlowContinuations(text)).toBe(["a: 'it''s [not' # [no", 'b: x[1', 'c: [1,', '  2]', 'd: "[q"', ''].join('\n'));
  });

  it('a document that is wrong in other ways still fails', () => {
    expect(() => parseYamlDocuments('a: [1,\nb: 2\n', 't.yaml')).toThrow(/t\.yaml/);
  });
});
