// What a registry login is, whatever its source (flags, docker config, a credential helper,
// ECR's GetAuthorizationToken). Values are Secrets so they never print.
import type { Ctx } from '../util/ctx.js';
import type { Secret } from '../util/secret.js';

export interface Credential {
  username?: string;
  password?: Secret;
  /** An OAuth2 refresh token (docker config `identitytoken`; helper Username "<token>"). */
  refreshToken?: Secret;
  /** A ready bearer token (docker config `registrytoken`), sent as is. */
  accessToken?: Secret;
}

/** Looks up the login for a registry host (as in the reference: 'quay.io', '127.0.0.1:5000'). */
export interface CredentialProvider {
  get(host: string, c?: Ctx): Promise<Credential | undefined>;
}

/** Asks each provider in turn; the first that has a credential for the host wins. */
export function credentialChain(...providers: (CredentialProvider | undefined)[]): CredentialProvider {
  const list = providers.filter((p): p is CredentialProvider => p !== undefined);
  return {
    async get(host, c) {
      for (const p of list) {
        const cred = await p.get(host, c);
        if (cred) return cred;
      }
      return undefined;
    },
  };
}

/** One fixed login (--username with --password-stdin), for the given hosts or for every host. */
export function staticCredentials(cred: Credential, hosts?: string[]): CredentialProvider {
  const only = hosts && new Set(hosts.map((h) => h.toLowerCase()));
  return { get: async (host) => (!only || only.has(host.toLowerCase()) ? cred : undefined) };
}

/** `Basic base64(user:password)` for a username/password credential. */
export function basicAuthorization(cred: Credential | undefined): string | undefined {
  if (!cred?.password || cred.username === undefined) return undefined;
  return 'Basic ' + Buffer.from(`${cred.username}:${cred.password.reveal()}`).toString('base64');
}

export function hasLogin(cred: Credential | undefined): boolean {
  return !!cred && !!(cred.password || cred.refreshToken || cred.accessToken);
}
