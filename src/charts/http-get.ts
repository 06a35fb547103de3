// GET for chart repositories (index.yaml and archives) over the registry HTTP stack (TLS on,
// plain HTTP only for loopback or --insecure-registry hosts, retries, redirects without
// Authorization to other hosts). Basic credentials go only to the repository's own host unless
// passCredentialsAll (Helm's --pass-credentials rule, protocols.md §7.1).
import { HttpClient, isLoopbackHost, type Authorizer } from '../registry/http.js';
import { redactUrl } from '../registry/errors.js';
import type { Ctx } from '../util/ctx.js';
import { ChartError } from '../util/errors.js';
import { splitUserinfo, type Secret } from '../util/secret.js';

export { isLoopbackHost };

export interface RepoCredentials {
  username: string;
  password: Secret;
}

export interface RepoHttpOptions {
  credentials?: RepoCredentials;
  /** Send the credentials to every host (Helm --pass-credentials). */
  passCredentialsAll?: boolean;
  /** host[:port] names allowed over plain HTTP besides loopback. */
  insecureHosts?: string[];
  retries?: number;
}

const DEFAULT_MAX = 256 * 1024 * 1024;

/** An HTTP client for one repository: its credentials go to `repoUrl`'s host only. */
export function repoHttpClient(repoUrl: string, o: RepoHttpOptions = {}): HttpClient {
  const repoHost = new URL(repoUrl).host;
  // Helm accepts http://user:pass@host/ as the repository: the userinfo is Basic auth, never part of a request URL
  const inUrl = splitUserinfo(repoUrl);
  const creds = o.credentials ?? (inUrl.username !== undefined ? { username: inUrl.username, password: inUrl.password! } : undefined);
  const auth: Authorizer | undefined = creds && {
    authorize: async (host) =>
      o.passCredentialsAll || host === repoHost ? `Basic ${Buffer.from(`${creds.username}:${creds.password.reveal()}`).toString('base64')}` : undefined,
    challenged: async () => false,
  };
  return new HttpClient({ insecureHosts: o.insecureHosts, retries: o.retries, auth });
}

/** Fetches a URL into memory, refusing bodies over `maxBytes`. */
export async function httpGet(client: HttpClient, rawUrl: string, ctx: Ctx = {}, maxBytes = DEFAULT_MAX): Promise<Uint8Array> {
  const url = splitUserinfo(rawUrl).url;
  // an index.yaml or an archive can be tens of MiB on a slow link: --timeout bounds the head only
  const res = await client.send({ method: 'GET', url, largeBody: true }, ctx);
  const declared = Number(res.headers.get('content-length') ?? -1);
  const tooBig = () => new ChartError(`GET ${redactUrl(url)}: body exceeds the ${maxBytes}-byte limit`);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of res.body ?? []) {
    n += chunk.byteLength;
    if (n > maxBytes) throw tooBig();
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
