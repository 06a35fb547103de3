// The glob dialect of .Files.Glob (gobwas/glob with '/' as separator): `*` stays within a path
// segment, `**` crosses segments, `?` is one non-separator character, `[abc]` / `[!abc]` / `[a-z]`
// classes, `{a,b}` alternatives, `\` escapes. A pattern that does not compile matches everything,
// as Helm falls back to "**".

export function goPathGlob(pattern: string): (name: string) => boolean {
  const re = compile(pattern);
  return re ? (n) => re.test(n) : () => true;
}

function compile(p: string): RegExp | null {
  let src = '';
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        src += '.*';
        i++;
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else if (c === '\\') {
      if (++i >= p.length) return null;
      src += esc(p[i]);
    } else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) return null;
      let body = p.slice(i + 1, end);
      const neg = body.startsWith('!');
      if (neg) body = body.slice(1);
      src += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      src += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      src += ')';
    } else if (c === ',' && depth > 0) src += '|';
    else src += esc(c);
  }
  if (depth !== 0) return null;
  try {
    return new RegExp(`^${src}$`, 's');
  } catch {
    return null;
  }
}

function esc(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
