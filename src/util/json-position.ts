// Where a JSON text goes wrong, as a line and column: V8's own message quotes the characters
// around the fault ("...\"auth\":c2VjcmV0LX\"..."), and in a file of logins those are a
// secret's. One pass over the text's tokens with a stack, no recursion on nesting.

export interface TextPosition {
  line: number;
  column: number;
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

/** The line and column (1-based) of the first character JSON.parse would refuse; undefined for valid JSON. */
export function jsonErrorPosition(text: string): TextPosition | undefined {
  const at = jsonErrorOffset(text);
  return at === undefined ? undefined : positionOf(text, at);
}

export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

function jsonErrorOffset(text: string): number | undefined {
  const open: ('{' | '[')[] = [];
  let want: Want = 'value';
  let i = skip(text, 0);
  const token = (re: RegExp): number => {
    re.lastIndex = i;
    return re.test(text) ? re.lastIndex : -1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (want === 'after') {
      const top = open[open.length - 1];
      if (c === ',' && top) want = top === '{' ? 'key' : 'value';
      else if ((c === '}' && top === '{') || (c === ']' && top === '[')) open.pop();
      else return i;
      i = skip(text, i + 1);
      continue;
    }
    if (want === 'colon') {
      if (c !== ':') return i;
      want = 'value';
      i = skip(text, i + 1);
      continue;
    }
    if (want === 'key' || want === 'key-or-close') {
      if (c === '}' && want === 'key-or-close') {
        open.pop();
        want = 'after';
        i = skip(text, i + 1);
        continue;
      }
      const end = c === '"' ? token(STRING) : -1;
      if (end < 0) return i;
      want = 'colon';
      i = skip(text, end);
      continue;
    }
    if (c === ']' && want === 'value-or-close') {
      open.pop();
      want = 'after';
      i = skip(text, i + 1);
      continue;
    }
    if (c === '{' || c === '[') {
      open.push(c);
      want = c === '{' ? 'key-or-close' : 'value-or-close';
      i = skip(text, i + 1);
      continue;
    }
    const end = c === '"' ? token(STRING) : c === '-' || (c >= '0' && c <= '9') ? token(NUMBER) : token(LITERAL);
    if (end < 0) return i;
    want = 'after';
    i = skip(text, end);
  }
  // the text ended: complete only after one whole top-level value
  return want === 'after' && open.length === 0 ? undefined : text.length;
}

function skip(text: string, from: number): number {
  SPACE.lastIndex = from;
  SPACE.test(text);
  return SPACE.lastIndex;
}

/** JSON.parse for files that may hold secrets: a syntax error names the line and column, never the text. */
export function parseJsonQuietly(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const at = jsonErrorPosition(text);
    throw new SyntaxError(`${file}: not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}`);
  }
}
