import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, parseJsonQuietly } from './json-position.js';

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a":x}', 1, 6],
    ['{"a":1,}', 1, 8],
    ['{\n  "a": "b"\n  "c": 1\n}', 3, 3],
    ['[1, 2', 1, 6],
    ['{"a": "unterminated', 1, 7],
    ['{"a":1} x', 1, 9],
    ['', 1, 1],
    ['{"a":"\u0001"}', 1, 6],
    ['[01]', 1, 3],
  ])('%j: line %i, column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual({ line, column });
  });

  it.each([['{}'], ['[]'], ['{"a":[1,-2.5e3,true,null,{"b":"\\u00e9\\n"}]}'], [' 7 ']])('%j is valid', (text) => {
    expect(jsonErrorPosition(text)).toBeUndefined();
  });

  it('agrees with JSON.parse on which texts are valid (random edits of a config)', () => {
    const base = '{"auths":{"r.io":{"auth":"dTpw"}},"credsStore":"x","n":[1,2.5,-3e2,true,false,null]}';
    const chars = '{}[]:,"\\ 0123456789.-eEtrufalsn\n';
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 2000; i++) {
      const at = rnd(base.length);
      const text = base.slice(0, at) + chars[rnd(chars.length)] + base.slice(at + rnd(3));
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorPosition(text) === undefined, text).toBe(valid);
    }
  });

  it('parseJsonQuietly names the file and position, and none of the text', () => {
    expect(() => parseJsonQuietly('{"password": hunter2}', 'c.json')).toThrow(/^c\.json: not valid JSON at line 1, column 14$/);
  });
});
