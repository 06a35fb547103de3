import { describe, expect, it } from 'vitest';
import { gatedKeys, switchedOff } from './script-gates.js';

const KEY = /["']([A-Za-z_][\w-]*(?:\.[\w-]+)+)["']|[\w)\]][([]\s*["']([A-Za-z_][\w-]*)["']/g;

describe('gatedKeys: the switches a script reads each key under', () => {
  it('a plain `if` of one setting gates its block; else, compound conditions and the block end do not', () => {
    const keys = gatedKeys(
      [
        'cm = get_config("a.cloud")',
        'if cm.get("block") == True:',
        '    x = get_config("a.tools.name")',
        '    if get_config("b.on"):',
        '        y = get_config("b.image")',
        'else:',
        '    z = get_config("c.image")',
        'if get_config("d.on") and get_config("d.more"):',
        '    w = get_config("d.image")',
        'v = get_config("a.tools.name")',
      ].join('\n'),
      KEY,
    );
    expect(keys.get('a.tools.name')).toEqual([['a.cloud.block'], []]);
    expect(keys.get('b.image')).toEqual([['a.cloud.block', 'b.on']]);
    expect(keys.get('c.image')).toEqual([[]]);
    expect(keys.get('d.image')).toEqual([[]]);
    expect(keys.get('a.cloud')).toEqual([[]]);
  });

  it('a switch is off only when the dump writes false', () => {
    expect(switchedOff('false')).toBe(true);
    expect(switchedOff('true')).toBe(false);
    expect(switchedOff('')).toBe(false);
    expect(switchedOff(undefined)).toBe(false);
  });
});

describe('gatedKeys: one-word keys', () => {
  it('a word is a key as a subscript or an argument of a function that also takes dotted keys, not of any other', () => {
    const keys = gatedKeys(['a = get_value("x.y")', 'b = get_value("mode")', 'c = get_name("singleuser")', 'd = values["config"]'].join('\n'), KEY);
    expect([...keys.keys()]).toEqual(['x.y', 'mode', 'config']);
  });
});
