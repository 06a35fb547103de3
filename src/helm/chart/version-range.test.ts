import { describe, expect, it } from 'vitest';
import { isCompatibleRange } from './version-range.js';

describe('dependency version ranges (Masterminds semver constraints)', () => {
  it.each<[string | undefined, string, boolean]>([
    ['~7.1.0', '7.1.2', true],
    ['~7.1.0', '7.2.0', false],
    ['2.x.x', '2.19.0', true],
    ['^1.2', '1.9.0', true],
    ['>=7.0.0 <8.0.0', '7.1.2', true],
    ['>= 1.0, < 2.0', '1.5.0', true],
    ['1.0.0 || 2.0.0', '2.0.0', true],
    ['>=1.25.0-0', 'v1.29.3', true],
    ['>=1.25.0-0', 'v1.20.0', false],
    ['0.1.0', 'v0.1', true],
    [undefined, '1.0.0', false],
    ['not a range', '1.0.0', false],
  ])('%s against %s: %s', (range, version, want) => {
    expect(isCompatibleRange(range, version)).toBe(want);
  });
});

describe('Masterminds-only syntax', () => {
  it.each<[string, string, boolean]>([
    ['!=1.2.3', '1.2.4', true],
    ['!=1.2.3', '1.2.3', false],
    ['>=1.19.0-0 <1.30.0-0', '1.25.3', true],
    ['1.2 - 1.4.5', '1.3.0', true],
  ])('%s against %s: %s', (range, version, want) => {
    expect(isCompatibleRange(range, version)).toBe(want);
  });
});
