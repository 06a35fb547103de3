import { describe, expect, it } from 'vitest';
import { goPathMatch } from './glob-match.js';
import { IgnoreRules } from './helmignore.js';

describe('.helmignore (helm pkg/ignore)', () => {
  const rules = IgnoreRules.parse('# comment\n*.bak\n/top.txt\nsecret/\ndocs/*.md\n**/never\n');
  it.each<[string, boolean, boolean]>([
    ['a pattern without / matches the base name anywhere', false, rules.ignores('deep/x/file.bak', false)],
    ['a leading / anchors at the chart root', false, rules.ignores('top.txt', false) && !rules.ignores('sub/top.txt', false)],
    ['a trailing / matches directories only', false, rules.ignores('secret', true) && !rules.ignores('secret', false)],
    ['a pattern with / matches the whole path', false, rules.ignores('docs/a.md', false) && !rules.ignores('docs/sub/a.md', false)],
    ['templates/.?* is always ignored (built-in rule)', false, rules.ignores('templates/.hidden.yaml', false)],
    ['unmatched paths are kept', true, !rules.ignores('templates/deployment.yaml', false)],
    ['** lines are skipped', true, !rules.ignores('x/never', false)],
  ])('%s', (_name, _unused, got) => {
    expect(got).toBe(true);
  });

  it('a negated rule that does not match ignores the path (Helm quirk)', () => {
    const r = IgnoreRules.parse('!keep.txt\n');
    expect(r.ignores('keep.txt', false)).toBe(false);
    expect(r.ignores('other.txt', false)).toBe(true);
  });
});

describe('Go filepath.Match', () => {
  it.each<[string, string, boolean]>([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'd/a.yaml', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'dx', true],
    ['[^a-c]x', 'ax', false],
    ['a\\*', 'a*', true],
    ['[', '[', false],
  ])('%s matches %s: %s', (p, s, want) => {
    expect(goPathMatch(p, s)).toBe(want);
  });
});
