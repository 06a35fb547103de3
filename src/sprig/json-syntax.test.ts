// The texts encoding/json gives for texts it refuses, as real Helm 4.1.4 rendered them through
// fromJson's .Error (each pair read off `helm template`), against jsonSyntaxError.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax.js';
import { goJsonUnmarshal } from './json.js';

const HELM: [string, string][] = [
  ['1.2.3', "invalid character '.' after top-level value"],
  ['{', 'unexpected end of JSON input'],
  ['{"a"', 'unexpected end of JSON input'],
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":1 2}', "invalid character '2' after object key:value pair"],
  ['[1 2]', "invalid character '2' after array element"],
  ['[1,]', "invalid character ']' looking for beginning of value"],
  ['tru', "invalid character ' ' in literal true (expecting 'e')"],
  ['trux', "invalid character 'x' in literal true (expecting 'e')"],
  ['nul', "invalid character ' ' in literal null (expecting 'l')"],
  ['fals', "invalid character ' ' in literal false (expecting 'e')"],
  ['fxlse', "invalid character 'x' in literal false (expecting 'a')"],
  ['-', "invalid character ' ' in numeric literal"],
  ['-a', "invalid character 'a' in numeric literal"],
  ['1.', "invalid character ' ' after decimal point in numeric literal"],
  ['1.e', "invalid character 'e' after decimal point in numeric literal"],
  ['1e', "invalid character ' ' in exponent of numeric literal"],
  ['1e+', "invalid character ' ' in exponent of numeric literal"],
  ['1ex', "invalid character 'x' in exponent of numeric literal"],
  ['"abc', 'unexpected end of JSON input'],
  ['"a\\x"', "invalid character 'x' in string escape code"],
  ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
  ['{1:2}', "invalid character '1' looking for beginning of object key string"],
  ['  ', 'unexpected end of JSON input'],
  ['', 'unexpected end of JSON input'],
  ['[', 'unexpected end of JSON input'],
  [']', "invalid character ']' looking for beginning of value"],
  ['{}x', "invalid character 'x' after top-level value"],
  ['"a\nb"', "invalid character '\\n' in string literal"],
  ['\u00e9', "invalid character '\u00c3' looking for beginning of value"],
  ["'x'", "invalid character '\\'' looking for beginning of value"],
  ['01', "invalid character '1' after top-level value"],
  ['-01', "invalid character '1' after top-level value"],
  ['1 2', "invalid character '2' after top-level value"],
  ['["a":1]', "invalid character ':' after array element"],
  ['{"a":}', "invalid character '}' looking for beginning of value"],
  ['nullx', "invalid character 'x' after top-level value"],
  ['\t', 'unexpected end of JSON input'],
  ['\u0080', "invalid character '\u00c2' looking for beginning of value"],
  ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
  ['{"a":[1,{"b":]}}', "invalid character ']' looking for beginning of value"],
  ['[{}', 'unexpected end of JSON input'],
  ['"\\', "invalid character ' ' in string escape code"],
  ['1e5x', "invalid character 'x' after top-level value"],
  ['\u00e9x', "invalid character '\u00c3' looking for beginning of value"],
  ["a'b", "invalid character 'a' looking for beginning of value"],
  ['"\\u00', "invalid character ' ' in \\u hexadecimal character escape"],
];

describe('jsonSyntaxError', () => {
  it.each(HELM)('%j: %s', (text, message) => {
    expect(jsonSyntaxError(text)).toBe(message);
    expect(() => goJsonUnmarshal(text)).toThrow(message);
  });
});
