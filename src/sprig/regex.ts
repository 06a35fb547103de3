// Sprig's regex family over Go's regexp (RE2) semantics: RE2 itself (re2js), Go's rules for
// successive empty matches, and Go's Expand for $1 / ${1} / $name templates.
import { RE2JS } from 're2js';
import { argInt, argString, type GoFunc } from './cast.js';

/**
 * A compiled Go regexp. Go's regexp is RE2: linear-time matching (no catastrophic backtracking on
 * `(a+)+$`, where JavaScript's RegExp runs for minutes) and RE2's syntax (`(?P<n>)`, `\\z`, `\\Q..\\E`,
 * POSIX classes; no lookaround or backreferences). re2js is a pure-JavaScript port of RE2 with
 * Go's own error texts, so no translation layer of ours stands between a chart and Go's answer.
 */
export class GoRegexp {
  private readonly names: Record<string, number>;
  constructor(
    readonly pattern: string,
    private readonly re: RE2JS,
  ) {
    this.names = re.namedGroups() as Record<string, number>;
  }

  /** The leftmost match starting at or after `from` (UTF-16 index), or null. */
  execAt(s: string, from: number): GoMatch | null {
    const m = this.re.matcher(s);
    if (!m.find(from)) return null;
    const groups: (string | undefined)[] = [];
    for (let i = 0; i <= this.re.groupCount(); i++) groups.push(m.group(i) ?? undefined);
    const named: Record<string, string | undefined> = {};
    for (const [name, i] of Object.entries(this.names)) named[name] = groups[i];
    return { index: m.start(), text: groups[0] ?? '', groups, named };
  }
}

export interface GoMatch {
  index: number;
  text: string;
  /** groups[0] is the whole match; undefined for a group that did not take part. */
  groups: (string | undefined)[];
  named: Record<string, string | undefined>;
}

/** Go's regexp.Compile (its error text: "error parsing regexp: ..."). */
export function compileGoRegex(pattern: string): GoRegexp {
  const known = COMPILED.get(pattern);
  if (known) return known;
  let re: GoRegexp;
  try {
    re = new GoRegexp(pattern, RE2JS.compile(pattern));
  } catch (e) {
    throw new Error((e as Error).message);
  }
  if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
  COMPILED.set(pattern, re);
  return re;
}

/**
 * Compiled patterns: a chart's helpers run the same few regexps on every render (and a search
 * renders a chart many times); compiling was 3% of a Bitnami chart's optional-image search. A
 * GoRegexp holds no match state (each match makes its own matcher), so one serves every caller.
 */
const COMPILED = new Map<string, GoRegexp>();
const MAX_COMPILED = 4096;

/** regexp.MustCompile's panic text, which the non-must Sprig functions surface. */
function mustCompile(pattern: string): GoRegexp {
  try {
    return compileGoRegex(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(\`${pattern}\`): ${(e as Error).message}`);
  }
}

/** Go's allMatches: an empty match right where the previous match ended is skipped. */
export function goFindAll(re: GoRegexp, s: string, n: number): GoMatch[] {
  const out: GoMatch[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (n < 0 || out.length < n)) {
    const m = re.execAt(s, pos);
    if (!m) break;
    const start = m.index;
    const end = start + m.text.length;
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
export function goExpand(template: string, m: GoMatch): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))?/g, (all, braced?: string, bare?: string) => {
    if (all === '$$') return '$';
    const name = braced ?? bare;
    if (name === undefined) return '$';
    if (/^\d+$/.test(name)) return m.groups[Number(name)] ?? '';
    return m.named[name] ?? '';
  });
}

function replaceAll(re: GoRegexp, s: string, repl: (m: GoMatch) => string): string {
  let out = '';
  let last = 0;
  for (const m of goFindAll(re, s, -1)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m.text.length;
  }
  return out + s.slice(last);
}

/** regexp.Split. */
function split(re: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.pattern !== '' && s === '') return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of goFindAll(re, s, n)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.index;
    if (m.index + m.text.length !== 0) parts.push(s.slice(beg, end));
    beg = m.index + m.text.length;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

const QUOTE_META = /[\\.+*?()|[\]{}^$]/g;

type Impl = (re: GoRegexp, args: unknown[]) => unknown;

const impls: Record<string, Impl> = {
  RegexMatch: (re, [s]) => goFindAll(re, argString(s), 1).length > 0,
  RegexFindAll: (re, [s, n]) => goFindAll(re, argString(s), Number(argInt(n))).map((m) => m.text),
  RegexFind: (re, [s]) => goFindAll(re, argString(s), 1)[0]?.text ?? '',
  // every argument is checked before matching: Go's call fails on a non-string even with no match
  RegexReplaceAll: (re, [s, r]) => {
    const [text, repl] = [argString(s), argString(r)];
    return replaceAll(re, text, (m) => goExpand(repl, m));
  },
  RegexReplaceAllLiteral: (re, [s, r]) => {
    const [text, repl] = [argString(s), argString(r)];
    return replaceAll(re, text, () => repl);
  },
  RegexSplit: (re, [s, n]) => split(re, argString(s), Number(argInt(n))),
};

/** regexMatch ignores a bad pattern (false); the others panic with MustCompile's text. */
function lenient(pattern: string): GoRegexp | undefined {
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
