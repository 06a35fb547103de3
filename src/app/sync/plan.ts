// What a sync copies, decided before any transfer (pure): each source tag or digest with its
// destination repository, after --include/--exclude and this pod's --shard. Names are checked
// against the target's rules for the whole set, so a bad name stops the sync before it starts.
import { createHash } from 'node:crypto';
import { checkTargetNames, NAME_RULES } from '../../ecr/naming.js';
import { targetPath, type RegistryTarget } from '../../ecr/target.js';
import type { GoRegexp } from '../../sprig/regex.js';
import { AirgapError } from '../../util/errors.js';
import { checkMovePlan } from '../../oci/move-plan.js';
import type { Shard } from '../push/plan.js';
import { toTargetRepository, type NamingMode } from '../../ecr/naming.js';
import type { SyncRepoSpec } from './source.js';

export interface SyncItem {
  /** host/repo:tag or host/repo@digest as the source names it. */
  source: string;
  registry: string;
  repository: string;
  /** Tag or digest at the source. */
  ref: string;
  /** Destination repository as the registry API names it (ECR: no alias). */
  targetRepository: string;
  /** Path at the destination host (behind the ECR Public alias). */
  targetPath: string;
  /** The tag the destination gets; digests are copied by digest only. */
  tag?: string;
}

export interface SyncFilters {
  /** Tested against REPOSITORY:TAG (or REPOSITORY@DIGEST), REPOSITORY without the host. */
  include: GoRegexp[];
  exclude: GoRegexp[];
}

export interface SyncPlan {
  items: SyncItem[];
  /** Destination repositories this shard writes, sorted. */
  repositories: string[];
  /** Source tags the filters left out (whole set, every shard). */
  filteredOut: number;
  /** Items over every shard, after filters. */
  totalItems: number;
}

export function planSync(
  listed: { spec: SyncRepoSpec; refs: string[] }[],
  below: string,
  target: RegistryTarget,
  o: { naming: NamingMode; filters: SyncFilters; shard?: Shard },
): SyncPlan {
  const all: SyncItem[] = [];
  let filteredOut = 0;
  for (const { spec, refs } of listed) {
    const targetRepository = toTargetRepository(spec, target.prefix, o.naming, below);
    for (const ref of new Set(refs)) {
      const isDigest = ref.includes(':');
      const subject = `${spec.repository}${isDigest ? '@' : ':'}${ref}`;
      if (!keep(subject, o.filters)) {
        filteredOut++;
        continue;
      }
      all.push({
        source: `${spec.registry}/${subject}`,
        registry: spec.registry,
        repository: spec.repository,
        ref,
        targetRepository,
        targetPath: [targetPath({ ...target, prefix: '' }), targetRepository].filter(Boolean).join('/'),
        ...(isDigest ? {} : { tag: ref }),
      });
    }
  }
  checkNames(all, target);
  checkMovePlan(
    all.map((i) => ({ source: i.source, destination: `${i.targetPath}${i.tag ? `:${i.tag}` : `@${i.ref}`}`, where: i.source, byDigest: !i.tag })),
    'sync plan (nothing was copied)',
    'choose another --naming (full keeps every source apart), or --exclude one of them',
  );
  const shard = o.shard ?? { index: 0, count: 1 };
  const items = shard.count > 1 ? all.filter((i) => shardOf(`${i.registry}/${i.repository}`, shard.count) === shard.index) : all;
  return { items, repositories: [...new Set(items.map((i) => i.targetRepository))].sort(), filteredOut, totalItems: all.length };
}

function keep(subject: string, f: SyncFilters): boolean {
  const hit = (re: GoRegexp) => re.execAt(subject, 0) !== null;
  return (f.include.length === 0 || f.include.some(hit)) && !f.exclude.some(hit);
}

/**
 * A repository's shard from a hash of its source name: stable when the catalog grows, the same
 * in every pod, and whole repositories together so no two pods write one repository.
 */
export function shardOf(repository: string, count: number): number {
  return createHash('sha256').update(repository).digest().readUInt32BE(0) % count;
}

function checkNames(items: SyncItem[], target: RegistryTarget): void {
  const rules = NAME_RULES[target.kind];
  const entries = [...new Map(items.map((i) => [`${i.registry}/${i.repository}`, i.targetRepository])).entries()].map(([source, t]) => ({ source, target: t }));
  const problems = checkTargetNames(entries, rules);
  if (problems.length) {
    const lines = problems.slice(0, 20).map((p) => `  ${p.source} → ${p.target}: ${p.reason}`);
    throw new AirgapError(`sync plan: ${problems.length} destination name(s) refused by ${rules.label}; nothing was copied:\n${lines.join('\n')}`, {
      code: 'ERR_SYNC_NAMES',
      hint: 'choose another --naming (full keeps every source apart) or destination prefix, or --exclude those repositories',
    });
  }
}
