// Turns `helm airgap bundle` flags (and an optional airgap.yaml) into one BundleSpec: charts on
// the command line share --repo/--version/--values/--set; the spec's lists and the flags add up.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BundleOptions } from '../app/bundle/bundle.js';
import { emptySpec, parseBundleSpec, type BundleSpec, type ChartSpec } from '../bundle/spec.js';
import { UsageError } from '../util/errors.js';
import { parseByteSize } from '../util/byte-size.js';
import { helmRepositories, parsePairs, readSettings, registryCredentials, stdinSecret } from './settings.js';

export interface BundleFlags {
  file?: string;
  repo?: string;
  version?: string;
  chartVersion?: string;
  out?: string;
  dryRun?: boolean;
  splitSize?: string;
  since?: string;
  withReferrers?: boolean;
  keepGoing?: boolean;
  cache?: string;
  concurrency: number;
  username?: string;
  passwordStdin?: boolean;
  passCredentials?: boolean;
  devel?: boolean;
  values: string[];
  set: string[];
  setString: string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  platform: string[];
  mirror: string[];
  insecureRegistry: string[];
  includeOptional?: boolean;
  exclude: string[];
  image: string[];
  addRepo: string[];
}

/** The spec to bundle and the folder relative paths in it are taken from. */
export async function toBundleSpec(
  charts: string[],
  f: BundleFlags,
  cwd: string,
): Promise<{ spec: BundleSpec; baseDir: string; repositories: Record<string, string> }> {
  let spec = emptySpec();
  let baseDir = cwd;
  if (f.file) {
    const path = resolve(cwd, f.file);
    const text = await readFile(path, 'utf8').catch((e: unknown) => {
      throw new UsageError(`cannot read ${f.file}: ${(e as Error).message}`, { cause: e });
    });
    spec = parseBundleSpec(text, f.file);
    baseDir = dirname(path);
  }
  const fromArgs: ChartSpec[] = charts.map((chart) => ({
    chart,
    repo: f.repo,
    version: f.version,
    devel: f.devel,
    releaseName: f.releaseName,
    namespace: f.namespace,
    kubeVersion: f.kubeVersion,
    valuesFiles: f.values.map((v) => resolve(cwd, v)),
    set: f.set,
    setString: f.setString,
    origin: 'command line',
  }));
  if (fromArgs.length > 1 && f.releaseName) throw new UsageError('--release-name names one release; give one chart with it, or use airgap.yaml');
  return {
    spec: {
      charts: [...spec.charts, ...fromArgs],
      images: [...spec.images, ...f.image],
      exclude: [...spec.exclude, ...f.exclude],
      platforms: [
        ...spec.platforms,
        ...f.platform
          .flatMap((p) => p.split(','))
          .map((p) => p.trim())
          .filter(Boolean),
      ],
      mirrors: { ...spec.mirrors, ...parsePairs(f.mirror, '--mirror', 'quay.io=127.0.0.1:5000/quay.io') },
      includeOptional: spec.includeOptional || Boolean(f.includeOptional),
      insecureRegistries: [...spec.insecureRegistries, ...f.insecureRegistry],
      repositories: spec.repositories,
    },
    baseDir,
    repositories: { ...spec.repositories, ...parsePairs(f.addRepo, '--add-repo', 'bitnami=https://charts.bitnami.com/bitnami') },
  };
}

export interface FlagsHost {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Reads the password given on stdin (only called with --password-stdin). */
  readPassword: () => Promise<string>;
  createdBy: string;
}

/** Flags + environment → BundleOptions: defaults for the cache, docker config, Helm's repositories. */
export async function toBundleOptions(charts: string[], f: BundleFlags, h: FlagsHost): Promise<BundleOptions> {
  if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
  if (!f.out && !f.dryRun) throw new UsageError('bundle: no output file', { hint: 'pass -o bundle.tar (or --dry-run to see the plan)' });
  if (f.passwordStdin && !f.username) throw new UsageError('--password-stdin needs --username');
  const env = h.env;
  const settings = readSettings(env, { cache: f.cache });
  const helmRepos = await helmRepositories(settings);
  const { spec, baseDir, repositories } = await toBundleSpec(charts, { ...f, version: f.chartVersion ?? f.version }, h.cwd);
  const password = f.passwordStdin ? stdinSecret(await h.readPassword()) : undefined;
  return {
    spec,
    baseDir,
    repositories: { ...helmRepos, ...repositories },
    output: f.out,
    ...(f.splitSize !== undefined ? { splitSize: parseByteSize(f.splitSize, '--split-size') } : {}),
    ...(f.since ? { since: f.since } : {}),
    withReferrers: f.withReferrers !== false,
    cacheDir: settings.cacheDir,
    dryRun: f.dryRun,
    keepGoing: f.keepGoing,
    concurrency: f.concurrency,
    credentials: registryCredentials(settings, env),
    repoHttp: { credentials: f.username && password ? { username: f.username, password } : undefined, passCredentialsAll: f.passCredentials },
    createdBy: h.createdBy,
    now: sourceDateEpoch(env.SOURCE_DATE_EPOCH),
  };
}

/** SOURCE_DATE_EPOCH (reproducible builds): the lock's createdAt, so equal inputs give equal bundle bytes. */
function sourceDateEpoch(v: string | undefined): (() => Date) | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`SOURCE_DATE_EPOCH ${JSON.stringify(v)} is not a number of seconds`);
  return () => new Date(Number(v) * 1000);
}
