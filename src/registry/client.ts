// The entry point for registries: one HTTP stack, one auth state and one token cache shared by
// every repository it hands out (so concurrent copies reuse tokens), plus mirrors that change
// where a name is fetched from without changing the name.
import type { Ctx } from '../util/ctx.js';
import { parseReference, type Reference } from '../oci/reference.js';
import { RegistryAuth } from './auth.js';
import type { CredentialProvider } from './credentials.js';
import { discard, HttpClient } from './http.js';
import { listCatalog } from './listing.js';
import { RemoteRepository, type RemoteRepositoryOptions, type RepositoryEndpoint } from './repository.js';

export interface RegistryClientOptions extends RemoteRepositoryOptions {
  credentials?: CredentialProvider;
  /** Hosts allowed over plain HTTP besides loopback (--insecure-registry). */
  insecureHosts?: string[];
  /** Registry → mirror location, e.g. { 'quay.io': '127.0.0.1:5000/quay.io' }. */
  mirrors?: Record<string, string>;
  userAgent?: string;
  /** Extra attempts for transient failures (default 4). */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** The flag that allows plain HTTP, named in hints (chart commands say --plain-http). */
  plainHttpFlag?: string;
  /** A small exchange's deadline and the idle limit (a lookup that may ask an unreachable host keeps them short). */
  exchangeTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/** Docker Hub's API lives on another host than its name (ggcr pkg/name/registry.go). */
const API_HOSTS: Record<string, string> = { 'docker.io': 'registry-1.docker.io', 'index.docker.io': 'registry-1.docker.io' };
const CREDENTIAL_HOSTS: Record<string, string> = { 'registry-1.docker.io': 'docker.io' };

export class RegistryClient {
  readonly http: HttpClient;
  readonly #o: RegistryClientOptions;

  constructor(o: RegistryClientOptions = {}) {
    this.#o = o;
    const base = new HttpClient({
      userAgent: o.userAgent,
      insecureHosts: o.insecureHosts,
      retries: o.retries,
      retryBaseMs: o.retryBaseMs,
      retryMaxMs: o.retryMaxMs,
      plainHttpFlag: o.plainHttpFlag,
      ...(o.exchangeTimeoutMs ? { exchangeTimeoutMs: o.exchangeTimeoutMs } : {}),
      ...(o.idleTimeoutMs ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
    });
    const auth = new RegistryAuth({ credentials: o.credentials, http: base, credentialHost: (h) => CREDENTIAL_HOSTS[h] ?? h });
    this.http = base.withAuth(auth);
  }

  /** A repository by name ('quay.io/jetstack/x', 'nginx', a parsed Reference); tags/digests are ignored. */
  repository(name: string | Reference): RemoteRepository {
    const ref = typeof name === 'string' ? parseReference(name) : name;
    const display = `${ref.registry}/${ref.repository}`;
    return new RemoteRepository(display, this.endpointFor(ref), this.http, this.#o);
  }

  /** Where a repository is really fetched from, after mirrors and Docker Hub's API host. */
  endpointFor(ref: Pick<Reference, 'registry' | 'repository'>): RepositoryEndpoint {
    return endpointOf(ref, this.#o.mirrors);
  }

  /**
   * The registry's repository names (`/v2/_catalog`, paged); undefined where it lists none. A
   * mirrored registry is listed at its mirror: the names below the mirror's path, as the
   * registry's own (so a walk through a mirror names what it finds as the original does).
   */
  async catalog(registry: string, c?: Ctx): Promise<string[] | undefined> {
    const { host, path: below } = this.endpointFor({ registry, repository: '' });
    const root = `${this.http.schemeFor(host)}://${host}/v2`;
    const names = await listCatalog({ http: this.http, root, scopes: ['registry:catalog:*'], name: registry }, c);
    return below ? names?.filter((n) => n.startsWith(below)).map((n) => n.slice(below.length)) : names;
  }

  /** True when a login for this registry is known (docker's and Helm's configs, flags): an answer names no login otherwise. */
  async hasLogin(registry: string, c?: Ctx): Promise<boolean> {
    const { host } = this.endpointFor({ registry, repository: '' });
    return (await this.#o.credentials?.get(CREDENTIAL_HOSTS[host] ?? host, c)) !== undefined;
  }

  /** GET /v2/ with auth: proves the registry speaks the API and the login works. */
  async ping(registry: string, c?: Ctx): Promise<void> {
    const host = API_HOSTS[registry] ?? registry;
    const res = await this.http.send({ method: 'GET', url: `${this.http.schemeFor(host)}://${host}/v2/` }, c);
    await discard(res);
  }
}

/** Where a repository is fetched from, after mirrors (REGISTRY=HOST[/PREFIX]) and Docker Hub's API host. */
export function endpointOf(ref: Pick<Reference, 'registry' | 'repository'>, mirrors: Record<string, string> | undefined): RepositoryEndpoint {
  const mirror = mirrors?.[ref.registry];
  if (mirror) {
    const slash = mirror.indexOf('/');
    const host = slash < 0 ? mirror : mirror.slice(0, slash);
    const prefix = slash < 0 ? '' : mirror.slice(slash + 1).replace(/\/+$/, '');
    return { host, path: prefix ? `${prefix}/${ref.repository}` : ref.repository };
  }
  return { host: API_HOSTS[ref.registry] ?? ref.registry, path: ref.repository };
}

/** The hosts a login given for these registries answers: each registry and where it is fetched from. */
export function loginHosts(registries: Iterable<string>, mirrors?: Record<string, string>): string[] {
  const hosts = new Set<string>();
  for (const registry of registries) hosts.add(registry).add(endpointOf({ registry, repository: '' }, mirrors).host);
  return [...hosts];
}
