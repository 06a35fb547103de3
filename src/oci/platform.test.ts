import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import { formatPlatform, matchPlatform, parsePlatform, parsePlatforms } from './platform.js';

describe('platform', () => {
  it('parses a comma list (platform: os/arch[/variant])', () => {
    expect(parsePlatforms('linux/amd64, linux/arm64/v8,')).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
  });
  it.each(['linux', 'linux/amd64/v1/x', 'linux//amd64', 'linux/am d64'])('refuses %s (platform: usage error)', (s) => {
    expect(() => parsePlatform(s)).toThrow(UsageError);
  });
  it.each([
    [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64', true],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64', true],
    [{ os: 'linux', architecture: 'arm64' }, 'linux/arm64/v8', true],
    [{ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v7', false],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7', true],
    [{ os: 'unknown', architecture: 'unknown' }, 'linux/amd64', false],
    [{ os: 'windows', architecture: 'amd64' }, 'linux/amd64', false],
  ])('%o matches %s = %s (platform: variant only when asked, arm64=v8 arm=v7 by default)', (have, want, ok) => {
    expect(matchPlatform(have, parsePlatform(want))).toBe(ok);
  });
  it('formats (platform: os/arch/variant)', () => {
    expect(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
    expect(formatPlatform(undefined)).toBe('unknown');
  });
});
