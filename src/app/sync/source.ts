// What `sync SRC` names, turned into repositories and their tags:
//   docker://HOST[/P]   every repository the registry's catalog lists at or below P
//                       (a registry without a catalog: P itself is the one repository)
//   FILE                a skopeo sync YAML file, or a list with one repository per line
//                       (`HOST/REPO`, `HOST/REPO:TAG` or `HOST/REPO@DIGEST`; # comments)
import { TooManyTags } from '../../registry/listing.js';
import { readFile } from 'node:fs/promises';
import semver from 'semver';
import { formatReference, parseReference } from '../../oci/reference.js';
import { parseImageList } from '../../oci/image-list.js';
import type { RegistryClient } from '../../registry/client.js';
import { RegistryError } from '../../registry/errors.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError, UsageError } from '../../util/errors.js';
import { createPool } from '../../util/pool.js';
import { looksLikeSkopeoSync, parseSkopeoSync } from './skopeo-yaml.js';

export type { SyncRepoSpec, SyncSource } from './sync-types.js';
import type { SyncRepoSpec, SyncSource } from './sync-types.js';

/**
 * The image's own name for a source a file fetches below a mirror's LOCATION (origin lines): the
 * map records what a chart names, whichever registry served the bytes.
 */
export function originalName(source: string, origins: ReadonlyMap<string, string> | undefined): string {
  for (const [location, registry] of origins ?? []) {
    if (!source.startsWith(`${location}/`)) continue;
    return formatReference(parseReference(`${registry}/${source.slice(location.length + 1)}`));
  }
  return source;
}

export async function readSyncSource(text: string): Promise<SyncSource> {
  const base = { credentials: new Map(), insecure: [], text };
  if (text.startsWith('docker://')) {
    const rest = text.slice('docker://'.length).replace(/\/+$/, '');
    const slash = rest.indexOf('/');
    const registry = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (!registry) throw new UsageError(`SRC ${text}: no registry host`, { hint: 'write docker://HOST[/PATH], e.g. docker://msr.example.com/team' });
    // docker.io and friends are normalised by the reference parser (library/, the API host)
    const ref = prefix ? parseReference(`${registry}/${prefix}`) : undefined;
    return { ...base, below: ref?.repository ?? '', repos: [], catalog: { registry: ref?.registry ?? registry, prefix: ref?.repository ?? '' } };
  }
  let body: string;
  try {
    body = await readFile(text, 'utf8');
  } catch (e) {
    throw new UsageError(`SRC ${text}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, {
      hint: 'give docker://HOST[/PATH], a skopeo sync YAML file, or a file with one repository per line',
    });
  }
  if (looksLikeSkopeoSync(body)) return { ...base, below: '', ...parseSkopeoSync(body, text) };
  return { ...base, below: '', repos: parseRepoList(body, text) };
}

export function parseRepoList(body: string, file: string): SyncRepoSpec[] {
  const byRepo = new Map<string, SyncRepoSpec>();
  for (const { ref, where, destination } of parseImageList(body, file)) {
    if (destination !== undefined)
      throw new UsageError(`${where}: sync names each destination by --naming; a second column is for copy`, {
        hint: 'drop the second column, or run: helm airgap copy --from-file LIST docker://HOST[/PREFIX]',
      });
    const key = `${ref.registry}/${ref.repository}`;
    const spec = byRepo.get(key) ?? { registry: ref.registry, repository: ref.repository, where };
    const pin = ref.digest ?? ref.tag;
    // a bare repository line means every tag; it wins over any tag line of the same repository
    if (!pin || (byRepo.has(key) && !spec.refs)) delete spec.refs;
    else spec.refs = [...(spec.refs ?? []), pin];
    byRepo.set(key, spec);
  }
  if (byRepo.size === 0) throw new UsageError(`${file}: no repositories`, { hint: 'one HOST/REPO[:TAG] per line' });
  return [...byRepo.values()];
}

/** The catalog of a docker:// source: repositories equal to or below its path. */
export async function catalogRepos(source: SyncSource, client: RegistryClient, ctx?: Ctx): Promise<SyncRepoSpec[]> {
  if (!source.catalog) return source.repos;
  const { registry, prefix } = source.catalog;
  let names: string[] | undefined;
  try {
    names = await client.catalog(registry, ctx);
  } catch (e) {
    if (!(e instanceof RegistryError && [401, 403, 405].includes(e.status ?? 0))) throw e;
    // a registry that keeps its catalog from this login, or a login it refuses altogether: /v2/ tells
    await client.ping(registry, ctx).catch((p: unknown) => {
      throw isAuthFailure(p) ? sourceAuthError(registry, p) : p;
    });
  }
  if (names === undefined) {
    if (prefix) return [{ registry, repository: prefix, where: source.text }];
    // with no login at all, the likeliest reason is the missing login, so it is named first
    const anonymous = !(await client.hasLogin(registry, ctx));
    throw new AirgapError(
      `${registry} does not list its repositories (no /v2/_catalog for ${anonymous ? 'anonymous access: no login for it was found' : 'this login'})`,
      {
        code: anonymous ? 'ERR_SOURCE_AUTH' : 'ERR_NO_CATALOG',
        hint: `${anonymous ? `${LOGIN_HINT(registry)}; or ` : ''}name the repository (docker://${registry}/REPO) or give a file with one repository per line`,
      },
    );
  }
  const under = names.filter((n) => !prefix || n === prefix || n.startsWith(`${prefix}/`));
  if (under.length === 0) throw new AirgapError(`${source.text}: the registry lists no repository${prefix ? ` at or below ${prefix}` : ''}`);
  return under.map((repository) => ({ registry, repository, where: source.text }));
}

