// Bearer token exchange (distribution auth/token.md, auth/oauth.md): GET realm?service&scope…
// with Basic credentials or anonymously, or POST the OAuth2 form when we hold a refresh token
// (falling back to GET when the server has no OAuth2 endpoint). Tokens are cached per scope set.
import type { Ctx } from '../util/ctx.js';
import { Secret } from '../util/secret.js';
import { ManifestError } from '../oci/manifest.js';
import { findCause } from '../util/errors.js';
import { RegistryError } from './errors.js';
import { basicAuthorization, type Credential } from './credentials.js';
import type { HttpClient } from './http.js';

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  credential?: Credential;
}

export interface Token {
  value: Secret;
  /** Epoch ms after which the token must not be used. */
  expiresAt: number;
}

/** Tokens are refreshed this long before they expire, so a long upload does not cross it. */
const EARLY_MS = 10_000;
const DEFAULT_EXPIRES_S = 60;
const CLIENT_ID = 'helm-airgap';
/** A token answer is a few KiB of JSON; a realm sending more (an endless body) is refused. */
const MAX_TOKEN_BYTES = 1024 * 1024;

function tokenWhat(r: TokenRequest): string {
  return `token from ${new URL(r.realm).host}`;
}

export async function fetchToken(http: HttpClient, r: TokenRequest, c?: Ctx): Promise<Token> {
  const cred = r.credential;
  if (cred?.accessToken) return { value: cred.accessToken, expiresAt: Number.POSITIVE_INFINITY };
  if (cred?.refreshToken) {
    const viaForm = await postRefreshToken(http, r, cred.refreshToken, c);
    if (viaForm) return viaForm;
  }
  const url = new URL(r.realm);
  if (r.service) url.searchParams.set('service', r.service);
  for (const s of r.scopes) url.searchParams.append('scope', s);
  const headers: Record<string, string> = { accept: 'application/json' };
  const basic = basicAuthorization(cred);
  if (basic) headers.authorization = basic;
  const { bytes } = await http.fetchSmall({ method: 'GET', url: url.toString(), headers }, MAX_TOKEN_BYTES, tokenWhat(r), c).catch((e: unknown) => {
    throw tokenError(e, r);
  });
  return parseTokenResponse(bytes.toString('utf8'), r.realm);
}

/** OAuth2 refresh_token grant; undefined when the realm has no OAuth2 endpoint (404/405). */
async function postRefreshToken(http: HttpClient, r: TokenRequest, refresh: Secret, c?: Ctx): Promise<Token | undefined> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh.reveal(), client_id: CLIENT_ID });
  if (r.service) form.set('service', r.service);
  if (r.scopes.length) form.set('scope', r.scopes.join(' '));
  const post = {
    method: 'POST',
    url: r.realm,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    expect: [200, 404, 405],
  };
  const { res, bytes } = await http.fetchSmall(post, MAX_TOKEN_BYTES, tokenWhat(r), c).catch((e: unknown) => {
    throw tokenError(e, r);
  });
  if (res.status !== 200) return undefined;
  return parseTokenResponse(bytes.toString('utf8'), r.realm);
}

export function parseTokenResponse(text: string, realm: string, now = Date.now()): Token {
  let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new RegistryError(`token from ${realm}: response is not JSON`, { method: 'GET', url: realm, transient: false });
  }
  const value = typeof json.token === 'string' && json.token ? json.token : json.access_token;
  if (typeof value !== 'string' || !value) {
    throw new RegistryError(`token from ${realm}: response has no token`, { method: 'GET', url: realm, transient: false });
  }
  const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : DEFAULT_EXPIRES_S;
  const early = Math.min(EARLY_MS, (expiresIn * 1000) / 2);
  return { value: new Secret(value), expiresAt: now + expiresIn * 1000 - early };
}

function tokenError(e: unknown, r: TokenRequest): unknown {
  if (findCause(e, (x) => x instanceof ManifestError))
    return new RegistryError(
      `token from ${new URL(r.realm).host}: the answer is larger than ${MAX_TOKEN_BYTES} bytes (a token is a few KiB)`,
      { method: 'GET', url: r.realm, transient: false },
      { cause: e, hint: `${new URL(r.realm).host} (the registry's Bearer realm) does not answer as a token server: check the registry's auth setup` },
    );
  if (!(e instanceof RegistryError) || (e.status !== 401 && e.status !== 403)) return e;
  const who = r.credential ? 'the given credentials' : 'anonymous access';
  return new RegistryError(
    `token for ${r.scopes.join(' ') || 'registry'} from ${new URL(r.realm).host}: ${who} refused (${e.status})`,
    {
      method: e.method,
      url: e.url,
      status: e.status,
      codes: e.codes,
    },
    {
      cause: e,
      hint: r.credential
        ? 'check the username and password/token for this registry'
        : 'this repository needs a login: docker login, or --username with --password-stdin',
    },
  );
}

/** Per-key token cache; concurrent callers for one key share a single exchange. */
export class TokenCache {
  readonly #tokens = new Map<string, Promise<Token>>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string, exchange: () => Promise<Token>): Promise<Token> {
    const cached = this.#tokens.get(key);
    if (cached) return cached.then((t) => (t.expiresAt > this.now() ? t : this.#refresh(key, exchange)));
    return this.#refresh(key, exchange);
  }

  invalidate(key: string): void {
    this.#tokens.delete(key);
  }

  #refresh(key: string, exchange: () => Promise<Token>): Promise<Token> {
    const pending = exchange();
    this.#tokens.set(key, pending);
    pending.catch(() => {
      if (this.#tokens.get(key) === pending) this.#tokens.delete(key);
    });
    return pending;
  }
}

/** A repository scope (auth/scope.md): `repository:<name>:pull` or `…:pull,push`. */
export function repositoryScope(name: string, actions: ('pull' | 'push' | 'delete')[]): string {
  return `repository:${name}:${actions.join(',')}`;
}
