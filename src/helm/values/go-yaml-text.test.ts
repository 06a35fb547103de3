import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { indentFlowContinuations, readAsGoYaml } from '../../sprig/go-yaml-text.js';
import { parseYamlAs } from '../../sprig/yaml-parse.js';
import { parseYamlDocuments, parseYamlDocumentsFully } from './yaml.js';

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

  it('each text is parsed once at most: the given one, then the indented one', () => {
    const parsed: string[] = [];
    const parse = (text: string) => (parsed.push(text), parseAllDocuments(text, { schema: 'failsafe' }) as { errors: unknown[] }[]);
    const fixed = readAsGoYaml(istio, parse, parse(istio));
    expect(fixed.text).not.toBe(istio);
    expect(parsed).toEqual([istio, fixed.text]);
    parsed.length = 0;
    expect(readAsGoYaml('a: [1, 2]\n', parse).text).toBe('a: [1, 2]\n');
    expect(parsed).toEqual(['a: [1, 2]\n']);
  });

  it('a document that is wrong in other ways still fails', () => {
    expect(() => parseYamlDocuments('a: [1,\nb: 2\n', 't.yaml')).toThrow(/t\.yaml/);
  });
});

// Each shape below was found by the differential YAML fuzzer (fuzz/yaml-diff-core.ts) against
// real Helm; the expected values are what Helm 4's fromYaml printed for the same text.
describe('what go-yaml reads that the `yaml` parser reads otherwise', () => {
  it('a quoted scalar folded over lines at or left of its key (a CRD description)', () => {
    const crd = ['spec:', "  description: 'first line", "  second line, it''s", "third at column 0'", '  other: "a', 'b"', ''].join('\n');
    expect(parseYamlDocuments(crd, 't.yaml')).toEqual([{ spec: { description: "first line second line, it's third at column 0", other: 'a b' } }]);
    expect(parseYamlAs(crd, 'map')).toEqual({ spec: { description: "first line second line, it's third at column 0", other: 'a b' } });
  });

  it("a block scalar's header alone on the line after its key, at the key's column (lakeFS' ConfigMap)", () => {
    const conf = ['data:', '  config.yaml:', '  |', '    database:', '      type: local', '  motd:', '  >-  # folded', '    a', '    b', '  k: v', ''].join(
      '\n',
    );
    expect(parseYamlDocuments(conf, 't.yaml')).toEqual([{ data: { 'config.yaml': 'database:\n  type: local\n', motd: 'a b', k: 'v' } }]);
    // Helm 4 read each of these (fromYaml, and `install --dry-run` of the ConfigMap): a comment
    // on the key's line, blank and comment lines between, properties on the key's line, a key in
    // a list item
    expect(parseYamlDocuments('data:\n  c: # note\n\n  # between\n  |\n    x\n', 't.yaml')).toEqual([{ data: { c: 'x\n' } }]);
    const more = 'data:\n  c: &m !!str # note\n\n  # between\n  >-\n    x\n    y\n  d: *m\nl:\n- k:\n  |+\n     z\n';
    expect(parseYamlDocuments(more, 't.yaml')).toEqual([{ data: { c: 'x y', d: 'x y' }, l: [{ k: 'z\n' }] }]);
    expect(parseYamlAs(more, 'map')).toEqual({ data: { c: 'x y', d: 'x y' }, l: [{ k: 'z\n' }] });
  });

  it('a comment line left of a plain value on the lines after its key, past a blank line', () => {
    const t = 'k:\n\n# between\n    value\nb: |\n  k:\n\n  # kept in the block\n    v\n';
    expect(parseYamlDocuments(t, 't.yaml')).toEqual([{ k: 'value', b: 'k:\n\n# kept in the block\n  v\n' }]);
    expect(parseYamlAs(t, 'map')).toEqual({ k: 'value', b: 'k:\n\n# kept in the block\n  v\n' });
  });

  it('a quoted scalar folded left of its key after an anchor or a tag', () => {
    const t = ["k: &a 'one", 'two', "three'", 'q: !!str "x', 'y"', 'r: *a', ''].join('\n');
    expect(parseYamlDocuments(t, 't.yaml')).toEqual([{ k: 'one two three', q: 'x y', r: 'one two three' }]);
  });

  it('a scalar under a tag go-yaml does not resolve keeps its text', () => {
    const t = 'a: !custom yes\nb: !custom ~\nc: !!str 012\nd: !!int "012"\ne: !Ref .inf\nf: !custom\n';
    const want = { a: 'yes', b: '~', c: '012', d: 10, e: '.inf', f: '' };
    expect(parseYamlDocuments(t, 't.yaml')).toEqual([want]);
    expect(parseYamlAs(t, 'map')).toEqual(want);
  });

  it('blank lines after an escaped line break are line feeds', () => {
    expect(parseYamlDocuments('k: "a\\\n\n\n  b"\n', 't.yaml')).toEqual([{ k: 'a\n\nb' }]);
  });

  it('a block scalar running to the end of a text with no final line break ends without one', () => {
    for (const text of ['k: |\n  a\n  b', 'k: >+\n  a', 'k:\n- |2\n   x']) {
      const [fast, full] = [parseYamlDocuments(text, 't.yaml')[0], parseYamlDocumentsFully(text, 't.yaml')[0]];
      expect(JSON.stringify(fast)).not.toMatch(/\\n"/);
      expect(full).toEqual(fast);
    }
    expect(parseYamlDocuments('k: |\n  a\n', 't.yaml')).toEqual([{ k: 'a\n' }]);
  });

  it.each([
    ['k: "a \\/ b"\n', /line 1: found unknown escape character/],
    ['k: {[a]: 1}\n', /invalid map key/],
    ['k: .inf\n', /unsupported value: \+Inf/],
    ["k: 'a\n---\nb'\n", /t\.yaml/],
  ])('go-yaml refuses %j, and so do we', (text, why) => {
    expect(() => parseYamlDocuments(text, 't.yaml')).toThrow(why);
    expect(() => parseYamlAs(text, 'map')).toThrow();
  });
});
