// `helm airgap bundle`: charts → render + discover → image digests → pull into the cache layout
// → charts as Helm OCI artifacts → lock → one tarball. --dry-run stops after measuring images
// in their registries (manifests only, no blobs).
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { BundleLock, LockedCatalogFile } from '../../bundle/lock.js';
import { planImages, type ImagePlan } from '../../bundle/image-plan.js';
import type { BundleSpec } from '../../bundle/spec.js';
import type { ChartSource } from '../../charts/resolved-chart.js';
import type { RepoHttpOptions } from '../../charts/http-get.js';
import { readBundleBase } from '../../bundle/base.js';
import { LayoutStore } from '../../layout/layout-store.js';
import { parsePlatform } from '../../oci/platform.js';
import { RegistryClient } from '../../registry/client.js';
import type { CredentialProvider } from '../../registry/credentials.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { AirgapError, UsageError } from '../../util/errors.js';
import { takeLock } from '../../util/process-lock.js';
import { ownFolder } from '../../util/safe-fs.js';
import { assembleBundle } from './assemble.js';
import type { SigningKey } from '../../bundle/signature/keys.js';
import type { KmsPublicKeySource } from '../../trust/keys.js';
import { prepareCharts, type ChartFailure, type ImageFinder } from './charts.js';
import { fetchImages, type FetchedImage, type TransferStats } from './images.js';
import { chartImageFinder } from '../scan/finder.js';
import type { LockedImageSite } from '../../bundle/lock.js';
import { registryScanner, type ScanSummary } from '../scan/controller-evidence.js';
import type { UnverifiedController } from '../../discover/evidence/index.js';
import type { SignaturePolicy } from '../../bundle/signature-policy.js';
import { loadPolicy } from '../../trust/check-signatures.js';
import { chartSignatures } from './chart-signatures.js';
import { createCopySession } from '../../oci/copy-graph.js';
import type { ResolvedChart } from '../../charts/resolved-chart.js';
import type { Renderer } from '../../helm/engine/renderer.js';

export interface BundleOptions {
  spec: BundleSpec;
  /** bundle.tar to write (not needed for dryRun). */
  output?: string;
  /** Write the bundle as parts of at most this many bytes (NAME.000…, NAME.SHA256SUMS). */
  splitSize?: number;
  /** A previous bundle (or its lock): write a differential bundle holding only what it lacks. */
  since?: string;
  /** Carry signatures, SBOMs and attestations (OCI referrers, cosign tags); default true. */
  withReferrers?: boolean;
  /**
   * Who must have signed each image (airgap.yaml signatures:, --verify-key, --certificate-identity…);
   * key and trusted root files relative to baseDir. Its signatures are carried whatever withReferrers says.
   */
  signaturePolicy?: SignaturePolicy;
  /** Cache folder: charts/sha256 (archives) and oci/ (image blobs), reused by later runs. */
  cacheDir: string;
  /** Folder that relative chart paths and values files are taken from. */
  baseDir: string;
  dryRun?: boolean;
  keepGoing?: boolean;
  concurrency?: number;
  credentials?: CredentialProvider;
  /** Credentials and policy for HTTP chart repositories. */
  repoHttp?: RepoHttpOptions;
  /** Named chart repositories (`name/chart`, `@name` dependencies). */
  repositories?: Record<string, string>;
  createdBy: string;
  now?: () => Date;
  /** The renderer (our engine by default, or the helm binary) discovery runs charts through. */
  renderer?: Renderer;
  /** --node-os: the nodes' OS, for tags an operator completes from the node's. */
  nodeOs?: string[];
  /** Read the controllers' own images for the images their programs compile in (default true, not on a dry run, which pulls no blobs; the default finder only). */
  scanImages?: boolean;
  /** Fail (exit 3, after writing the report) while a controller is unverified. */
  requireComplete?: boolean;
  /** Replaces render + discovery as a whole (default: chartImageFinder(renderer)). */
  findImages?: ImageFinder;
  /** --sign-key: the lock is signed with it (airgap-lock.sigstore.json in the bundle). */
  signingKey?: SigningKey;
  /** GetPublicKey of a policy's awskms:// keys (the CLI gives the AWS SDK's). */
  kmsPublicKey?: KmsPublicKeySource;
  /** The user's operator catalog files discovery matched against (app/scan/operator-catalog.ts useCatalog), recorded in the lock. */
  catalog?: LockedCatalogFile[];
}

