// GET for chart repositories (index.yaml and archives) over the registry HTTP stack (TLS on,
// plain HTTP only for loopback or --plain-http hosts, retries, redirects without Authorization
// to other hosts). Basic credentials go only to
// the repository's own host unless passCredentialsAll (Helm's --pass-credentials rule,
// protocols.md §7.1). A repository added with `helm repo add` brings its own login and TLS
// (repositories.yaml); the chart flags (--username, --cert-file, --insecure-skip-tls-verify)
// speak for the repositories of the charts named on the command line.
import { readFile } from 'node:fs/promises';
import { HttpClient, isLoopbackHost, type Authorizer } from '../registry/http.js';
import { redactUrl } from '../registry/errors.js';
import { addHostTls } from '../registry/transport.js';
import { pemCertificates } from '../registry/extra-trust.js';
import type { Ctx } from '../util/ctx.js';
import { ChartError, UsageError } from '../util/errors.js';
import { unreadableInput } from '../util/input-file.js';
import { splitUserinfo, type Secret } from '../util/secret.js';
import { sameRepositoryUrl, type HelmRepository } from './helm-repositories.js';

export { isLoopbackHost };

export interface RepoCredentials {
  username: string;
  password: Secret;
}

/** Helm's TLS flags for a repository: files, read when the repository is first used. */
export interface RepoTlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface RepoHttpOptions {
  credentials?: RepoCredentials;
  /** Send the credentials to every host (Helm --pass-credentials). */
  passCredentialsAll?: boolean;
  /** The repositories `credentials` and `tls` speak for (undefined: every repository). */
  flagsFor?: string[];
  /** TLS flags (--cert-file, --key-file, --insecure-skip-tls-verify; --ca-file is global). */
  tls?: RepoTlsFiles;
  /** Repositories added with `helm repo add`: each brings its own login and TLS, found by URL. */
  known?: HelmRepository[];
  /** Where `known` was read, for errors about its files. */
  knownFile?: string;
  /** host[:port] names allowed over plain HTTP besides loopback. */
  insecureHosts?: string[];
  retries?: number;
}

/** What one repository is reached with: the flags' settings for it, else its repositories.yaml entry's. */
interface RepoAccess {
  credentials?: RepoCredentials;
  passCredentialsAll: boolean;
  tls: RepoTlsFiles;
  /** Where the TLS files were named, for errors. */
  tlsFrom: string;
}

function accessOf(repoUrl: string, o: RepoHttpOptions): RepoAccess {
  const entry = o.known?.find((e) => sameRepositoryUrl(e.url, repoUrl));
  const flagged = o.flagsFor === undefined || o.flagsFor.some((u) => sameRepositoryUrl(u, repoUrl));
  const fromEntry: RepoCredentials | undefined =
    entry?.username !== undefined && entry.password !== undefined ? { username: entry.username, password: entry.password } : undefined;
  const fromFlags = flagged ? o.credentials : undefined;
  const flagTls = flagged ? (o.tls ?? {}) : {};
  // the flags win setting by setting; a client certificate and its key come from one place
  const flagCert = Boolean(flagTls.certFile || flagTls.keyFile);
  return {
    credentials: fromFlags ?? fromEntry,
    passCredentialsAll: Boolean((flagged && o.passCredentialsAll) || (!fromFlags && entry?.passCredentialsAll)),
    tls: {
      caFile: flagTls.caFile ?? entry?.caFile,
      certFile: flagCert ? flagTls.certFile : entry?.certFile,
      keyFile: flagCert ? flagTls.keyFile : entry?.keyFile,
      insecureSkipTlsVerify: Boolean(flagTls.insecureSkipTlsVerify || entry?.insecureSkipTlsVerify),
    },
    tlsFrom: flagCert || flagTls.caFile || !entry ? 'flag' : `repository "${entry.name}" of ${o.knownFile ?? 'repositories.yaml'}`,
  };
}

/** Hosts whose TLS settings are already in place: a repository's files are read once a run. */
const prepared = new Set<string>();

/**
 * Puts a repository's TLS settings (its CA, client certificate, verification) in place for its
 * host before the first request: Helm's caFile/certFile/keyFile/insecure_skip_tls_verify.
 */
