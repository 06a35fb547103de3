import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { indentsSequences, keepUntouchedLines } from './text-splice.js';

/** The file edited through the Document API, written back by keepUntouchedLines. */
function edit(original: string, change: (d: ReturnType<typeof parseDocument>) => void): string {
  const indentSeq = indentsSequences(original);
  const before = parseDocument(original).toString({ lineWidth: 0, indentSeq });
  const d = parseDocument(original);
  change(d);
  return keepUntouchedLines(original, before, d.toString({ lineWidth: 0, indentSeq }));
}

describe('keepUntouchedLines', () => {
  it('keeps CRLF, unindented lists, flow maps and comment spacing on lines the edit did not touch', () => {
    const original = '# fleet\r\nspec:\r\n  list:\r\n  - { a: 1 }\r\n  - b\r\n  chart: old\r\n  other: [ x, y ]    # two\r\n';
    const out = edit(original, (d) => d.setIn(['spec', 'chart'], 'new'));
    expect(out).toBe('# fleet\r\nspec:\r\n  list:\r\n  - { a: 1 }\r\n  - b\r\n  chart: new\r\n  other: [ x, y ]    # two\r\n');
  });

  it('writes added lines in the file’s own list layout', () => {
    const original = 'patches:\n- path: a.yaml\nresources:\n- ../base\n';
    const out = edit(original, (d) => (d.get('patches') as { add(v: unknown): void }).add(d.createNode({ path: 'b.yaml' })));
    expect(out).toBe('patches:\n- path: a.yaml\n- path: b.yaml\nresources:\n- ../base\n');
  });

  it('keeps a comment after a key and lines the library writes otherwise, when the edit does not touch them', () => {
    const original = 'spec:   # the spec\n  chart: old\n  values:    # ours\n    list:\n      - a\n';
    const out = edit(original, (d) => d.setIn(['spec', 'chart'], 'new'));
    expect(out).toBe('spec:   # the spec\n  chart: new\n  values:    # ours\n    list:\n      - a\n');
  });

  it('changes nothing when the edit changes nothing', () => {
    const original = 'a:   1   # x\nb: [ 1,2 ]\n';
    expect(edit(original, () => {})).toBe(original);
  });
});
