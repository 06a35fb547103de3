// A string a template's pattern test accepts (`regexFind "^s3://.+" .Values.restore.s3.source`,
// `hasPrefix "git@" .Values.repo`): the optional search sets a setting to it, as it sets a word an
// `eq` compares with, to render the branch that test opens. Only plain patterns are read (literals,
// classes, the common escapes, quantifiers, groups with alternatives); the example is checked
// against Go's regexp before it is used, so a pattern read wrong gives no example, never a false one.

import { compileGoRegex } from '../../sprig/regex.js';

/** Characters an example may hold: what `--set` carries back as a plain string (values --include-optional). */
const SETTABLE = /^[\w.:/@+-]+$/;
const MAX_PATTERN = 256;
const MAX_EXAMPLE = 128;

/** A short string the RE2 `pattern` finds a match in, or undefined when none can be made plainly. */
export function patternExample(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  let example: string | undefined;
  try {
    example = new Reader(pattern).alternatives();
  } catch {
    return undefined;
  }
  if (!example || example.length > MAX_EXAMPLE || !SETTABLE.test(example)) return undefined;
  try {
    return compileGoRegex(pattern).execAt(example, 0) ? example : undefined;
  } catch {
    return undefined;
  }
}

/** `hasPrefix`, `hasSuffix`, `contains`: the literal with a word beside it where the test leaves room. */
export function affixExample(test: 'hasPrefix' | 'hasSuffix' | 'contains', literal: string): string | undefined {
  const example = test === 'hasPrefix' ? `${literal}x` : test === 'hasSuffix' ? `x${literal}` : literal;
  return literal !== '' && SETTABLE.test(example) ? example : undefined;
}

const CLASS_ESCAPES: Record<string, string> = { w: 'x', d: '0', s: ' ', W: '-', D: 'x', S: 'x' };

class Reader {
  private i = 0;
  constructor(private readonly p: string) {}

  /** `a|b`: the first alternative that yields. */
  alternatives(): string {
    const first = this.sequence();
    while (this.p[this.i] === '|') {
      this.i++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  private atom(): string {
    const c = this.p[this.i++]!;
    if (c === '^' || c === '$') return '';
    if (c === '.') return 'x';
    if (c === '(') {
      if (this.p[this.i] === '?') {
        // (?:...) and flags (?i) are read; named groups (?P<n>...) too; lookaround is no RE2
        const flags = /^\?(?:P<\w+>|<\w+>|[imsU-]*:?)/.exec(this.p.slice(this.i));
        if (!flags) throw new Error('group');
        this.i += flags[0].length;
        if (this.p[this.i] === ')' && !flags[0].endsWith(':') && !flags[0].includes('<')) {
          this.i++;
          return '';
        }
      }
      const inner = this.alternatives();
      if (this.p[this.i++] !== ')') throw new Error('unclosed');
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const e = this.p[this.i++];
      if (e === undefined) throw new Error('escape');
      if (e in CLASS_ESCAPES) return CLASS_ESCAPES[e]!;
      if (/[A-Za-z0-9]/.test(e)) throw new Error('escape');
      return e;
    }
    if ('*+?{'.includes(c)) throw new Error('quantifier');
    return c;
  }

  /** `[a-z0-9]` gives its first member; `[^...]` a letter or digit it leaves out. */
  private charClass(): string {
    const posix = /^\[:(\w+):\]\]/.exec(this.p.slice(this.i));
    if (posix) {
      this.i += posix[0].length;
      return posix[1] === 'digit' ? '0' : 'x';
    }
    const end = this.p.indexOf(']', this.i + 1);
    if (end < 0) throw new Error('class');
    const body = this.p.slice(this.i, end);
    this.i = end + 1;
    if (body.startsWith('^')) return ['x', 'a', '0', '-'].find((x) => !body.includes(x)) ?? 'z';
    if (body.startsWith('\\')) return CLASS_ESCAPES[body[1]!] ?? body[1]!;
    return body[0]!;
  }

  /** `*` and `?` take none, `+` one, `{n}` / `{n,m}` n. */
  private quantified(atom: string): string {
    const q = this.p[this.i];
    let out = atom;
    let counted = true;
    if (q === '*' || q === '?') out = '';
    else if (q === '{' && /^\{\d+(,\d*)?\}/.test(this.p.slice(this.i))) {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.p.slice(this.i))!;
      this.i += m[0].length - 1;
      out = atom.repeat(Math.min(Number(m[1]), MAX_EXAMPLE));
    } else if (q !== '+') counted = false;
    if (!counted) return out;
    this.i += 1;
    // a lazy mark after the quantifier changes nothing an example needs
    if (this.p[this.i] === '?') this.i += 1;
    return out;
  }
}