export async function prepareRepoTls(repoUrl: string, o: RepoHttpOptions): Promise<void> {
  const { tls, tlsFrom } = accessOf(repoUrl, o);
  if (!tls.caFile && !tls.certFile && !tls.keyFile && !tls.insecureSkipTlsVerify) return;
  const host = new URL(repoUrl).host;
  const key = `${host}\0${JSON.stringify(tls)}`;
  if (prepared.has(key)) return;
  await applyTlsFiles(host, tls, tlsFrom);
  prepared.add(key);
}

/** Reads Helm's TLS files and trusts them for `host` (also for oci:// chart hosts). */
export async function applyTlsFiles(host: string, tls: RepoTlsFiles, from: string): Promise<void> {
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile))
    throw new UsageError(`${from === 'flag' ? '--cert-file/--key-file' : from}: a client certificate needs both a certificate and a key file`, {
      hint: 'give --cert-file and --key-file together',
    });
  const read = async (file: string, what: string): Promise<string> =>
    readFile(file, 'utf8').catch((e: unknown) => {
      throw unreadableInput(from === 'flag' ? what : `${from}: ${what}`, file, e);
    });
  const ca = tls.caFile ? pemCertificates(await read(tls.caFile, '--ca-file')) : undefined;
  if (tls.caFile && ca!.length === 0)
    throw new UsageError(`${from === 'flag' ? '--ca-file' : from}: ${tls.caFile} holds no PEM certificate`, {
      hint: 'expected -----BEGIN CERTIFICATE----- blocks',
    });
  addHostTls(host, {
    ca,
    cert: tls.certFile ? await read(tls.certFile, '--cert-file') : undefined,
    key: tls.keyFile ? await read(tls.keyFile, '--key-file') : undefined,
    insecureSkipVerify: tls.insecureSkipTlsVerify,
  });
}

/** An HTTP client for one repository: its credentials go to `repoUrl`'s host only. */
export function repoHttpClient(repoUrl: string, o: RepoHttpOptions = {}): HttpClient {
  const repoHost = new URL(repoUrl).host;
  const access = accessOf(repoUrl, o);
  // Helm accepts http://user:pass@host/ as the repository: the userinfo is Basic auth, never part of a request URL
  const inUrl = splitUserinfo(repoUrl);
  const creds = access.credentials ?? (inUrl.username !== undefined ? { username: inUrl.username, password: inUrl.password! } : undefined);
  const auth: Authorizer | undefined = creds && {
    authorize: async (host) =>
      access.passCredentialsAll || host === repoHost ? `Basic ${Buffer.from(`${creds.username}:${creds.password.reveal()}`).toString('base64')}` : undefined,
    challenged: async () => false,
  };
  return new HttpClient({ insecureHosts: o.insecureHosts, retries: o.retries, auth, plainHttpFlag: '--plain-http' });
}

/** The hint for a repository that refused us (401/403): where Helm's logins are given. */
export function repoLoginHint(repoUrl: string, o: RepoHttpOptions): string | undefined {
  const access = accessOf(repoUrl, o);
  if (access.credentials)
    return `the repository refused the login given for it: check the username and password (helm repo add NAME ${redactUrl(repoUrl)} --force-update --username U --password-stdin, or --username with --password-stdin)`;
  return `the repository asks for a login: helm repo add NAME ${redactUrl(repoUrl)} --username U --password-stdin, or pass --username U --password-stdin`;
}

const DEFAULT_MAX = 256 * 1024 * 1024;

/**
 * Fetches a URL into memory, refusing bodies over `maxBytes`. The body is read inside the retry
 * loop, so an index.yaml or archive cut or stalled midway is fetched again like a refused request.
 */
export async function httpGet(client: HttpClient, rawUrl: string, ctx: Ctx = {}, maxBytes = DEFAULT_MAX): Promise<Uint8Array> {
  const url = splitUserinfo(rawUrl).url;
  // an index.yaml or an archive can be tens of MiB on a slow link: --timeout bounds the head only,
  // the body is bounded by the idle timeout and the minimum rate
  const { bytes } = await client.fetchSmall({ method: 'GET', url, largeBody: true }, maxBytes, `GET ${redactUrl(url)}`, ctx);
  return bytes;
}
