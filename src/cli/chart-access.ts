// How chart commands reach a chart's repository or registry, as Helm does: the repositories of
// `helm repo add` (repositories.yaml) with the login, CA, client certificate and TLS setting
// stored for each, and Helm's flags (--username, --password[-stdin], --cert-file, --key-file,
// --insecure-skip-tls-verify, --plain-http, --pass-credentials) for the repository or registry
// of the charts named on the command line. Every chart command builds its access here.
import type { HelmRepository } from '../charts/helm-repositories.js';
import type { RepoHttpOptions } from '../charts/http-get.js';
import { credentialChain, staticCredentials, type CredentialProvider } from '../registry/credentials.js';
import { UsageError } from '../util/errors.js';
import type { Secret } from '../util/secret.js';
import type { ChartAccessFlagValues } from './flags.js';
import type { Settings } from './settings.js';

export interface ChartAccessInput {
  charts: readonly string[];
  /** --repo: a URL or the name of a repository added with helm repo add. */
  repo?: string;
  flags: ChartAccessFlagValues;
  settings: Settings;
  /** docker's and Helm's registry logins (settings.ts registryCredentials). */
  registryLogins: CredentialProvider;
  /** The password piped to --password-stdin (called only for that flag). */
  readPassword: () => Promise<Secret>;
  /** The flags' login goes to every repository (bundle's airgap.yaml names several). */
  everyRepository?: boolean;
}

export interface ChartAccess {
  /** name → URL, for NAME/chart and @name. */
  repositories: Record<string, string>;
  repoHttp: RepoHttpOptions;
  /** Registry logins: the flags' login for the oci:// charts' registries, then docker's and Helm's. */
  credentials: CredentialProvider;
}

/** The password the flags give, checked as Helm checks them. */
async function flagPassword(f: ChartAccessFlagValues, readPassword: () => Promise<Secret>): Promise<Secret | undefined> {
  if (f.password !== undefined && f.passwordStdin) throw new UsageError('--password and --password-stdin both give the password: keep one');
  if ((f.password !== undefined || f.passwordStdin) && !f.username)
    throw new UsageError(`${f.passwordStdin ? '--password-stdin' : '--password'} needs --username`, {
      hint: 'e.g. --username USER --password-stdin < password.txt',
    });
  if (f.username && f.password === undefined && !f.passwordStdin)
    throw new UsageError('--username needs a password', { hint: 'pipe it to --password-stdin (or give --password)' });
  if (f.passwordStdin) return readPassword();
  if (f.password !== undefined) {
    const { Secret } = await import('../util/secret.js');
    return new Secret(f.password);
  }
  return undefined;
}

/** The repository URLs the charts on the command line come from (--repo, or NAME/chart). */
function commandLineRepositories(charts: readonly string[], repo: string | undefined, entries: readonly HelmRepository[]): string[] {
  const byName = (name: string) => entries.find((e) => e.name === name)?.url;
  if (repo !== undefined) return [/^https?:\/\//i.test(repo) ? repo : byName(repo)].filter((u): u is string => u !== undefined);
  return charts.flatMap((c) => {
    const named = /^([^/.][^/]*)\/[^/]+$/.exec(c);
    const url = named && !c.startsWith('oci://') ? byName(named[1]!) : undefined;
    return url ? [url] : [];
  });
}

/** host[:port] of each oci:// chart. */
function ociHosts(charts: readonly string[]): string[] {
  return charts.filter((c) => c.startsWith('oci://')).map((c) => c.slice('oci://'.length).split('/')[0]!.toLowerCase());
}

export async function chartAccess(i: ChartAccessInput): Promise<ChartAccess> {
  const f = i.flags;
  const { readHelmRepositoryEntries, repositoryUrls } = await import('../charts/helm-repositories.js');
  const password = await flagPassword(f, i.readPassword);
  const entries = await readHelmRepositoryEntries(i.settings.helmRepositoryConfig);
  const repos = commandLineRepositories(i.charts, i.repo, entries);
  const registries = ociHosts(i.charts);
  const tls = { certFile: f.certFile, keyFile: f.keyFile, insecureSkipTlsVerify: f.insecureSkipTlsVerify };
  if (tls.certFile || tls.keyFile || tls.insecureSkipTlsVerify) {
    // the HTTP and TLS modules only when asked: a local chart's template never loads them
    const { applyTlsFiles } = await import('../charts/http-get.js');
    for (const host of registries) await applyTlsFiles(host, tls, 'flag');
  }
  const login = f.username && password ? { username: f.username, password } : undefined;
  return {
    repositories: repositoryUrls(entries),
    repoHttp: {
      credentials: login,
      passCredentialsAll: f.passCredentials,
      ...(i.everyRepository ? {} : { flagsFor: repos }),
      tls,
      known: entries,
      knownFile: i.settings.helmRepositoryConfig,
      insecureHosts: f.plainHttp ? [...repos.map((u) => new URL(u).host), ...registries] : [],
    },
    // the flags' login is for the charts' own registries, never for the images' ones
    credentials: credentialChain(login && registries.length > 0 ? staticCredentials(login, registries) : undefined, i.registryLogins),
  };
}
