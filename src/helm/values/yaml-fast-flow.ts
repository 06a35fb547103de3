// Flow collections closed on their line, for the fast YAML reader (yaml-fast.ts): `[a, "b"]`,
// `{key: a, values: [b, c]}`, `{}`, nested; anything else gives up to the full reader.

import { mapSet } from '../../sprig/dicts.js';
import { resolvePlain } from '../../sprig/yaml-parse.js';
import { closingQuote, MAX_DEPTH, OUT, quoted, readKey } from './yaml-fast-scalars.js';

/**
 * A flow collection closed on its line (`[a, "b"]`, `{key: a, values: [b, c]}`, `{}`), with
 * nothing but a comment after it. Its plain scalars hold no `:` or `#` (a URL, `[a: 1]`, `a#b`),
 * and an empty entry (`[a, ]`) or a key without `: value` is left to the full reader.
 */
export function flowCollection(text: string): unknown {
  const f = { text, at: 0 };
  const value = flowNode(f, 0);
  const after = text.slice(f.at);
  if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
  return value;
}

interface Flow {
  text: string;
  at: number;
}

function skipSpaces(f: Flow): string | undefined {
  while (f.text.charCodeAt(f.at) === 32) f.at++;
  return f.text[f.at];
}

function flowNode(f: Flow, depth: number): unknown {
  if (depth > MAX_DEPTH) throw OUT;
  const c = skipSpaces(f);
  if (c === '[' || c === '{') {
    f.at++;
    const seq = c === '[';
    const out: unknown[] | Record<string, unknown> = seq ? [] : {};
    const end = seq ? ']' : '}';
    if (skipSpaces(f) === end) {
      f.at++;
      return out;
    }
    for (;;) {
      if (seq) (out as unknown[]).push(flowNode(f, depth + 1));
      else {
        const key = flowKey(f);
        mapSet(out as Record<string, unknown>, key, flowNode(f, depth + 1));
      }
      const next = skipSpaces(f);
      f.at++;
      if (next === end) return out;
      if (next !== ',') throw OUT;
    }
  }
  if (c === '"' || c === "'") {
    const close = closingQuote(f.text.slice(f.at), c);
    if (close < 0) throw OUT;
    const value = quoted(f.text.slice(f.at, f.at + close + 1), close);
    f.at += close + 1;
    return value;
  }
  const item = flowPlain(f).trimEnd();
  if (item === '' || f.text[f.at] === ':' || f.text[f.at] === '#') throw OUT;
  const first = item[0]!;
  if ('-?:,[]{}#&*!|>%@`'.includes(first) && !(first === '-' && item.length > 1 && item[1] !== ' ')) throw OUT;
  return resolvePlain(item);
}

/** A plain scalar in a flow collection, up to the indicator that ends it (or the line's end). */
function flowPlain(f: Flow): string {
  const start = f.at;
  while (f.at < f.text.length && !',[]{}:#'.includes(f.text[f.at]!)) f.at++;
  return f.text.slice(start, f.at);
}

/** A flow mapping's key and its `:`, read as a block key is (readKey). */
function flowKey(f: Flow): string {
  const c = skipSpaces(f);
  let text: string;
  if (c === '"' || c === "'") {
    const close = closingQuote(f.text.slice(f.at), c);
    if (close < 0) throw OUT;
    text = f.text.slice(f.at, f.at + close + 1);
    f.at += close + 1;
  } else text = flowPlain(f);
  // after a quoted key the `:` may touch the value (JSON: `{"a":"b"}`); after a plain one go-yaml
  // and the `yaml` library differ (`{a:b}`), so that is the full reader's
  if (f.text[f.at] !== ':' || (f.text[f.at + 1] !== ' ' && c !== '"' && c !== "'")) throw OUT;
  f.at++;
  return readKey(text);
}
