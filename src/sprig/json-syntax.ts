// The syntax error encoding/json reports for a text it refuses: its scanner's state machine, run
// over the UTF-8 bytes only after JSON.parse refused the text (both accept the same texts), since
// Go's message names where the character stood ("after top-level value", "after object key", "in
// numeric literal", ...) and a chart may print it (fromJson returns it as .Error).
import { goQuote } from '../template/value.js';

type Step = (c: number) => Step | string;

/** Go's message for the first byte its scanner refuses, or "unexpected end of JSON input". */
export function jsonSyntaxError(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const stack: ('key' | 'value' | 'array')[] = [];
  const fail = (c: number, context: string): string => `invalid character ${quoteChar(c)} ${context}`;

  const endValue: Step = (c) => {
    if (stack.length === 0) return endTop(c);
    if (isSpace(c)) return endValue;
    const top = stack.length - 1;
    switch (stack[top]) {
      case 'key':
        if (c !== 0x3a) return fail(c, 'after object key');
        stack[top] = 'value';
        return beginValue;
      case 'value':
        if (c === 0x2c) {
          stack[top] = 'key';
          return beginString;
        }
        if (c !== 0x7d) return fail(c, 'after object key:value pair');
        stack.pop();
        return endValue;
      default:
        if (c === 0x2c) return beginValue;
        if (c !== 0x5d) return fail(c, 'after array element');
        stack.pop();
        return endValue;
    }
  };
  const endTop: Step = (c) => (isSpace(c) ? endTop : fail(c, 'after top-level value'));
  const beginValue: Step = (c) => {
    if (isSpace(c)) return beginValue;
    switch (c) {
      case 0x7b: // {
        stack.push('key');
        return beginStringOrEmpty;
      case 0x5b: // [
        stack.push('array');
        return beginValueOrEmpty;
      case 0x22:
        return inString;
      case 0x2d: // -
        return negative;
      case 0x30:
        return zero;
      case 0x74:
        return literal('true', 1);
      case 0x66:
        return literal('false', 1);
      case 0x6e:
        return literal('null', 1);
    }
    return c > 0x30 && c <= 0x39 ? digits : fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return beginValueOrEmpty;
    if (c !== 0x5d) return beginValue(c);
    stack.pop();
    return endValue;
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return beginStringOrEmpty;
    if (c !== 0x7d) return beginString(c);
    stack.pop();
    return endValue;
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return beginString;
    return c === 0x22 ? inString : fail(c, 'looking for beginning of object key string');
  };
  const inString: Step = (c) => {
    if (c === 0x22) return endValue;
    if (c === 0x5c) return escape;
    return c < 0x20 ? fail(c, 'in string literal') : inString;
  };
  const escape: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return inString;
    return c === 0x75 ? hex(4) : fail(c, 'in string escape code');
  };
  const hex =
    (left: number): Step =>
    (c) => {
      if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
      return left === 1 ? inString : hex(left - 1);
    };
  const negative: Step = (c) => {
    if (c === 0x30) return zero;
    return c > 0x30 && c <= 0x39 ? digits : fail(c, 'in numeric literal');
  };
  const digits: Step = (c) => (isDigit(c) ? digits : zero(c));
  const zero: Step = (c) => {
    if (c === 0x2e) return dot;
    return c === 0x65 || c === 0x45 ? exponent : endValue(c);
  };
  const dot: Step = (c) => (isDigit(c) ? fraction : fail(c, 'after decimal point in numeric literal'));
  const fraction: Step = (c) => {
    if (isDigit(c)) return fraction;
    return c === 0x65 || c === 0x45 ? exponent : endValue(c);
  };
  const exponent: Step = (c) => (c === 0x2b || c === 0x2d ? exponentSign : exponentSign(c));
  const exponentSign: Step = (c) => (isDigit(c) ? exponentDigits : fail(c, 'in exponent of numeric literal'));
  const exponentDigits: Step = (c) => (isDigit(c) ? exponentDigits : endValue(c));
  const literal =
    (word: string, at: number): Step =>
    (c) => {
      if (c !== word.charCodeAt(at)) return fail(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(at))})`);
      return at === word.length - 1 ? endValue : literal(word, at + 1);
    };

  let step: Step = beginValue;
  for (const c of bytes) {
    const next = step(c);
    if (typeof next === 'string') return next;
    step = next;
  }
  // at the end Go steps once more with a space, which ends a number but not a literal or an escape
  const end = step(0x20);
  return typeof end === 'string' ? end : 'unexpected end of JSON input';
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json's quoteChar: a byte as a Go rune literal (a byte past ASCII is that code point). */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}
