import { describe, expect, it } from 'vitest';
import { goJsonMarshal } from './json.js';

/** encoding/json's string quoting, one character at a time, as Go's encodeState.string reads it. */
function quotedByRule(s: string, html: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (html && (ch === '<' || ch === '>' || ch === '&')) || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

describe('toJson strings (encoding/json escapes)', () => {
  it.each([
    ['plain', 'nginx:1.27', '"nginx:1.27"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['newline, return, tab', 'a\nb\rc\td', '"a\\nb\\rc\\td"'],
    ['other control characters as \\u', '\u0000\u0001\u001f\u007f', '"\\u0000\\u0001\\u001f\u007f"'],
    ['backspace and form feed by name (Go 1.22+)', '\b\f', '"\\b\\f"'],
    ['HTML characters escaped', '<a href="x">&</a>', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
    ['line and paragraph separators', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['astral characters kept', 'ok 😀 é', '"ok 😀 é"'],
  ])('%s', (_, s, want) => {
    expect(goJsonMarshal(s)).toBe(want);
    expect(goJsonMarshal({ [s]: s })).toBe(`{${want}:${want}}`);
  });

  it('HTML characters are kept when escaping is off (json.Encoder.SetEscapeHTML(false))', () => {
    expect(goJsonMarshal('<&>"', { escapeHtml: false })).toBe('"<&>\\""');
  });

  it('quotes 3000 random strings as the character-by-character rule does, with and without HTML escaping', () => {
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u0008',
      '\u000c',
      '\u001b',
      '\u001f',
      '<',
      '>',
      '&',
      '\u2028',
      '\u2029',
      'é',
      '😀',
      '\ud800',
      '\udfff',
      '\u007f',
      '\u0085',
      '/',
      "'",
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let escaped = 0;
    for (let i = 0; i < 3000; i++) {
      const s = Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join('');
      for (const html of [true, false]) {
        const want = quotedByRule(s, html);
        if (want !== `"${s}"`) escaped++;
        expect(goJsonMarshal(s, { escapeHtml: html }), JSON.stringify(s)).toBe(want);
      }
    }
    // both paths taken: strings quoted whole and strings with escapes
    expect(escaped).toBeGreaterThan(1000);
    expect(escaped).toBeLessThan(5900);
  });
});
