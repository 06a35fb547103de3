import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from './semver.js';
import { matchesConstraint, parseConstraint } from './semver-constraint.js';
import { sprigFuncs } from './index.js';

// Each row was checked with Go: sprig semverCompare over Masterminds/semver v3.
const TABLE: [string, string, boolean][] = [
  ['>=1.2.3', '1.2.3', true],
  ['>=1.2.3', '1.2.2', false],
  ['^1.2.3', '1.9.0', true],
  ['^1.2.3', '2.0.0', false],
  ['^0.2.3', '0.2.9', true],
  ['^0.2.3', '0.3.0', false],
  ['^0.0.3', '0.0.4', false],
  ['~1.2.3', '1.2.9', true],
  ['~1.2.3', '1.3.0', false],
  ['~1', '1.9.0', true],
  ['1.x', '1.5.0', true],
  ['1.x', '2.0.0', false],
  ['*', '1.0.0-beta', false],
  ['*', '1.0.0', true],
  ['>=1.0.0-0', '1.0.0-beta', true],
  ['>1.0', '1.1.0', true],
  ['>1.0', '1.0.5', false],
  ['<=1.2', '1.2.9', true],
  ['<=1.2', '1.3.0', false],
  ['1.2 - 1.4.5', '1.4.5', true],
  ['1.2 - 1.4.5', '1.4.6', false],
  ['>=1.0, <2.0', '1.5.0', true],
  ['>=1.0 <2.0', '2.0.0', false],
  ['<1.0 || >=3.0', '3.1.0', true],
  ['<1.0 || >=3.0', '2.0.0', false],
  ['!=1.2.3', '1.2.3', false],
  ['!=1.2', '1.2.5', false],
  ['!=1.2', '1.3.5', true],
  ['>=1.2.3', '1.2.4-alpha', false],
  ['>=1.2.3-alpha', '1.2.4-alpha', true],
  ['~1.2.3-beta', '1.2.3-beta.2', true],
  ['>=v1.2.3', 'v1.2.4', true],
  ['=1.2.3', '1.2.3+meta', true],
  ['>= 1.16.0-0', '1.27.3-gke.100', true],
  ['>=1.21.0-0', 'v1.30.0', true],
  ['^1.x', '1.9.9', true],
  ['~0', '0.5.0', true],
  ['2', '2.5.0', true],
  ['>1.2.3-alpha.10', '1.2.3-alpha.9', false],
  ['<2.0.0', '2.0.0-rc1', false],
  ['>=1.x', '0.9', false],
];

describe('semverCompare (Masterminds/semver v3 constraint rules)', () => {
  it.each(TABLE)('%s matches %s: %s', (c, v, want) => {
    expect(sprigFuncs().semverCompare!(c, v)).toBe(want);
  });
  it('either argument order works for matchesConstraint', () => {
    expect(matchesConstraint(parseConstraint('^1.2'), parseVersion('1.4.0'))).toBe(true);
    expect(matchesConstraint(parseVersion('1.4.0'), parseConstraint('^1.2'))).toBe(true);
  });
  it('an improper constraint errors with Masterminds text', () => {
    expect(() => sprigFuncs().semverCompare!('abc', '1.0.0')).toThrow('improper constraint: abc');
    expect(() => sprigFuncs().semverCompare!('>1', 'x1.0')).toThrow('Invalid Semantic Version');
  });
});

describe('semver versions (NewVersion is loose; prerelease precedence per semver 2)', () => {
  it('semver returns a *semver.Version with Go methods', () => {
    const v = sprigFuncs().semver!('v1.2.3-rc.1+b5') as ReturnType<typeof parseVersion>;
    expect(v.Major()).toBe(1n);
    expect(v.Prerelease()).toBe('rc.1');
    expect(v.toGoString()).toBe('1.2.3-rc.1+b5');
    expect((sprigFuncs().semver!('v1.2') as ReturnType<typeof parseVersion>).toGoString()).toBe('1.2.0');
  });
  it.each([
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0+a', '1.0.0+b', 0],
    ['2.0.0', '1.9.9', 1],
  ])('compare %s with %s is %d', (a, b, want) => {
    expect(compareVersions(parseVersion(a), parseVersion(b))).toBe(want);
  });
});
