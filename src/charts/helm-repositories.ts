// Helm's repositories.yaml (`helm repo add`): each repository's name and URL, so `images
// bitnami/redis` and `@bitnami` dependencies work as they do with helm, and what `helm repo add`
// stored beside them (repo.Entry): its login, its CA, its client certificate, whether TLS is
// verified and whether the login may go to other hosts. The password stays a Secret from here on.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ChartError } from '../util/errors.js';
import { Secret } from '../util/secret.js';

/** One repository entry as `helm repo add` writes it. */
export interface HelmRepository {
  name: string;
  url: string;
  username?: string;
  password?: Secret;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  passCredentialsAll?: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Parses repositories.yaml text into its entries (entries without a name and a URL are skipped). */
export function parseHelmRepositoryEntries(yamlText: string, file: string): HelmRepository[] {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (e) {
    throw new ChartError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const list = (doc as { repositories?: unknown } | null)?.repositories;
  if (!Array.isArray(list)) return [];
  const out: HelmRepository[] = [];
  for (const r of list as Record<string, unknown>[]) {
    const name = text(r?.name);
    const url = text(r?.url);
    if (!name || !url) continue;
    const password = text(r.password);
    out.push({
      name,
      url,
      username: text(r.username),
      ...(password !== undefined ? { password: new Secret(password) } : {}),
      caFile: text(r.caFile),
      certFile: text(r.certFile),
      keyFile: text(r.keyFile),
      insecureSkipTlsVerify: r.insecure_skip_tls_verify === true,
      passCredentialsAll: r.pass_credentials_all === true,
    });
  }
  return out;
}

/** name → URL, for NAME/chart and @name. */
export function repositoryUrls(entries: readonly HelmRepository[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.name, e.url]));
}

/** Parses repositories.yaml text into name → URL. */
export function parseHelmRepositories(yamlText: string, file: string): Record<string, string> {
  return repositoryUrls(parseHelmRepositoryEntries(yamlText, file));
}

/**
 * The entries of Helm's config file; none when the file does not exist. Read synchronously, as
 * Helm reads it: a few hundred bytes every chart command reads at start, and node:fs/promises
 * alone was 4% of the instructions of a template of a local chart.
 */
export async function readHelmRepositoryEntries(file: string): Promise<HelmRepository[]> {
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ChartError(`${file}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  return parseHelmRepositoryEntries(body, file);
}

/** The repositories of Helm's config file as name → URL; none when the file does not exist. */
export async function readHelmRepositories(file: string): Promise<Record<string, string>> {
  return repositoryUrls(await readHelmRepositoryEntries(file));
}

/** Helm compares repository URLs without a trailing slash. */
export function sameRepositoryUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
