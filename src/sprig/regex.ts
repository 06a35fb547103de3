// Sprig's regex family over Go's regexp (RE2) semantics: Go syntax translated to JavaScript,
// Go's rules for successive empty matches, and Go's Expand for $1 / ${1} / $name templates.
import { argInt, argString, type GoFunc } from './cast.js';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** A class body like "A-Za-z" turned into its complement over the BMP, as explicit ranges. */
function complement(cls: string): string {
  const unescaped = cls.replace(/\\x([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\([tnvfr])/g, (_m, c: string) => ({ t: '\t', n: '\n', v: '\v', f: '\f', r: '\r' })[c]!);
  const ranges: [number, number][] = [];
  const cs = [...unescaped];
  for (let i = 0; i < cs.length; i++) {
    const lo = cs[i]!.charCodeAt(0);
    if (cs[i + 1] === '-' && cs[i + 2] !== undefined) ranges.push([lo, cs[i + 2]!.charCodeAt(0)]), (i += 2);
    else ranges.push([lo, lo]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const hex = (n: number): string => '\\u' + n.toString(16).padStart(4, '0');
  let out = '';
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out += `${hex(next)}-${hex(lo - 1)}`;
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out += `${hex(next)}-${hex(0xffff)}`;
  return out;
}

function parseError(code: string, pattern: string): Error {
  return new Error(`error parsing regexp: ${code}: \`${pattern}\``);
}

/** Go's regexp syntax as a JavaScript RegExp (flags g plus any leading (?ims)). */
export function compileGoRegex(pattern: string): RegExp {
  let src = pattern;
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    flags += lead[1]!.replace(/U/g, '');
    src = src.slice(lead[0].length);
  }
  const unsupported = /\(\?(<?[=!])/.exec(src);
  if (unsupported) throw new Error(`error parsing regexp: invalid or unsupported Perl syntax: \`(?${unsupported[1]}\``);
  const backref = /(?<!\\)(?:\\\\)*\\([1-9])/.exec(src);
  if (backref) throw new Error(`error parsing regexp: invalid escape sequence: \`\\${backref[1]}\``);
  src = src
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, lit: string) => lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)(\w+):\]/g, (m, neg: string, name: string) => {
      const cls = POSIX[name];
      if (!cls) throw parseError('invalid character class range', m);
      return neg ? complement(cls) : cls;
    })
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '(?![\\s\\S])');
  try {
    return new RegExp(src, flags);
  } catch (e) {
    throw translateError(String((e as Error).message), pattern);
  }
}

function translateError(msg: string, pattern: string): Error {
  if (/Unterminated group/.test(msg)) return parseError('missing closing )', pattern);
  if (/Unmatched '\)'/.test(msg)) return parseError('unexpected )', pattern);
  if (/Unterminated character class/.test(msg)) return parseError('missing closing ]', pattern.slice(pattern.indexOf('[')));
  if (/Nothing to repeat/.test(msg)) return parseError('missing argument to repetition operator', pattern);
  if (/Invalid capture group name|Invalid named/.test(msg)) return parseError('invalid named capture', pattern);
  return parseError('invalid syntax', pattern);
}

/** regexp.MustCompile's panic text, which the non-must Sprig functions surface. */
function mustCompile(pattern: string): RegExp {
  try {
    return compileGoRegex(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(\`${pattern}\`): ${(e as Error).message}`);
  }
}

/** Go's allMatches: an empty match right where the previous match ended is skipped. */
export function goFindAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (n < 0 || out.length < n)) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(pos);
      pos += cp === undefined ? 1 : cp > 0xffff ? 2 : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; a malformed $ stays literal. */
export function goExpand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))?/g, (all, braced?: string, bare?: string) => {
    if (all === '$$') return '$';
    const name = braced ?? bare;
    if (name === undefined) return '$';
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of goFindAll(re, s, -1)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** regexp.Split. */
function split(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source !== '(?:)' && s === '') return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of goFindAll(re, s, n)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) parts.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

const QUOTE_META = /[\\.+*?()|[\]{}^$]/g;

type Impl = (re: RegExp, args: unknown[]) => unknown;

const impls: Record<string, Impl> = {
  RegexMatch: (re, [s]) => goFindAll(re, argString(s), 1).length > 0,
  RegexFindAll: (re, [s, n]) => goFindAll(re, argString(s), Number(argInt(n))).map((m) => m[0]),
  RegexFind: (re, [s]) => goFindAll(re, argString(s), 1)[0]?.[0] ?? '',
  RegexReplaceAll: (re, [s, r]) => replaceAll(re, argString(s), (m) => goExpand(argString(r), m)),
  RegexReplaceAllLiteral: (re, [s, r]) => replaceAll(re, argString(s), () => argString(r)),
  RegexSplit: (re, [s, n]) => split(re, argString(s), Number(argInt(n))),
};

/** regexMatch ignores a bad pattern (false); the others panic with MustCompile's text. */
function lenient(pattern: string): RegExp | undefined {
  try {
    return compileGoRegex(pattern);
  } catch {
    return undefined;
  }
}

export function regexFuncs(): Record<string, GoFunc> {
  const out: Record<string, GoFunc> = {
    regexQuoteMeta: (s) => argString(s).replace(QUOTE_META, '\\$&'),
  };
  for (const [name, impl] of Object.entries(impls)) {
    const plain = name[0]!.toLowerCase() + name.slice(1);
    out['must' + name] = (pattern, ...args) => impl(compileGoRegex(argString(pattern)), args);
    out[plain] = (pattern, ...args) => {
      if (plain !== 'regexMatch') return impl(mustCompile(argString(pattern)), args);
      const re = lenient(argString(pattern));
      return re ? impl(re, args) : false;
    };
  }
  return out;
}
