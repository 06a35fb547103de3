import { describe, expect, it } from 'vitest';
import { isExactVersion, isStrictSemver, resolveVersion, sortVersionsDesc } from './resolve-version.js';

const AVAILABLE = ['1.0.0', '1.2.0', '1.2.5', '1.3.0-rc.1', '1.10.0', '2.0.0', 'v2.1.0', '0.2.3', '0.2.9', '0.3.0', 'weird'];
const pick = (c: string | undefined, devel = false) => resolveVersion(AVAILABLE, c, { what: 'chart "demo"', devel });

describe('resolveVersion (Helm IndexFile.Get + Masterminds constraints)', () => {
  it.each<[string | undefined, string, string]>([
    [undefined, 'v2.1.0', 'empty constraint = * = highest stable'],
    ['1.2.0', '1.2.0', 'exact string match first'],
    ['~1.2.0', '1.2.5', 'tilde: >=1.2.0 <1.3.0'],
    ['^1.2', '1.10.0', 'caret: >=1.2.0 <2.0.0'],
    ['^0.2.3', '0.2.9', 'caret 0.x: >=0.2.3 <0.3.0'],
    ['1.x', '1.10.0', 'wildcard x'],
    ['>=1.0, <1.3', '1.2.5', 'comma is AND'],
    ['>=1.0 <1.3', '1.2.5', 'space is AND'],
    ['1.0.0 - 1.2.0', '1.2.0', 'hyphen range is inclusive'],
    ['<1.0.0 || >=2.0.0 <2.1.0', '2.0.0', 'OR of groups'],
    ['2.1.0', 'v2.1.0', 'a leading v matches (lenient version parse)'],
    ['>=1.3.0-0 <1.4.0-0', '1.3.0-rc.1', 'prerelease only when the constraint names one'],
  ])('%s → %s (%s)', (c, want) => {
    expect(pick(c)).toBe(want);
  });
  it('never selects a prerelease for * unless --devel (Helm: ">0.0.0-0")', () => {
    expect(resolveVersion(['1.0.0', '1.1.0-beta'], undefined, { what: 'x' })).toBe('1.0.0');
    expect(resolveVersion(['1.0.0', '1.1.0-beta'], undefined, { what: 'x', devel: true })).toBe('1.1.0-beta');
  });
  it('lists what exists when nothing matches', () => {
    try {
      pick('^3');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('chart "demo": no version matches "^3"');
      expect((e as { hint: string }).hint).toMatch(/^available: v2\.1\.0, 2\.0\.0, 1\.10\.0, 1\.3\.0-rc\.1/);
    }
  });
  it('refuses an unparsable constraint with examples', () => {
    expect(() => pick('>>1')).toThrow(/invalid version constraint ">>1"/);
  });
});

describe('version helpers', () => {
  it('sorts newest first, unparsable last (ChartVersions.Less)', () => {
    expect(sortVersionsDesc(['1.0.0', 'x', '1.10.0', '1.2.0'])).toEqual(['1.10.0', '1.2.0', '1.0.0', 'x']);
  });
  it.each([
    ['1.2.3', true, true],
    ['1.2.3+build.1', true, true],
    ['v1.2.3', true, false],
    ['1.2', false, false],
    ['^1.2.3', false, false],
  ])('%s exact=%s strict=%s (OCI tags use StrictNewVersion)', (v, exact, strict) => {
    expect(isExactVersion(v)).toBe(exact);
    expect(isStrictSemver(v)).toBe(strict);
  });
});
