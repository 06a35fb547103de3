// Go's path.Match / filepath.Match on slash paths: `*` is any run of non-`/` characters, `?`
// one non-`/` character, `[a-z]` / `[^a-z]` classes, `\` escapes. A malformed pattern matches
// nothing (Go returns ErrBadPattern, which .helmignore treats as no match).

const cache = new Map<string, RegExp | null>();

export function goPathMatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = compile(pattern);
    cache.set(pattern, re);
  }
  return re !== null && re.test(name);
}

function compile(pattern: string): RegExp | null {
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else if (ch === '\\') {
      if (++i >= pattern.length) return null;
      src += escapeRe(pattern[i]);
    } else if (ch === '[') {
      const cls = compileClass(pattern, i);
      if (cls === null) return null;
      src += cls.src;
      i = cls.end;
    } else src += escapeRe(ch);
  }
  return new RegExp(src + '$', 's');
}

function compileClass(p: string, start: number): { src: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < p.length; i++) {
    let ch = p[i];
    if (ch === ']' && !first) return { src: negate ? `(?![/])[^${body}]` : `[${body}]`, end: i };
    first = false;
    if (ch === '\\') {
      if (++i >= p.length) return null;
      ch = p[i];
    }
    if (ch === '-' || ch === ']') return null;
    body += escapeClass(ch);
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      let hi = p[i + 2];
      i += 2;
      if (hi === '\\') {
        if (++i >= p.length) return null;
        hi = p[i];
      }
      if (hi < ch) return null;
      body += '-' + escapeClass(hi);
    }
  }
  return null;
}

function escapeRe(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(ch: string): string {
  return ch.replace(/[\]\\^-]/g, '\\$&');
}
