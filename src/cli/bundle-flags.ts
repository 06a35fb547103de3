// Turns `helm airgap bundle` flags (and an optional airgap.yaml) into one BundleSpec: charts on
// the command line share --repo/--version/--values/--set; the spec's lists and the flags add up.
import { readSignKeyFlag } from './signing-flags.js';
import type { Ctx } from '../util/ctx.js';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BundleOptions } from '../app/bundle/bundle.js';
import { emptySpec, isBundleSpecText, parseBundleSpec, type BundleSpec, type ChartSpec } from '../bundle/spec.js';
import type { GitopsReadOptions } from '../bundle/gitops/source-tree.js';
import { UsageError } from '../util/errors.js';
import { policyFromFlags, type PolicyFlags } from '../bundle/signature-policy.js';
import { unreadableInput } from '../util/input-file.js';
import { parseByteSize } from '../util/byte-size.js';
import { helmFollowed, parsePairs, readSettings, registryCredentials, stdinSecret } from './settings.js';
import { toMirrors, type ChartAccessFlagValues } from './flags.js';

/** The cosign-named flags (PolicyFlags) make a one-off signature policy. */
export interface BundleFlags extends ChartAccessFlagValues, PolicyFlags {
  signKey?: string;
  keyPasswordStdin?: boolean;
  /** --spec (or --file): the airgap spec. */
  file?: string;
  /** --gitops: helmfiles, Argo CD and Flux objects (files, folders, or - for stdin), read as more spec charts. */
  gitops?: string[];
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
  /** --node-os (repeatable). */
  nodeOs?: string[];
  /** --no-scan-images: commander's negation of scanImages. */
  scanImages?: boolean;
  requireComplete?: boolean;
  addRepo: string[];
  /** --catalog: folders of operator catalog files (repeatable). */
  catalog?: string[];
}

/** The spec to bundle and the folder relative paths in it are taken from. */
export async function toBundleSpec(
  charts: string[],
  f: BundleFlags,
  cwd: string,
  warn: (message: string) => void = () => {},
  readStdinText?: () => Promise<string>,
): Promise<{ spec: BundleSpec; baseDir: string; repositories: Record<string, string> }> {
  let spec = emptySpec();
  let baseDir = cwd;
  const { specFile, values } = await splitSpecFromValues(f, cwd, warn);
  if (specFile) {
    spec = parseBundleSpec(specFile.text, specFile.name);
    baseDir = dirname(resolve(cwd, specFile.name));
  }
  const fromArgs: ChartSpec[] = charts.map((chart) => ({
    chart,
    repo: f.repo,
    version: f.version,
    devel: f.devel,
    releaseName: f.releaseName,
    namespace: f.namespace,
    kubeVersion: f.kubeVersion,
    valuesFiles: values.map((v) => resolve(cwd, v)),
    set: f.set,
    setString: f.setString,
    origin: 'command line',
  }));
  if (fromArgs.length > 1 && f.releaseName) throw new UsageError('--release-name names one release; give one chart with it, or use airgap.yaml');
  return {
    spec: {
      charts: [...spec.charts, ...(await gitopsCharts(f.gitops ?? [], cwd, readStdinText, warn)), ...fromArgs],
      images: [...spec.images, ...f.image],
      exclude: [...spec.exclude, ...f.exclude],
      platforms: [
        ...spec.platforms,
        ...f.platform
          .flatMap((p) => p.split(','))
          .map((p) => p.trim())
          .filter(Boolean),
      ],
      mirrors: { ...spec.mirrors, ...toMirrors(f.mirror) },
      includeOptional: spec.includeOptional || Boolean(f.includeOptional),
      insecureRegistries: [...spec.insecureRegistries, ...f.insecureRegistry],
      repositories: spec.repositories,
      ...(spec.signatures ? { signatures: spec.signatures } : {}),
      catalog: [...spec.catalog.map((d) => resolve(baseDir, d)), ...(f.catalog ?? []).map((d) => resolve(cwd, d))],
    },
    baseDir,
    repositories: { ...spec.repositories, ...parsePairs(f.addRepo, '--add-repo', 'bitnami=https://charts.bitnami.com/bitnami') },
  };
}

