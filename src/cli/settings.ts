// Flags and environment read once: every default a command needs (cache, docker and Helm config
// files, Helm's plugin variables) comes from here, so `helm airgap X` and `./bin/helm-airgap X`
// agree with each other and with Helm. When Helm runs us as a plugin it strips -n/--namespace,
// --kube-context and --debug from our arguments and passes HELM_NAMESPACE, HELM_KUBECONTEXT and
// HELM_DEBUG instead, with HELM_BIN and its config paths.
import { setChartLoaderRules } from '../helm/loader/archive.js';
import { DEFAULT_HELM, HELM_LINES, HELM_PROFILES, helmLineOf, type HelmFollowed, type HelmLine } from '../helm/engine/defaults.js';
import type { ChartArgs } from '../charts/chart-args.js';
import type { ChartAccessFlagValues, ChartFlagValues } from './flags.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { boundedSecret, credentialChain, type CredentialProvider } from '../registry/credentials.js';
import { dockerConfigCredentials } from '../registry/docker-config.js';
import type { Secret } from '../util/secret.js';
import { UsageError } from '../util/errors.js';

export interface Settings {
  home: string;
  /** Download cache: --cache, else $HELM_AIRGAP_CACHE, else $XDG_CACHE_HOME/helm-airgap. */
  cacheDir: string;
  /** docker's config.json ($DOCKER_CONFIG/config.json or ~/.docker/config.json). */
  dockerConfig: string;
  /** Where `helm registry login` writes ($HELM_REGISTRY_CONFIG). */
  helmRegistryConfig: string;
  /** Where `helm repo add` writes ($HELM_REPOSITORY_CONFIG). */
  helmRepositoryConfig: string;
  helmRepositoryCache: string;
  /** The namespace Helm was given (-n is stripped from a plugin's arguments). */
  namespace?: string;
  kubeContext?: string;
  debug: boolean;
  /** The helm binary that runs us (set by Helm for plugins). */
  helmBin?: string;
  /** True when Helm runs us as a plugin. */
  asPlugin: boolean;
}