export interface BundleReport {
  output?: string;
  dryRun: boolean;
  /** Size of the bundle file written. */
  bytes?: number;
  /** --split-size: the part files written (NAME.000…). */
  parts?: string[];
  charts: { name: string; version: string; digest: string; source: ChartSource; releaseName: string; namespace: string }[];
  images: { ref: string; digest: string; size: number; need: string; platforms: string[]; pulledFrom?: string; builtin?: { foundIn: string; how: string } }[];
  notBundled: string[];
  excluded: { ref: string; glob: string }[];
  /** Bytes of image content, each shared blob counted once. */
  imageBytes: number;
  failures: { item: string; error: string; hint?: string }[];
  /** What this run moved into the cache and what it found there already (not for --dry-run). */
  transfer?: TransferStats;
  lock?: BundleLock;
  /** Controllers that can make workloads whose compiled-in images nothing accounts for. */
  unverifiedControllers?: UnverifiedController[];
  /** Each controller image read: what it gave and what it cost (seconds, bytes read). */
  scans?: ScanSummary[];
}

export async function bundle(o: BundleOptions, ctx: Ctx = {}): Promise<BundleReport> {
  if (!o.dryRun && !o.output) throw new UsageError('bundle: no output file', { hint: 'pass --out bundle.tar (or --dry-run to see the plan)' });
  if (o.spec.charts.length === 0 && o.spec.images.length === 0)
    throw new UsageError('bundle: nothing to bundle', { hint: 'name charts on the command line, or pass --spec airgap.yaml' });
  // read first: a wrong --since fails before anything is downloaded
  const since = o.since ? await readBundleBase(o.since) : undefined;
  const policy = o.signaturePolicy
    ? await loadPolicy(o.signaturePolicy, o.baseDir, { ...(o.kmsPublicKey ? { kms: o.kmsPublicKey } : {}), cacheDir: o.cacheDir }, ctx)
    : undefined;
  // signatures are checked over what the pull brought into the cache; a dry run pulls nothing
  if (policy && o.dryRun) logTo(ctx, 'warn', "--dry-run: image signatures are not checked (charts' .prov are)");
  const concurrency = o.concurrency ?? 8;
  const platforms = o.spec.platforms.map(parsePlatform);
  const client = new RegistryClient({ credentials: o.credentials, insecureHosts: o.spec.insecureRegistries, mirrors: o.spec.mirrors });
  const http: RepoHttpOptions = { ...o.repoHttp, insecureHosts: [...(o.repoHttp?.insecureHosts ?? []), ...o.spec.insecureRegistries] };
  const cache = o.dryRun ? undefined : await LayoutStore.open(ownFolder(o.cacheDir, 'oci'), { create: true, owned: true });
  const session = createCopySession(concurrency);
  const finder = o.findImages ?? chartImageFinder(o.renderer, o.nodeOs, o.scanImages === false || o.dryRun ? undefined : registryScanner(client));
  const { charts, failures: chartFailures } = await prepareCharts(
    o.spec.charts,
    {
      resolve: { cacheDir: o.cacheDir, baseDir: o.baseDir, http, registry: client, repositories: o.repositories },
      findImages: finder,
      keepGoing: Boolean(o.keepGoing),
      optional: true,
      ...(policy ? { checkChart: (chart: ResolvedChart, c: Ctx) => chartSignatures(chart, { policy, http, client, cache, session, now: new Date() }, c) } : {}),
    },
    ctx,
  );
  const plan = planImages({ found: charts.flatMap((c) => c.found), extra: o.spec.images, exclude: o.spec.exclude, includeOptional: o.spec.includeOptional });
  const {
    images,
    failures: imageFailures,
    transfer,
  } = await fetchImages(
    plan.bundle,
    {
      client,
      cache,
      platforms,
      concurrency,
      keepGoing: Boolean(o.keepGoing),
      withReferrers: o.withReferrers !== false || policy !== undefined,
      ...(policy ? { policy, now: new Date() } : {}),
    },
    ctx,
  );
  const failures = [...chartFailures, ...imageFailures].map(toFailure);
  const report = { ...toReport(o, charts, plan, images, failures), ...(o.dryRun ? {} : { transfer }), ...(finder.evidence?.() ?? {}) };
  if (o.dryRun || !cache) return report;
  const output = resolve(o.output!);
  const stageDir = join(o.cacheDir, 'stage', createHash('sha256').update(output).digest('hex').slice(0, 16));
  // two runs writing one output on one cache would share this stage folder: one at a time, the
  // other told at once (a finished run's lock is gone; a killed one's is taken over)
  ownFolder(o.cacheDir, 'stage');
  const held = await takeLock(`${stageDir}.lock`);
  if (!('release' in held))
    throw new AirgapError(`${output}: another helm-airgap bundle is writing this output (pid and host: ${held.heldBy})`, {
      code: 'ERR_OUTPUT_BUSY',
      hint: 'wait for it to finish (its result is the same bundle), or give this run another -o file',
    });
  try {
    const { lock, bytes, parts } = await assembleBundle(
      {
        cache,
        stageDir,
        output,
        images,
        charts,
        notBundled: plan.notBundled,
        createdBy: o.createdBy,
        createdAt: (o.now?.() ?? new Date()).toISOString(),
        platforms: o.spec.platforms,
        splitSize: o.splitSize,
        ...(policy ? { signaturePolicy: policy.carried } : {}),
        ...(since ? { since } : {}),
        ...(o.signingKey ? { signingKey: o.signingKey } : {}),
        ...(o.catalog?.length ? { catalog: o.catalog } : {}),
      },
      ctx,
    );
    await cache.tidy();
    return { ...report, output, bytes, lock, ...(parts ? { parts } : {}) };
  } finally {
    await held.release();
  }
}

