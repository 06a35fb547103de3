// WWW-Authenticate parsing (RFC 9110 §11.6.1, RFC 6750 §3). Pure. Node's fetch joins several
// WWW-Authenticate headers with ", ", so one string may hold many challenges; a new challenge
// starts where a bare token is not followed by "=".

export interface Challenge {
  /** Lower-cased scheme: 'basic', 'bearer', ... */
  scheme: string;
  /** Lower-cased parameter names; quoted values unescaped. */
  params: Record<string, string>;
  /** The token68 form (`Basic abc==`), rarely used by registries. */
  token68?: string;
}

interface Cursor {
  s: string;
  i: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const c: Cursor = { s: header, i: 0 };
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  for (;;) {
    skip(c, /^[\s,]+/);
    if (c.i >= c.s.length) break;
    const name = read(c, TOKEN);
    if (!name) {
      c.i++; // stray character: ignore it rather than fail the whole header
      continue;
    }
    skip(c, /^[ \t]+/);
    if (current && c.s[c.i] === '=' && c.s[c.i + 1] !== '=') {
      c.i++;
      skip(c, /^[ \t]+/);
      current.params[name.toLowerCase()] = readValue(c);
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    out.push(current);
    readToken68(c, current);
  }
  return out;
}

/** After a scheme: either a token68 or the start of the parameter list. */
function readToken68(c: Cursor, ch: Challenge): void {
  const m = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(c.s.slice(c.i));
  if (!m) return;
  // `realm=x` also matches a token68 prefix; only take it when no "=value" follows a name
  if (/^[A-Za-z0-9\-._~+/]+=[^=]/.test(c.s.slice(c.i))) return;
  ch.token68 = m[0];
  c.i += m[0].length;
}

function readValue(c: Cursor): string {
  if (c.s[c.i] !== '"') return read(c, /^[^\s,]*/) ?? '';
  c.i++;
  let v = '';
  while (c.i < c.s.length && c.s[c.i] !== '"') {
    if (c.s[c.i] === '\\' && c.i + 1 < c.s.length) c.i++;
    v += c.s[c.i++];
  }
  c.i++; // closing quote
  return v;
}

function read(c: Cursor, re: RegExp): string | undefined {
  const m = re.exec(c.s.slice(c.i));
  if (!m) return undefined;
  c.i += m[0].length;
  return m[0];
}

function skip(c: Cursor, re: RegExp): void {
  read(c, re);
}

/** The challenge we can answer, Bearer preferred over Basic (registries list Bearer first). */
export function pickChallenge(list: Challenge[]): Challenge | undefined {
  return list.find((c) => c.scheme === 'bearer') ?? list.find((c) => c.scheme === 'basic');
}

/** Scopes a Bearer challenge names (`scope="a b"` holds several, space separated). */
export function challengeScopes(ch: Challenge): string[] {
  return (ch.params.scope ?? '').split(' ').filter(Boolean);
}