/** The releases of each --gitops input, as spec charts (bundle/gitops); `-` at most once. */
export async function gitopsCharts(
  inputs: string[],
  cwd: string,
  readStdinText?: () => Promise<string>,
  warn?: (message: string) => void,
  /** A patch file left out of every build (values --format gitops reads overlays without the one it writes). */
  without?: string,
): Promise<ChartSpec[]> {
  if (inputs.length === 0) return [];
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('--gitops - reads stdin once: give it once');
  const { readGitopsCharts } = await import('../bundle/gitops/gitops-charts.js');
  const out: ChartSpec[] = [];
  for (const input of inputs) out.push(...(await readGitopsCharts(input, cwd, await gitopsReadOptions(readStdinText, warn, without))));
  return out;
}

/** How --gitops inputs are read: folders holding a kustomization built by app/kustomize/build.ts. */
export async function gitopsReadOptions(readStdinText?: () => Promise<string>, warn?: (message: string) => void, without?: string): Promise<GitopsReadOptions> {
  const { buildKustomization } = await import('../app/kustomize/build.js');
  return {
    ...(readStdinText ? { stdinText: readStdinText } : {}),
    ...(warn ? { warn } : {}),
    build: (dir, shown) => buildKustomization(dir, shown, without !== undefined ? { without } : {}),
  };
}

/**
 * --spec FILE, or (deprecated, one release) -f FILE when FILE is an airgap spec: `bundle -f` meant
 * the spec before -f meant a values file here as in every other command. Every -f file is read
 * here so that a missing one is a usage error naming it.
 */
async function splitSpecFromValues(
  f: BundleFlags,
  cwd: string,
  warn: (message: string) => void,
): Promise<{ specFile?: { name: string; text: string }; values: string[] }> {
  const specFile = f.file ? { name: f.file, text: await readInput(cwd, f.file, '--spec') } : undefined;
  const values: string[] = [];
  const specsAsValues: { name: string; text: string }[] = [];
  for (const v of f.values) {
    const text = await readInput(cwd, v, '-f/--values');
    if (isBundleSpecText(text)) specsAsValues.push({ name: v, text });
    else values.push(v);
  }
  if (specsAsValues.length === 0) return { specFile, values };
  const names = specsAsValues.map((s) => s.name).join(', ');
  if (specFile || specsAsValues.length > 1) {
    throw new UsageError(`bundle takes one airgap spec; got ${[f.file, ...specsAsValues.map((s) => s.name)].filter(Boolean).join(', ')}`, {
      hint: 'give the spec as --spec FILE and values files as -f FILE',
    });
  }
  warn(`-f ${names} is an airgap spec: read as --spec ${names}; -f will mean only a values file in the next release, pass --spec ${names}`);
  return { specFile: specsAsValues[0], values };
}

async function readInput(cwd: string, name: string, flag: string): Promise<string> {
  return readFile(resolve(cwd, name), 'utf8').catch((e: unknown) => {
    throw unreadableInput(flag, name, e, cwd);
  });
}

export interface FlagsHost {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Reads the password given on stdin (only called with --password-stdin). */
  readPassword: () => Promise<string>;
  createdBy: string;
  /** Deprecation notes and other warnings, on stderr. */
  warn?: (message: string) => void;
  /** Reads stdin as text (--gitops -), bounded. */
  readStdinText?: () => Promise<string>;
  /** The run's signal, --timeout and --retries, for the calls made while the options are read (KMS). */
  ctx?: Ctx;
}

