import { Command } from 'commander';
import type { SyncOptions, SyncReport } from '../../app/sync/sync.js';
import { parseShard } from '../../app/push/plan.js';
import { namingHelp, parseNaming } from '../../ecr/naming.js';
import { PartialResultError, UsageError } from '../../util/errors.js';
import { collect, mirrorOption, toMirrors } from '../flags.js';
import { addDestinationFlags, toDestinationSettings, type DestinationFlags } from '../destination-flags.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { addSideLoginFlags, sideLogins, type SideLoginFlags } from '../login-flags.js';
import { readSettings, registryCredentials } from '../settings.js';

const EXAMPLES = `
SRC: docker://HOST[/PATH] (every repository the catalog lists at or below PATH), a skopeo sync
YAML file (as \`images -o skopeo-sync\` writes), or a file with one HOST/REPO[:TAG|@DIGEST] per line.
DST: docker://HOST[/PREFIX] (or HOST[/PREFIX]); ECR repositories are created as push does, with
the same --tag-mutability, --encryption, --repo-tag... settings.

Examples:
  # migrate every repository below team/ of one registry into another, 16 at a time
  helm airgap sync docker://msr.example.com/team docker://123456789012.dkr.ecr.eu-west-1.amazonaws.com/team --concurrency 16
  # see first: what would move and how many bytes
  helm airgap sync docker://msr.example.com/team docker://harbor.example/m --dry-run
  # only release tags, no release candidates, keeping a per-tag log; exit 3 if some failed
  helm airgap sync docker://msr.example.com docker://harbor.example/m --include ':v?[0-9]+\\.' --exclude '-rc' \\
    --keep-going --log-file sync.log
  # run a skopeo sync file without skopeo (skopeo's own naming: --naming base, or --scoped)
  helm airgap images ./chart -o skopeo-sync > sync.yaml
  helm airgap sync sync.yaml docker://harbor.example/mirror --scoped
  # Docker Hub's repositories fetched from a pull-through mirror, named as Docker Hub's
  helm airgap sync images.txt docker://harbor.example/m --mirror docker.io=mirror.internal/dockerhub

More examples and the rules in full: docs/guide/sync.md.
`;

interface SyncFlags extends DestinationFlags, SideLoginFlags {
  naming?: string;
  scoped?: boolean;
  include: string[];
  exclude: string[];
  insecureRegistry: string[];
  mirror: string[];
  concurrency: number;
  maxTags?: number;
  keepGoing?: boolean;
  dryRun?: boolean;
  logFile?: string;
  writeMap?: string;
  shard?: string;
}

export function syncCommand(host: RuntimeHost): Command {
  return addSideLoginFlags(addDestinationFlags(new Command('sync')))
    .argument('<source>', 'docker://HOST[/PATH], a skopeo sync YAML file, or a repository list file')
    .argument('<destination>', 'docker://HOST[/PREFIX]')
    .option('--naming <mode>', 'destination repository naming (table below; default path for docker://, full for a file)')
    .option('--scoped', "skopeo's flag: the same as --naming full")
    .option('--include <regex>', 'copy only REPOSITORY:TAG matching (RE2, repeatable: any may match)', collect, [])
    .option('--exclude <regex>', 'leave out REPOSITORY:TAG matching (repeatable)', collect, [])
    .option('--insecure-registry <host>', 'allow plain HTTP to this host, either side (repeatable; loopback always allowed)', collect, [])
    .addOption(mirrorOption())
    .option('--concurrency <n>', 'tags copied at once (and parallel blob transfers)', (v) => Number(v), 8)
    .option('--max-tags <n>', 'refuse to list more tags than this in one repository, or to plan more in all (default 50000)', (v) => Number(v))
    .option('--keep-going', 'copy the rest when a tag fails; exit 3 with the list')
    .option('--dry-run', 'list what would be copied, with sizes; nothing is written')
    .option('--log-file <file>', 'append one line per tag: time, result, source, target, digest, bytes, error')
    .option('--write-map <file>', 'write where each tag went for values/postrender/verify/kustomize --map (default with --log-file: LOG.map.yaml beside it)')
    .option('--shard <I/N>', 'copy only shard I of N (0-based), whole repositories per shard')
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, source: string, destination: string) => {
        const { syncRegistries } = await import('../../app/sync/sync.js');
        const report = await syncRegistries(await toSyncOptions(rt, cmd.opts(), source, destination)).catch((e: unknown) => {
          const partial = e instanceof PartialResultError ? (e.report as SyncReport) : undefined;
          if (partial && rt.globals.output !== 'json') rt.reporter.result(partial, formatSyncReport);
          throw e;
        });
        rt.reporter.result(report, formatSyncReport);
      }),
    );
}

async function toSyncOptions(rt: Runtime, f: SyncFlags, source: string, destination: string): Promise<SyncOptions> {
  if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
  if (f.maxTags !== undefined && (!Number.isInteger(f.maxTags) || f.maxTags < 1)) throw new UsageError('--max-tags must be a positive integer, e.g. 100000');
  // undefined: the source's kind decides (ecr/naming.ts DEFAULT_NAMING)
  const naming = f.scoped ? 'full' : f.naming === undefined ? undefined : parseNaming(f.naming);
  if (f.scoped && f.naming !== undefined && parseNaming(f.naming) !== 'full') throw new UsageError(`--scoped and --naming ${f.naming} contradict each other`);
  const settings = readSettings(rt.env);
  const logins = registryCredentials(settings, rt.env);
  const login = await sideLogins(rt, f);
  return {
    source,
    destination,
    naming,
    include: f.include,
    exclude: f.exclude,
    ...(await toDestinationSettings(f, rt.env, settings.home)),
    mirrors: toMirrors(f.mirror),
    credentials: logins,
    sourceCredentials: logins,
    sourceLogin: login.src,
    destinationLogin: login.dest,
    insecureRegistries: f.insecureRegistry,
    sourceInsecure: f.insecureRegistry,
    concurrency: f.concurrency,
    maxTags: f.maxTags,
    keepGoing: f.keepGoing,
    dryRun: f.dryRun,
    logFile: f.logFile,
    writeMap: f.writeMap,
    shard: f.shard === undefined ? undefined : parseShard(f.shard),
    ctx: rt.ctx,
  };
}

export function formatSyncReport(r: SyncReport): string[] {
  const lines = r.items
    .filter((i) => i.result !== 'present' || r.dryRun)
    .map((i) => `${i.result.toUpperCase().padEnd(7)} ${i.source} -> ${i.target}${i.bytes ? ` ${i.bytes} bytes` : ''}${i.error ? `: ${i.error}` : ''}`);
  const t = r.totals;
  const head = r.dryRun ? `dry run: ${t.planned} to copy (${t.bytes} bytes)` : `${t.copied} copied (${t.bytes} bytes)`;
  lines.push(
    `${head}, ${t.present} already there, ${t.failed} failed${t.cancelled ? `, ${t.cancelled} cancelled` : ''}; ${t.repositories} repositories (${t.created} created)${t.filteredOut ? `, ${t.filteredOut} tag(s) filtered out` : ''}`,
  );
  for (const n of r.repositories.notes ?? []) lines.push(`note: ${n}`);
  if (r.mapFile) lines.push(`wrote ${r.mapFile}: use it with helm airgap values|postrender|verify|kustomize --map ${r.mapFile}`);
  return lines;
}
