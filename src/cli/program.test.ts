import { describe, expect, it } from 'vitest';
import { commandOf, isVersionRequest } from './program.js';

describe('where a command line puts its command (as commander finds it)', () => {
  it.each([
    [['images', 'x', '--version', '1.2'], 'images', false],
    [['--version'], undefined, true],
    [['-o', 'json', '--version'], undefined, true],
    [['-q', '--version'], undefined, true],
    [['--ca-file', 'push', 'verify', 'b.tar'], 'verify', false],
    [['--idle-timeout', '30', 'push', 'b.tar', '--version', 'x'], 'push', false],
    [['--output=json', 'copy'], 'copy', false],
    [['--', 'images', '--version'], 'images', false],
    [['help', 'push'], 'help', false],
    [[], undefined, false],
  ])('%j: command %s, version request %s', (args, command, version) => {
    expect(commandOf(args)).toBe(command);
    expect(isVersionRequest(args)).toBe(version);
  });
});
