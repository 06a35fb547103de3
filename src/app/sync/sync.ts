// `helm airgap sync SRC DST`: every repository and tag of a source (a registry's catalog, a list,
// or a skopeo sync file) into a destination registry, digests kept. One copy session for the
// whole run, so a layer many tags share moves once; items run in parallel. A tag already at the
// destination with the source's digest is skipped before any blob is asked for, so a re-run after
// an interruption copies only what is missing.
import type { Descriptor } from '../../oci/content.js';
import { copyGraph, createCopySession, type CopySession } from '../../oci/copy-graph.js';
import { afterFailures, isNotFound } from '../../oci/not-found.js';
import { successorsUnder } from '../../oci/platform-filter.js';
import { parseTarget, type RegistryTarget } from '../../ecr/target.js';
import { loginHosts, RegistryClient } from '../../registry/client.js';
import { credentialChain, staticCredentials } from '../../registry/credentials.js';
import type { RemoteRepository } from '../../registry/repository.js';
import { compileGoRegex } from '../../sprig/regex.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError, ExitCode, InterruptedError, PartialResultError, UsageError } from '../../util/errors.js';
import { createPool } from '../../util/pool.js';
import { isTransient } from '../../util/transient.js';
import { blobMounts } from '../copy/mounts.js';
import { createDestination } from '../../ecr/destination.js';
import { provisionRepositories, type RepositoriesReport } from '../../ecr/repositories.js';
import { blobsOf } from '../push/estimate.js';
import { SyncLog } from './log-file.js';
import { DEFAULT_NAMING } from '../../ecr/naming.js';
import { toMapEntry } from '../../bundle/image-map.js';
import { writeImageMap } from '../../bundle/image-map-file.js';
import { mapRegistryOf } from '../../ecr/map-registry.js';
import { platformChildren } from '../../oci/manifest.js';
import { planSync, type SyncItem } from './plan.js';
import { catalogRepos, expandTags, originalName, readSyncSource } from './source.js';
import { useCertDir } from '../../registry/cert-dir.js';

export type { SyncItemReport, SyncOptions, SyncReport, SyncResult } from './sync-types.js';
import type { SyncItemReport, SyncOptions, SyncReport } from './sync-types.js';

/** The map a sync writes: --write-map, else LOG.map.yaml beside --log-file (a dry run writes none). */
export function syncMapFile(o: Pick<SyncOptions, 'writeMap' | 'logFile' | 'dryRun'>): string | undefined {
  if (o.dryRun) return undefined;
  return o.writeMap ?? (o.logFile ? `${o.logFile.replace(/\.(log|txt)$/, '')}.map.yaml` : undefined);
}