function toFailure(f: ChartFailure): { item: string; error: string; hint?: string } {
  return { item: f.item, error: f.error.message, ...(f.error.hint ? { hint: f.error.hint } : {}) };
}

function toReport(
  o: BundleOptions,
  charts: Awaited<ReturnType<typeof prepareCharts>>['charts'],
  plan: ImagePlan,
  images: FetchedImage[],
  failures: BundleReport['failures'],
): BundleReport {
  const blobs = new Map<string, number>();
  for (const img of images) for (const n of img.nodes) blobs.set(n.digest, n.size);
  return {
    dryRun: Boolean(o.dryRun),
    charts: charts.map((c) => ({
      name: c.chart.name,
      version: c.chart.version,
      digest: c.chart.digest,
      source: c.chart.source,
      releaseName: c.releaseName,
      namespace: c.namespace,
    })),
    images: images.map((i) => ({
      ref: i.ref,
      digest: i.root.digest,
      size: i.size,
      need: i.need,
      platforms: i.platforms,
      ...(i.pulledFrom ? { pulledFrom: i.pulledFrom } : {}),
      ...foundIn(i.sites),
    })),
    notBundled: plan.notBundled.map((p) => p.ref),
    excluded: plan.excluded,
    imageBytes: [...blobs.values()].reduce((a, b) => a + b, 0),
    failures,
  };
}

/** An image read from a controller's own image (discover/evidence/): where, and what says so. */
function foundIn(sites: readonly LockedImageSite[]): { builtin?: { foundIn: string; how: string } } {
  const b = sites.find((s) => s.builtin?.evidence)?.builtin;
  return b?.evidence ? { builtin: { foundIn: b.evidence.foundIn, how: b.evidence.detail } } : {};
}
