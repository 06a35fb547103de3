// What a registry login is, whatever its source (flags, docker config, a credential helper,
// ECR's GetAuthorizationToken). Values are Secrets so they never print.
import type { Ctx } from '../util/ctx.js';
import { AirgapError } from '../util/errors.js';
import { Secret } from '../util/secret.js';

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

/**
 * A login given for some registries (--username, --dest-creds, a skopeo file's entry): answered
 * for those hosts only. A redirect's host, an upload Location's, a mirror or a list's other
 * registries ask their own logins (docker config) or go anonymous; there is no "every host" form.
 */
export function staticCredentials(cred: Credential, hosts: readonly string[]): CredentialProvider {
  const only = new Set(hosts.map(credentialKey));
  return { get: async (host) => (only.has(credentialKey(host)) ? cred : undefined) };
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The name a login is kept under: lower case, Docker Hub's hosts as one. */
export function credentialKey(host: string): string {
  const h = host.toLowerCase();
  return DOCKER_HUB_HOSTS.has(h) ? 'docker.io' : h;
}

/** Where a secret goes is a header: a registry refuses long before this (nginx: 8 KiB a line). */
export const MAX_SECRET_BYTES = 16 * 1024;

/** A secret within MAX_SECRET_BYTES, or an error naming where it came from (never its text). */
export function boundedSecret(value: string, from: string, hint: string): Secret {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_SECRET_BYTES)
    throw new AirgapError(`${from}: the secret is ${bytes} bytes, more than a registry login can be (${MAX_SECRET_BYTES})`, { code: 'ERR_CREDENTIALS', hint });
  return new Secret(value);
}

/** `Basic base64(user:password)` for a username/password credential. */
export function basicAuthorization(cred: Credential | undefined): string | undefined {
  if (!cred?.password || cred.username === undefined) return undefined;
  return 'Basic ' + Buffer.from(`${cred.username}:${cred.password.reveal()}`).toString('base64');
}

export function hasLogin(cred: Credential | undefined): boolean {
  return !!cred && !!(cred.password || cred.refreshToken || cred.accessToken);
}