export async function syncRegistries(o: SyncOptions): Promise<SyncReport> {
  const ctx = o.ctx;
  const concurrency = o.concurrency ?? 8;
  const source = await readSyncSource(o.source);
  // a login from a skopeo sync file applies to its own registry only
  const fileLogins = [...source.credentials].map(([host, c]) => staticCredentials(c, [host]));
  const registries = source.catalog ? [source.catalog.registry] : source.repos.map((r) => r.registry);
  // a file's mirror lines (registries.conf's mirrors) fetch those registries elsewhere; flags win
  const mirrors = { ...source.mirrors, ...o.mirrors };
  for (const [host, dir] of source.certDirs ?? []) await useCertDir(host, dir, `${o.source}: ${host}`);
  const sourceLogin = o.sourceLogin && staticCredentials(o.sourceLogin, loginHosts(registries, mirrors));
  const srcClient = new RegistryClient({
    credentials: credentialChain(...fileLogins, sourceLogin, o.sourceCredentials),
    insecureHosts: [...source.insecure, ...(o.sourceInsecure ?? [])],
    retries: o.retries,
    retryBaseMs: o.retryBaseMs,
    verifyFetch: false,
    mirrors,
  });
  const target = parseTarget(o.destination.replace(/^docker:\/\//, ''), o.targetKind);
  const filters = { include: (o.include ?? []).map((p) => regex(p, '--include')), exclude: (o.exclude ?? []).map((p) => regex(p, '--exclude')) };
  const repos = await catalogRepos(source, srcClient, ctx);
  const listed = await expandTags(repos, srcClient, { concurrency, ctx, maxTags: o.maxTags });
  // a walked registry keeps its tree (path); a list lands where push and values look (full)
  const naming = o.naming ?? DEFAULT_NAMING[source.catalog ? 'registry' : 'list'];
  const plan = planSync(listed, source.below, target, { naming, filters, shard: o.shard });
  // a shard no repository falls to has nothing to do, and that is a success (a Job may have more
  // pods than repositories); nothing over every shard is a mistake in the source or the filters
  if (plan.totalItems === 0) throw new UsageError(`${o.source}: nothing to sync (${plan.filteredOut} tag(s) left out by --include/--exclude)`);
  const dest = await createDestination(target, {
    ...o,
    // every blob comes from a registry that copyGraph reads again on a retry: nothing kept to replay
    streamSmall: true,
    credentials: credentialChain(o.destinationLogin && staticCredentials(o.destinationLogin, [target.host]), o.credentials),
  });
  const log = o.logFile ? await SyncLog.open(o.logFile) : undefined;
  const run = new SyncRun(srcClient, dest.client, target, o, log);
  let repositories: RepositoriesReport = { created: [], existing: [], toCreate: [] };
  try {
    repositories = await provisionRepositories(dest.provisioner, plan.repositories, { dryRun: o.dryRun, ctx });
    // the progress counts are of the plan, known now: a total that grew as tags started read 21/56
    ctx?.onProgress?.({ type: 'plan', items: plan.items.length });
    await run.all(plan.items, concurrency);
  } finally {
    await log?.close(run.reports);
  }
  const totals = {
    copied: 0,
    present: 0,
    failed: 0,
    planned: 0,
    cancelled: 0,
    bytes: 0,
    filteredOut: plan.filteredOut,
    repositories: plan.repositories.length,
    created: repositories.created.length,
  };
  for (const r of run.reports) {
    totals[r.result]++;
    totals.bytes += r.bytes;
  }
  const report: SyncReport = { source: o.source, destination: o.destination, dryRun: Boolean(o.dryRun), items: run.reports, totals, repositories };
  const mapFile = syncMapFile(o);
  if (mapFile) {
    const arrived = run.reports.filter((r) => (r.result === 'copied' || r.result === 'present') && r.digest);
    await writeImageMap(
      mapFile,
      arrived.map((r) => toMapEntry(originalName(r.source, source.origins), `${r.target.split('@')[0]}@${r.digest}`, r.platforms)),
      'sync',
      { registries: [mapRegistryOf(target, o.aws)] },
    );
    report.mapFile = mapFile;
  }
  if (ctx?.signal?.aborted && totals.failed === 0) {
    const left = plan.items.length - run.reports.length;
    throw new InterruptedError({
      message: `interrupted: ${totals.copied} copied, ${totals.present} already there, ${totals.cancelled} cancelled in flight, ${left} not started`,
      hint: 're-run the same command: tags already there are skipped and the rest resumes',
    });
  }
  if (totals.failed > 0) {
    const failed = run.reports.filter((r) => r.result === 'failed');
    const lines = failed.slice(0, 10).map((r) => `  ${r.source}: ${r.error}`);
    if (failed.length > 10) lines.push(`  … and ${failed.length - 10} more`);
    const stopped = o.keepGoing ? '' : ` (stopped at the first failure${totals.cancelled ? `; ${totals.cancelled} in flight cancelled` : ''})`;
    const message = `${failed.length} of ${plan.items.length} tag(s) failed${stopped}:\n${lines.join('\n')}`;
    // when nothing moved, the first failure's own next: step (or its cause's: a refused port, an
    // unknown host) is the one to take; a re-run only helps once something got through
    const first = run.causes.get(failed[0]!);
    const nothingMoved = totals.copied + totals.present === 0;
    throw new PartialResultError(
      message,
      failed.map((r) => ({ item: r.source, error: r.error ?? '' })),
      report,
      {
        hint: nothingMoved
          ? first instanceof AirgapError
            ? first.hint
            : undefined
          : afterFailures(
              failed.map((r) => ({ item: r.source, cause: run.causes.get(r) })),
              're-run the same command: tags already there are skipped and the rest resumes',
            ),
        exitCode: o.keepGoing ? ExitCode.Partial : ExitCode.Failure,
        ...(nothingMoved ? { cause: first } : {}),
      },
    );
  }
  return report;
}

class SyncRun {
  readonly reports: SyncItemReport[] = [];
  /** Each failed item's error, for the next: step of the run's own error. */
  readonly causes = new Map<SyncItemReport, unknown>();
  private readonly session: CopySession;
  private readonly repos = new Map<string, RemoteRepository>();
  private stopped = false;
  /** Aborted at the first failure without --keep-going: every transfer and request in flight ends. */
  private readonly stop = new AbortController();
  private readonly ctx: Ctx | undefined;
  private readonly mapped: boolean;

  constructor(
    private readonly src: RegistryClient,
    private readonly dst: RegistryClient,
    private readonly target: RegistryTarget,
    private readonly o: SyncOptions,
    private readonly log: SyncLog | undefined,
  ) {
    this.session = createCopySession(o.concurrency ?? 8);
    const run = o.ctx?.signal ? AbortSignal.any([o.ctx.signal, this.stop.signal]) : this.stop.signal;
    this.ctx = { ...o.ctx, signal: run };
    this.mapped = syncMapFile(o) !== undefined;
  }

  async all(items: SyncItem[], concurrency: number): Promise<void> {
    const pool = createPool(concurrency);
    const done = await Promise.all(items.map((item) => pool.run(async () => (this.stopped ? undefined : this.one(item)))));
    // in plan order, whatever order they finished in
    this.reports.splice(0, this.reports.length, ...done.filter((r): r is SyncItemReport => r !== undefined));
  }

  private async one(item: SyncItem): Promise<SyncItemReport> {
    const ctx = this.ctx;
    const to = this.repository(`${this.target.host}/${item.targetPath}`);
    const target = `${this.target.host}/${item.targetPath}${item.tag ? `:${item.tag}` : `@${item.ref}`}`;
    const report: SyncItemReport = { source: item.source, target, result: 'failed', bytes: 0 };
    const id = `sync ${item.source}`;
    ctx?.onProgress?.({ type: 'start', id, label: `${item.source} → ${target}`, item: true });
    try {
      const from = this.src.repository({ registry: item.registry, repository: item.repository });
      // the destination's tag first: a tag it lacks is copied, so the source's manifest is read
      // with the one GET that also names its digest (not a HEAD and then a GET); a tag it holds
      // is compared by a HEAD, which registries' pull limits do not count
      const there = item.tag ? await this.tagDigest(to, item.tag) : undefined;
      const root = item.tag && there === undefined ? (await from.fetchReference(item.ref, ctx)).descriptor : await from.resolve(item.ref, ctx);
      report.digest = root.digest;
      if (this.mapped) {
        const platforms = await platformChildren(from, root, item.source, ctx);
        if (platforms.length) report.platforms = platforms;
      }
      if (item.tag ? there === root.digest : await this.hasDigest(to, root)) report.result = 'present';
      else if (this.o.dryRun) {
        report.result = 'planned';
        report.bytes = (await blobsOf(from, root, successorsUnder(undefined), ctx)).reduce((n, b) => n + b.size, 0);
      } else {
        const mounts = blobMounts(from, to, this.session, { waitForUploads: this.target.kind === 'oci' });
        const copied = await copyGraph(from, to, root, {
          session: this.session,
          rootTag: item.tag,
          isTransient,
          ctx,
          mount: mounts.mount,
          onSkipped: mounts.onSkipped,
          postCopy: (d: Descriptor) => {
            if (!d.mediaType.includes('manifest') && !d.mediaType.includes('index')) report.bytes += d.size;
            mounts.postCopy?.(d);
          },
        }).finally(mounts.release);
        if (item.tag && !copied.tagged) await to.tag(root, item.tag, ctx);
        report.result = 'copied';
      }
    } catch (e) {
      // in flight when the run was stopped (another tag's failure, or the user's Ctrl-C/SIGTERM):
      // not this tag's failure
      if (this.stop.signal.aborted || this.o.ctx?.signal?.aborted) {
        report.result = 'cancelled';
        this.stopped = true;
      } else {
        report.error = e instanceof Error ? e.message : String(e);
        this.causes.set(report, e);
        if (!this.o.keepGoing) {
          this.stopped = true;
          this.stop.abort();
        }
      }
    }
    this.reports.push(report);
    await this.log?.write(report);
    ctx?.onProgress?.({ type: 'done', id, skipped: report.result === 'present' });
    return report;
  }

  /** The digest the destination's tag is on; undefined when it has no such tag (nor repository). */
  private async tagDigest(to: RemoteRepository, tag: string): Promise<string | undefined> {
    try {
      return (await to.resolveIfPresent(tag, this.ctx))?.digest;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The destination already has this digest (an item pinned by digest): nothing to move. */
  private async hasDigest(to: RemoteRepository, root: Descriptor): Promise<boolean> {
    try {
      return await to.exists(root, this.ctx);
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** One object per destination repository: the copy session dedups per store object. */
  private repository(name: string): RemoteRepository {
    let r = this.repos.get(name);
    if (!r) this.repos.set(name, (r = this.dst.repository(name)));
    return r;
  }
}

function regex(pattern: string, flag: string) {
  try {
    return compileGoRegex(pattern);
  } catch (e) {
    throw new UsageError(`${flag} ${JSON.stringify(pattern)}: ${(e as Error).message}`, { hint: 'RE2 syntax, tested against REPOSITORY:TAG' });
  }
}
