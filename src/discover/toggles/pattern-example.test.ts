import { describe, expect, it } from 'vitest';
import { affixExample, patternExample } from './pattern-example.js';

describe('patternExample', () => {
  it.each([
    ['^s3://.+|^S3://.+', 's3://x'],
    ['^.+@.+:.+', 'x@x:x'],
    ['^redis://(?:[A-Za-z0-9_]+(?::[^@]+)?@)?[A-Za-z0-9.-]+(?::\\d{1,5})?(?:/\\d+)?$', 'redis://A'],
    ['(?i)^https?://[a-z]+\\.example$', 'http://a.example'],
    ['^[[:digit:]]{3}$', '000'],
    ['^v\\d+\\.\\d+', 'v0.0'],
  ])('%s gives %s, which Go finds a match in', (pattern, example) => {
    expect(patternExample(pattern)).toBe(example);
  });

  it.each([
    ['a pattern only a space passes (not settable)', '^\\s+$'],
    ['lookahead (no RE2)', '^(?=a)a'],
    ['an unclosed group', '^(a'],
    ['a backreference', '(a)\\1'],
  ])('%s gives none', (_, pattern) => {
    expect(patternExample(pattern)).toBeUndefined();
  });

  it('affixes: a word beside a prefix or suffix, a substring as it is', () => {
    expect(affixExample('hasPrefix', 'git@')).toBe('git@x');
    expect(affixExample('hasSuffix', '.git')).toBe('x.git');
    expect(affixExample('contains', 'ssh')).toBe('ssh');
    expect(affixExample('contains', 'a b')).toBeUndefined();
  });
});
