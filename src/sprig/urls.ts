// Sprig's urlParse/urlJoin over the parts of Go's net/url they use (Parse, URL.String).
import { isNil, mapHas } from '../template/value.js';
import { argMap, argString, type GoFunc } from './cast.js';
import { reflectKind } from './lists.js';

function unescape(s: string): string {
  try {
    return decodeURIComponent(s.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    return s;
  }
}

/** net/url's escaping: path mode keeps $&+,/:;=@, fragment mode also !()*?. */
function escape(s: string, mode: 'path' | 'fragment' | 'host' | 'user'): string {
  const keep: Record<typeof mode, RegExp> = {
    path: /[A-Za-z0-9\-_.~$&+,/:;=@]/,
    fragment: /[A-Za-z0-9\-_.~$&+,/:;=@!()*?]/,
    host: /[A-Za-z0-9\-_.~$&+,;=!()*:[\]<>"]/,
    user: /[A-Za-z0-9\-_.~$&+,;=!()*]/,
  };
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 128 && keep[mode].test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

interface GoUrl {
  scheme: string;
  opaque: string;
  userinfo: string;
  host: string;
  path: string;
  query: string;
  fragment: string;
}

/** url.Parse for the shapes charts use: scheme:opaque, scheme://user@host/path?query#fragment. */
export function parseUrl(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error(`parse ${JSON.stringify(raw)}: net/url: invalid control character in URL`);
  const u: GoUrl = { scheme: '', opaque: '', userinfo: '', host: '', path: '', query: '', fragment: '' };
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) ((u.fragment = unescape(rest.slice(hash + 1))), (rest = rest.slice(0, hash)));
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (sm) ((u.scheme = sm[1]!.toLowerCase()), (rest = rest.slice(sm[0].length)));
  const q = rest.indexOf('?');
  if (q >= 0) ((u.query = rest.slice(q + 1)), (rest = rest.slice(0, q)));
  if (u.scheme && !rest.startsWith('/')) {
    u.opaque = rest;
    return u;
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const auth = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = auth.lastIndexOf('@');
    if (at >= 0) u.userinfo = auth.slice(0, at);
    u.host = unescape(at >= 0 ? auth.slice(at + 1) : auth);
  }
  u.path = unescape(rest);
  return u;
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/** url.URL.String(). */
export function formatUrl(u: GoUrl): string {
  let out = u.scheme ? u.scheme + ':' : '';
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.userinfo) {
      if (u.host || u.path || u.userinfo) out += '//';
      if (u.userinfo) out += userinfoString(u.userinfo) + '@';
      out += escape(u.host, 'host');
    }
    const p = escape(u.path, 'path');
    if (p && !p.startsWith('/') && u.host) out += '/';
    if (out === '' && /^[^/]*:/.test(p)) out += './';
    out += p;
  }
  if (u.query) out += '?' + u.query;
  if (u.fragment) out += '#' + escape(u.fragment, 'fragment');
  return out;
}

function userinfoString(raw: string): string {
  const colon = raw.indexOf(':');
  const user = unescape(colon < 0 ? raw : raw.slice(0, colon));
  if (colon < 0) return escape(user, 'user');
  return escape(user, 'user') + ':' + escape(unescape(raw.slice(colon + 1)), 'user');
}

function stringKey(d: Record<string, unknown>, key: string): string {
  if (!mapHas(d, key)) return '';
  const v = d[key];
  if (typeof v !== 'string') {
    const kind = isNil(v) ? 'invalid' : reflectKind(v);
    throw new Error(`unable to parse ${key} key, must be of type string, but ${kind} found`);
  }
  return v;
}

export function urlFuncs(): Record<string, GoFunc> {
  return {
    urlParse: (v) => {
      let u: GoUrl;
      try {
        u = parseUrl(argString(v));
      } catch (e) {
        throw new Error(`unable to parse url: ${(e as Error).message}`);
      }
      const user = u.userinfo ? userinfoString(u.userinfo) : '';
      return { ...u, userinfo: user, hostname: hostname(u.host) };
    },
    urlJoin: (d) => {
      const m = argMap(d);
      const get = (k: string): string => stringKey(m, k);
      const keys = ['scheme', 'host', 'path', 'query', 'opaque', 'fragment', 'userinfo'] as const;
      const u = Object.fromEntries(keys.map((k) => [k, get(k)])) as unknown as GoUrl;
      return formatUrl(u);
    },
  };
}