/** Flags + environment → BundleOptions: defaults for the cache, docker config, Helm's repositories. */
export async function toBundleOptions(charts: string[], f: BundleFlags, h: FlagsHost): Promise<BundleOptions> {
  if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
  if (!f.out && !f.dryRun) throw new UsageError('bundle: no output file', { hint: 'pass --out bundle.tar (or --dry-run to see the plan)' });
  const env = h.env;
  const settings = readSettings(env, { cache: f.cache });
  const { chartAccess } = await import('./chart-access.js');
  // the spec names charts of several repositories: the flags' login goes to each (its own host only)
  const access = await chartAccess({
    charts,
    repo: f.repo,
    flags: f,
    settings,
    registryLogins: registryCredentials(settings, env),
    readPassword: async () => stdinSecret(await h.readPassword()),
    everyRepository: true,
  });
  if ((f.passwordStdin || f.keyPasswordStdin) && f.gitops?.includes('-'))
    throw new UsageError(
      `--gitops - and ${f.passwordStdin ? '--password-stdin' : '--key-password-stdin'} both read stdin: give the GitOps input as a file or folder`,
    );
  // the signing key first: a key others can read, or a wrong password, fails before any download
  if (f.keyPasswordStdin && f.passwordStdin)
    throw new UsageError('--password-stdin and --key-password-stdin both read stdin: keep one', { hint: 'give the key password in HELM_AIRGAP_KEY_PASSWORD' });
  const signingKey = f.signKey
    ? await readSignKeyFlag(f.signKey, { env, passwordStdin: f.keyPasswordStdin, readStdin: h.readPassword, ...(h.ctx ? { ctx: h.ctx } : {}) })
    : undefined;
  // the command line's charts render where Helm would install them: -n, else HELM_NAMESPACE (Helm
  // strips -n/--namespace from a plugin's arguments and passes it so)
  const { spec, baseDir, repositories } = await toBundleSpec(
    charts,
    { ...f, version: f.chartVersion ?? f.version, namespace: f.namespace ?? settings.namespace },
    h.cwd,
    h.warn,
    h.readStdinText,
  );
  const ociPlainHttp = f.plainHttp ? (access.repoHttp.insecureHosts ?? []) : [];
  const policy = policyFromFlags(
    {
      ...f,
      ...(f.verifyKey ? { verifyKey: resolveUnlessKms(h.cwd, f.verifyKey) } : {}),
      ...(f.trustedRoot ? { trustedRoot: resolve(h.cwd, f.trustedRoot) } : {}),
      ...(f.tufRoot ? { tufRoot: resolve(h.cwd, f.tufRoot) } : {}),
      ...(f.keyring ? { keyring: resolve(h.cwd, f.keyring) } : {}),
    },
    spec.signatures,
  );
  // discovery renders as the Helm running the plugin renders (standalone: the newest followed)
  const helmVersion = settings.helmBin ? await helmFollowed(undefined, settings) : undefined;
  const renderer =
    f.skipSchemaValidation || helmVersion
      ? new (await import('../helm/engine/renderer.js')).EngineRenderer({ helmVersion, skipSchemaValidation: f.skipSchemaValidation })
      : undefined;
  return {
    spec: { ...spec, insecureRegistries: [...spec.insecureRegistries, ...ociPlainHttp] },
    baseDir,
    repositories: { ...access.repositories, ...repositories },
    ...(renderer ? { renderer } : {}),
    ...(f.nodeOs?.length ? { nodeOs: f.nodeOs } : {}),
    ...(f.scanImages === false ? { scanImages: false } : {}),
    output: f.out,
    ...(f.splitSize !== undefined ? { splitSize: parseByteSize(f.splitSize, '--split-size') } : {}),
    ...(f.since ? { since: f.since } : {}),
    withReferrers: f.withReferrers !== false,
    ...(policy ? { signaturePolicy: policy } : {}),
    cacheDir: settings.cacheDir,
    dryRun: f.dryRun,
    keepGoing: f.keepGoing,
    concurrency: f.concurrency,
    credentials: access.credentials,
    repoHttp: access.repoHttp,
    createdBy: h.createdBy,
    now: sourceDateEpoch(env.SOURCE_DATE_EPOCH),
    ...(signingKey ? { signingKey } : {}),
    kmsPublicKey: async (uri, origin) =>
      (await import('../ecr/kms.js')).kmsPublicKeyPem(uri, origin === 'command line' ? '--verify-key' : origin, { env, ...(h.ctx ? { ctx: h.ctx } : {}) }),
  };
}

/** A key file from the command line, relative to the working folder (a KMS URI is refused by name later). */
function resolveUnlessKms(cwd: string, key: string): string {
  return /^[a-z0-9]+:\/\//.test(key) ? key : resolve(cwd, key);
}

/** SOURCE_DATE_EPOCH (reproducible builds): the lock's createdAt, so equal inputs give equal bundle bytes. */
function sourceDateEpoch(v: string | undefined): (() => Date) | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`SOURCE_DATE_EPOCH ${JSON.stringify(v)} is not a number of seconds`);
  return () => new Date(Number(v) * 1000);
}
