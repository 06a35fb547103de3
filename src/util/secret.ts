// A credential value that cannot leak by accident: printing, logging, JSON.stringify and
// util.inspect all show a placeholder. Only reveal() gives the value, at the point of use.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The real value: call only where it goes on the wire (an Authorization header, a form). */
  reveal(): string {
    return this.#value;
  }

  get empty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

export function isSecret(v: unknown): v is Secret {
  return v instanceof Secret;
}

/** Replaces every occurrence of the secrets' values in a text (for messages built from bodies). */
export function redactText(text: string, secrets: Iterable<Secret | undefined>): string {
  let out = text;
  for (const s of secrets) {
    const v = s?.reveal();
    if (v && v.length >= 4) out = out.split(v).join(REDACTED);
  }
  return out;
}

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;
/** `user:pass@host/repo` with no scheme, as a list or map may hold it: a digest never has a '/' after it. */
const BARE_USERINFO = /(^|[\s"'`(=,[{<])[^\s/@'"`[\]]+@(?=[^\s/@'"`]+\/)/g;

/** Every `scheme://user:pass@` and `user:pass@host/` in a text with its credentials replaced (the last net before output). */
export function redactUserinfo(text: string): string {
  // both forms hold an '@': a discovery walk refuses thousands of strings with an error that names each
  if (!text.includes('@')) return text;
  return text.replace(USERINFO, '$1[redacted]@').replace(BARE_USERINFO, '$1[redacted]@');
}

/** A URL without user:password, and those credentials (Helm takes them as Basic auth). */
export function splitUserinfo(raw: string): { url: string; username?: string; password?: Secret } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { url: raw };
  }
  if (!u.username && !u.password) return { url: raw };
  const username = decodeURIComponent(u.username);
  const password = new Secret(decodeURIComponent(u.password));
  u.username = '';
  u.password = '';
  return { url: u.toString(), username, password };
}