export function readSettings(env: NodeJS.ProcessEnv, flags: { cache?: string } = {}): Settings {
  const home = env.HOME ?? homedir();
  const configHome = env.HELM_CONFIG_HOME ?? join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'helm');
  const cacheHome = env.XDG_CACHE_HOME ?? join(home, '.cache');
  const helmCache = env.HELM_CACHE_HOME ?? join(cacheHome, 'helm');
  return {
    home,
    cacheDir: flags.cache ?? nonEmpty(env.HELM_AIRGAP_CACHE) ?? join(cacheHome, 'helm-airgap'),
    dockerConfig: join(nonEmpty(env.DOCKER_CONFIG) ?? join(home, '.docker'), 'config.json'),
    helmRegistryConfig: nonEmpty(env.HELM_REGISTRY_CONFIG) ?? join(configHome, 'registry', 'config.json'),
    helmRepositoryConfig: nonEmpty(env.HELM_REPOSITORY_CONFIG) ?? join(configHome, 'repositories.yaml'),
    helmRepositoryCache: nonEmpty(env.HELM_REPOSITORY_CACHE) ?? join(helmCache, 'repository'),
    namespace: nonEmpty(env.HELM_NAMESPACE),
    kubeContext: nonEmpty(env.HELM_KUBECONTEXT),
    debug: env.HELM_DEBUG === 'true' || env.HELM_DEBUG === '1',
    helmBin: nonEmpty(env.HELM_BIN),
    asPlugin: nonEmpty(env.HELM_PLUGIN_NAME) !== undefined,
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** Registry credentials: docker's config, then Helm's (`helm registry login`), each with its helpers. */
export function registryCredentials(s: Settings, env: NodeJS.ProcessEnv): CredentialProvider {
  return credentialChain(dockerConfigCredentials({ path: s.dockerConfig, env }), dockerConfigCredentials({ path: s.helmRegistryConfig, env }));
}

/** Repositories added with `helm repo add`, for NAME/chart references. */
export async function helmRepositories(s: Settings): Promise<Record<string, string>> {
  // loaded on use (it brings the YAML parser): settings are read by every command at start
  const { readHelmRepositories } = await import('../charts/helm-repositories.js');
  return readHelmRepositories(s.helmRepositoryConfig);
}

/** `-n` given, else Helm's HELM_NAMESPACE, else "default" (as `helm template` does). */
export function namespaceOf(flag: string | undefined, s: Settings): string {
  return flag ?? s.namespace ?? 'default';
}

/** KEY=VALUE pairs of a repeatable flag; an empty VALUE only where it means something (AWS tags). */
export function parsePairs(list: readonly string[], flag: string, example: string, o: { allowEmptyValue?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list) {
    const eq = p.indexOf('=');
    if (eq <= 0 || (eq === p.length - 1 && !o.allowEmptyValue))
      throw new UsageError(`${flag} ${JSON.stringify(p)}: expected KEY=VALUE`, { hint: `e.g. ${flag} ${example}` });
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** A password piped to --password-stdin (or read from a file): one trailing newline (echo's) is not part of it. */
export function stdinSecret(text: string, from = '--password-stdin'): Secret {
  return boundedSecret(text.replace(/\r?\n$/, ''), from, 'give the registry password or token only');
}

/**
 * Which Helm to render as: --helm-version, else the Helm that runs us as a plugin
 * (`$HELM_BIN version`), else the newest followed (helm/engine/defaults.ts).
 */
export async function helmFollowed(flag: string | undefined, s: Settings): Promise<HelmLine> {
  return (await followHelm(flag, s)).line;
}

/** helmFollowed, and why that Helm: what `values` says it proved its overrides by. */
export async function followHelm(flag: string | undefined, s: Settings): Promise<HelmFollowed> {
  const followed = await detectHelmLine(flag, s);
  // charts are read by that Helm's loader rules too (Helm 4 refuses files over 5 MiB)
  setChartLoaderRules(HELM_PROFILES[followed.line].major);
  return followed;
}

async function detectHelmLine(flag: string | undefined, s: Settings): Promise<HelmFollowed> {
  if (flag !== undefined) {
    const line = helmLineOf(flag);
    if (!line)
      throw new UsageError(`--helm-version ${JSON.stringify(flag)}: use ${HELM_LINES.join(', ')} (or a major: 3, 4)`, {
        hint: 'the Helm whose behaviour and defaults to follow; a major alone is its newest release followed',
      });
    return { line, why: `--helm-version ${flag}` };
  }
  if (!s.helmBin) return { line: DEFAULT_HELM, why: 'the newest Helm followed (not run by Helm)' };
  const { helmBinVersion } = await import('./helm-versions.js');
  const version = await helmBinVersion(s.helmBin, s.cacheDir);
  const line = helmLineOf(version);
  return line ? { line, why: `the Helm running the plugin (${version})` } : { line: DEFAULT_HELM, why: `the newest Helm followed ($HELM_BIN gave no version)` };
}

/** Where charts come from and how they are reached (helm repo add, Helm's flags), for `charts`. */
export async function chartSourceAccess(
  rt: { env: NodeJS.ProcessEnv; readStdin: () => Promise<Buffer> },
  charts: readonly string[],
  f: ChartAccessFlagValues & { repo?: string; cache?: string },
): Promise<import('./chart-access.js').ChartAccess> {
  const { chartAccess } = await import('./chart-access.js');
  const settings = readSettings(rt.env, { cache: f.cache });
  return chartAccess({
    charts,
    repo: f.repo,
    flags: f,
    settings,
    registryLogins: registryCredentials(settings, rt.env),
    readPassword: async () => stdinSecret((await rt.readStdin()).toString('utf8')),
  });
}

/** Chart flags → ChartArgs: the same resolution for every chart-taking command. */
export async function toChartArgs(
  rt: { env: NodeJS.ProcessEnv; readStdin: () => Promise<Buffer> },
  charts: string[],
  f: ChartFlagValues & { name?: string },
): Promise<ChartArgs> {
  const settings = readSettings(rt.env, { cache: f.cache });
  const access = await chartSourceAccess(rt, charts, f);
  return {
    charts,
    repo: f.repo,
    version: f.version,
    devel: f.devel,
    values: { valueFiles: f.values, set: f.set, setString: f.setString, setJson: f.setJson, setFile: f.setFile, setLiteral: f.setLiteral },
    releaseName: f.name,
    namespace: namespaceOf(f.namespace, settings),
    kubeVersion: f.kubeVersion,
    apiVersions: f.apiVersions.flatMap((a) => a.split(',')),
    cacheDir: settings.cacheDir,
    baseDir: process.cwd(),
    repositories: access.repositories,
    credentials: access.credentials,
    repoHttp: access.repoHttp,
  };
}
