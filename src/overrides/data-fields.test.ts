import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DataFieldError, setDataFields } from './data-fields.js';

const YAML = '---\n# the default prefix\nbase: quay.io/acme # shared\ncomponents:\n  a:\n    tag: "1.0"\n    image: server\n';

describe('fields set inside data, every other byte kept', () => {
  it('YAML text: only the scalar changes, comments and quoting kept', () => {
    expect(setDataFields(YAML, [{ base64: false, at: [] }], [{ at: ['base'], value: 'r.example/m/quay.io/acme' }])).toBe(
      YAML.replace('base: quay.io/acme', 'base: r.example/m/quay.io/acme'),
    );
  });

  it('a value YAML would read as another type is quoted; a single-quoted one stays single-quoted', () => {
    expect(setDataFields('a: x\n', [{ base64: false, at: [] }], [{ at: ['a'], value: '1.0' }])).toBe('a: "1.0"\n');
    expect(setDataFields("a: 'x'\n", [{ base64: false, at: [] }], [{ at: ['a'], value: "it's" }])).toBe("a: 'it''s'\n");
  });

  it('JSON stays JSON', () => {
    const json = '{"base":"quay.io/acme","components":{"a":{"image":"server","tag":"1"}}}';
    expect(setDataFields(json, [{ base64: false, at: [] }], [{ at: ['components', 'a', 'image'], value: 'x/server' }])).toBe(
      json.replace('"server"', '"x/server"'),
    );
  });

  it('a block of YAML inside YAML: the inner text edited, the block re-indented as it was', () => {
    const outer = `kind: Config\nfiles:\n  images.yaml: |\n${YAML.replace(/^(?=.)/gm, '    ')}other: 1\n`;
    const out = setDataFields(
      outer,
      [
        { base64: false, at: ['files', 'images.yaml'] },
        { base64: false, at: [] },
      ],
      [{ at: ['base'], value: 'r.example/quay.io/acme' }],
    );
    expect(out).toBe(outer.replace('base: quay.io/acme', 'base: r.example/quay.io/acme'));
  });

  it('base64 is encoded again, wrapped as it was', () => {
    const tree = `agent:\n  image:\n    registry: ghcr.io\n    repository: acme/agent\n    tag: v2.1.0\n${'# padding to wrap the base64 over several lines\n'.repeat(3)}`;
    const wrapped = Buffer.from(tree)
      .toString('base64')
      .match(/.{1,76}/g)!
      .join('\n');
    const out = setDataFields(wrapped, [{ base64: true, at: [] }], [{ at: ['agent', 'image', 'registry'], value: 'r.example/ghcr.io' }]);
    expect(
      out
        .split('\n')
        .slice(0, -1)
        .every((l) => l.length === 76),
    ).toBe(true);
    expect(Buffer.from(out, 'base64').toString('utf8')).toBe(tree.replace('registry: ghcr.io', 'registry: r.example/ghcr.io'));
  });

  it('refuses a template the consumer fills in, and a path that holds no single string', () => {
    expect(() => setDataFields('base: {{ .Base }}\n', [{ base64: false, at: [] }], [{ at: ['base'], value: 'x' }])).toThrow(DataFieldError);
    expect(() => setDataFields(YAML, [{ base64: false, at: [] }], [{ at: ['components'], value: 'x' }])).toThrow(/no single string field/);
  });

  it('several documents: the first segment is the document', () => {
    const two = 'a: x\n---\nbase: quay.io/acme\n';
    const out = setDataFields(two, [{ base64: false, at: [] }], [{ at: [1, 'base'], value: 'r.example/acme' }]);
    expect(out).toBe('a: x\n---\nbase: r.example/acme\n');
    expect(parse(out.split('---\n')[1]!)).toEqual({ base: 'r.example/acme' });
  });
});
