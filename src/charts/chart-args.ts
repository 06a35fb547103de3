// Charts as commands name them on the command line (images, values, template): where to find
// them and how to render them. One shape, so every chart-taking command reads the same flags.
import type { RepoHttpOptions } from './http-get.js';
import type { ValuesFlags } from '../helm/values/user-values.js';
import type { CredentialProvider } from '../registry/credentials.js';
import type { ChartRegistry } from './oci-chart.js';

export interface ChartArgs {
  /** Chart names (with repo or a `helm repo add` name), oci:// references, folders or .tgz archives. */
  charts: string[];
  repo?: string;
  version?: string;
  devel?: boolean;
  values?: ValuesFlags;
  /** Default: "release-name" for images; each chart's name for values (one file per release). */
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  cacheDir: string;
  baseDir: string;
  /** Named repositories (`helm repo add`) for NAME/chart. */
  repositories?: Record<string, string>;
  credentials?: CredentialProvider;
  repoHttp?: RepoHttpOptions;
}

/**
 * The registry client oci:// charts are pulled with: the charts' logins, --plain-http hosts, hints
 * naming --plain-http. Made at the first pull: a local chart (images, values and template of a
 * folder or .tgz) never loads the registry client and Node's http, https, tls and net under it,
 * 10% of a local template's start (cert-manager).
 */
export function chartRegistry(o: { credentials?: CredentialProvider; repoHttp?: RepoHttpOptions }): ChartRegistry {
  let client: Promise<ChartRegistry> | undefined;
  const load = () =>
    (client ??= import('../registry/client.js').then(
      ({ RegistryClient }) => new RegistryClient({ credentials: o.credentials, insecureHosts: o.repoHttp?.insecureHosts, plainHttpFlag: '--plain-http' }),
    ));
  return {
    repository: (name) => ({
      fetchReference: async (ref, c) => (await load()).repository(name).fetchReference(ref, c),
      fetch: async (d, c) => (await load()).repository(name).fetch(d, c),
      listTags: async (c) => (await load()).repository(name).listTags(c),
    }),
  };
}
