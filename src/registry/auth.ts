// Answers registry challenges per host: Basic sends the login on every request; Bearer
// exchanges it (or nothing) for a token scoped to what the request needs. What each host asked
// for is remembered, so later requests carry auth up front instead of collecting a 401 first.
import type { Ctx } from '../util/ctx.js';
import { challengeScopes, parseChallenges, pickChallenge, type Challenge } from './challenge.js';
import { basicAuthorization, type CredentialProvider } from './credentials.js';
import type { Authorizer, HttpClient } from './http.js';
import { fetchToken, TokenCache } from './token.js';

export interface RegistryAuthOptions {
  credentials?: CredentialProvider;
  /** Client for the token exchange (same scheme policy, no authorizer of its own). */
  http: HttpClient;
  /** Maps the API host to the host credentials are stored under (mirrors, Docker Hub). */
  credentialHost?: (host: string) => string;
}

export class RegistryAuth implements Authorizer {
  readonly #o: RegistryAuthOptions;
  /** Scheme, realm and service per host; scopes are per request, not per host. */
  readonly #challenges = new Map<string, Challenge>();
  /** Scopes a registry asked for beyond what a request named, keyed by host and request scopes. */
  readonly #extra = new Map<string, string[]>();
  readonly #tokens = new TokenCache();

  constructor(o: RegistryAuthOptions) {
    this.#o = o;
  }

  async authorize(host: string, scopes: string[], c?: Ctx): Promise<string | undefined> {
    const ch = this.#challenges.get(host);
    if (!ch) return undefined;
    const cred = await this.#credential(host, c);
    if (ch.scheme === 'basic') return basicAuthorization(cred);
    const realm = ch.params.realm;
    if (!realm) return undefined;
    const all = mergeScopes(scopes, this.#extra.get(requestKey(host, scopes)) ?? []);
    const service = ch.params.service;
    const token = await this.#tokens.get(tokenKey(host, ch, all), () => fetchToken(this.#o.http, { realm, service, scopes: all, credential: cred }, c));
    return `Bearer ${token.value.reveal()}`;
  }

  async challenged(host: string, header: string | null, scopes: string[], c?: Ctx, sent?: string): Promise<boolean> {
    const ch = pickChallenge(parseChallenges(header));
    if (!ch) return false;
    const { scope: _asked, ...params } = ch.params;
    const stripped: Challenge = { scheme: ch.scheme, params };
    this.#challenges.set(host, stripped);
    if (ch.scheme === 'basic') {
      // a Basic challenge to a request that already carried the login means it was refused
      return sent === undefined && basicAuthorization(await this.#credential(host, c)) !== undefined;
    }
    const asked = challengeScopes(ch).filter((s) => !scopes.includes(s));
    const key = requestKey(host, scopes);
    if (asked.length) this.#extra.set(key, mergeScopes(this.#extra.get(key) ?? [], asked));
    // the token we sent was refused or lacked a scope: exchange afresh (send() asks only once)
    if (sent !== undefined) this.#tokens.invalidate(tokenKey(host, stripped, mergeScopes(scopes, this.#extra.get(key) ?? [])));
    return true;
  }

  #credential(host: string, c?: Ctx) {
    const h = this.#o.credentialHost?.(host) ?? host;
    return this.#o.credentials?.get(h, c) ?? Promise.resolve(undefined);
  }
}

function requestKey(host: string, scopes: string[]): string {
  return host + '\n' + [...scopes].sort().join(' ');
}

function mergeScopes(a: string[], b: string[]): string[] {
  // keep the caller's order first: some registries only look at the first scope (ggcr write.go)
  return [...new Set([...a, ...b])];
}

function tokenKey(host: string, ch: Challenge, scopes: string[]): string {
  return [host, ch.params.realm ?? '', ch.params.service ?? '', [...scopes].sort().join(' ')].join('\n');
}