const LOGIN_HINT = (registry: string) =>
  `log in to the source registry with its user and password: docker login ${registry} or helm registry login ${registry} (both are read), or pass --src-username USER with --src-password-stdin, --src-password-file FILE or $HELM_AIRGAP_SRC_PASSWORD (--src-creds USER:PASSWORD shows the password in ps)`;

function isAuthFailure(e: unknown): e is RegistryError {
  return e instanceof RegistryError && (e.status === 401 || e.status === 403);
}

/** The source refuses the login (wrong or missing password): said as such, with the ways to log in. */
function sourceAuthError(registry: string, e: RegistryError): AirgapError {
  return new AirgapError(`source ${registry}: authentication failed (HTTP ${e.status}): ${e.message}`, {
    code: 'ERR_SOURCE_AUTH',
    hint: LOGIN_HINT(registry),
    cause: e,
  });
}

/** How many tags one sync lists in a repository, and plans in all (--max-tags). */
export const DEFAULT_MAX_TAGS = 50_000;

/** Each repository's tags (listed when not given), filtered by its own regex or semver range. */
export async function expandTags(
  repos: SyncRepoSpec[],
  client: RegistryClient,
  o: { concurrency: number; ctx?: Ctx; maxTags?: number },
): Promise<{ spec: SyncRepoSpec; refs: string[] }[]> {
  const pool = createPool(o.concurrency);
  const max = o.maxTags ?? DEFAULT_MAX_TAGS;
  let planned = 0;
  return Promise.all(
    repos.map((spec) =>
      pool.run(async () => {
        if (spec.refs) return { spec, refs: spec.refs };
        let tags: string[];
        try {
          tags = await client.repository({ registry: spec.registry, repository: spec.repository }).listTags(o.ctx, { max });
        } catch (e) {
          if (e instanceof TooManyTags) throw e;
          if (isAuthFailure(e) && e.status === 401) throw sourceAuthError(spec.registry, e);
          throw new AirgapError(`${spec.where}: listing tags of ${spec.registry}/${spec.repository}: ${(e as Error).message}`, { cause: e });
        }
        if (spec.tagRegex) tags = tags.filter((t) => spec.tagRegex!.execAt(t, 0) !== null);
        if (spec.semver) tags = tags.filter((t) => semver.valid(t, { loose: true }) && semver.satisfies(t, spec.semver!, { loose: true }));
        planned += tags.length;
        if (planned > max) {
          throw new AirgapError(`sync would plan more than ${max} tags (passed at ${spec.registry}/${spec.repository})`, {
            code: 'ERR_TOO_MANY_TAGS',
            hint: 'choose the tags (--include, or a regex or semver range per repository in a sync file), or raise the bound: --max-tags N',
          });
        }
        return { spec, refs: tags };
      }),
    ),
  );
}
