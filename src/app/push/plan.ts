// What `push` will do, decided before anything moves (pure): the target registry and prefix,
// each image and chart of the lock with its target repository and tag, the repositories to
// ensure, and this pod's shard. Every name is checked against the target's rules here, for
// the whole bundle (not just the shard), so every pod of a sharded push refuses alike.
import type { BundleLock } from '../../bundle/lock.js';
import { NAME_RULES, checkTargetNames, toChartRepository, toChartTag, toTargetRepository, type NameProblem, type NamingMode } from '../../ecr/naming.js';
import { parseReference } from '../../oci/reference.js';
import { AirgapError, UsageError } from '../../util/errors.js';
import { checkMovePlan } from '../../oci/move-plan.js';
import type { RegistryTarget } from '../../ecr/target.js';

export type { TargetKind } from '../../ecr/target.js';
/** Where push sends the bundle: --registry parsed by the one target parser. */
export type PushTarget = RegistryTarget;

export interface PushItem {
  kind: 'image' | 'chart';
  /** What the user recognises: the image reference, or chart NAME:VERSION. */
  source: string;
  /** Name in the bundle's index.json. */
  layoutRef: string;
  digest: string;
  mediaType: string;
  /** Bytes reachable from the root, as the lock records them (0 when unknown). */
  size: number;
  /** Repository name as the registry API knows it (ECR: without host or alias). */
  repository: string;
  /** Path at the registry host: repository, behind the alias on ECR Public. */
  path: string;
  tag?: string;
}

export interface Shard {
  index: number;
  count: number;
}

export interface PushPlan {
  target: PushTarget;
  /** This shard's items: images, then charts (shard 0 only). */
  items: PushItem[];
  /** Repositories this shard pushes into, sorted. */
  repositories: string[];
  shard: Shard;
  /** Items in the whole bundle (every shard). */
  totalItems: number;
}

export class PushPlanError extends AirgapError {
  constructor(
    readonly problems: NameProblem[],
    label: string,
  ) {
    const lines = problems.slice(0, 20).map((p) => `  ${p.source} → ${p.target}: ${p.reason}`);
    super(`push plan: ${problems.length} target name(s) refused by ${label}; nothing was pushed:\n${lines.join('\n')}`, {
      code: 'ERR_PUSH_NAMES',
      hint: 'choose another --registry prefix or --naming mode (full keeps names apart), or leave such images out of the bundle',
    });
  }
}

/** "HOST[/PREFIX]" (optionally with oci:// or https://) → target; ECR kinds come from the host unless forced. */

export interface PlanOptions {
  naming?: NamingMode;
  shard?: Shard;
}

export function planPush(lock: BundleLock, target: PushTarget, o: PlanOptions = {}): PushPlan {
  const shard = o.shard ?? { index: 0, count: 1 };
  const images = lock.images.map((img) => toImageItem(img, target, o.naming ?? 'full'));
  const charts = lock.charts.map((c) => toChartItem(c, target));
  checkNames([...images, ...charts], target);
  checkMovePlan(
    images.map((i, n) => ({
      source: i.source,
      destination: `${target.host}/${i.path}${i.tag ? `:${i.tag}` : `@${i.digest}`}`,
      where: `the lock's images[${n}]`,
      byDigest: !i.tag,
      content: i.digest,
    })),
    'push plan (nothing was pushed)',
    'choose another --naming mode (full keeps names apart), or leave one of those images out of the bundle',
  );
  const mine = [...selectShard(images, shard), ...(shard.index === 0 ? charts : [])];
  return {
    target,
    items: mine,
    repositories: [...new Set(mine.map((i) => i.repository))].sort(),
    shard,
    totalItems: images.length + charts.length,
  };
}

function toImageItem(img: BundleLock['images'][number], t: PushTarget, naming: NamingMode): PushItem {
  const ref = parseReference(img.ref);
  const repository = toTargetRepository({ registry: ref.registry, repository: ref.repository }, t.prefix, naming);
  return {
    kind: 'image',
    source: img.ref,
    layoutRef: img.layoutRef,
    digest: img.digest,
    mediaType: img.mediaType,
    size: img.size,
    repository,
    path: toPath(t, repository),
    ...(ref.tag ? { tag: ref.tag } : {}),
  };
}

function toChartItem(c: BundleLock['charts'][number], t: PushTarget): PushItem {
  const repository = toChartRepository(c.name, t.prefix);
  return {
    kind: 'chart',
    source: `${c.name}:${c.version}`,
    layoutRef: c.layoutRef,
    digest: c.manifestDigest,
    mediaType: '',
    size: 0,
    repository,
    path: toPath(t, repository),
    tag: toChartTag(c.version),
  };
}

function toPath(t: PushTarget, repository: string): string {
  return t.alias ? `${t.alias}/${repository}` : repository;
}

function checkNames(items: PushItem[], t: PushTarget): void {
  const rules = NAME_RULES[t.kind];
  // a chart and an image of one name must not share a repository either: label by kind
  const entries = items.map((i) => ({ source: i.kind === 'chart' ? `chart ${i.source.split(':')[0]}` : formatRepoOf(i.source), target: i.repository }));
  const problems = checkTargetNames(entries, rules);
  if (t.kind === 'oci') {
    for (const i of items) {
      const full = `${t.host}/${i.path}`;
      if (full.length > 255) problems.push({ source: i.source, target: i.repository, reason: `${full.length} characters with the host; registries allow 255` });
    }
  }
  if (problems.length) throw new PushPlanError(problems, rules.label);
}

function formatRepoOf(ref: string): string {
  const r = parseReference(ref);
  return `${r.registry}/${r.repository}`;
}

/**
 * Deterministic 1/N split: whole repositories (so tags of one repository never race across
 * pods) assigned largest first to the least-loaded shard, ties broken by name. Every pod
 * computes the same assignment from the same lock.
 */
export function selectShard(items: PushItem[], shard: Shard): PushItem[] {
  if (shard.count <= 1) return items;
  const groups = new Map<string, PushItem[]>();
  for (const i of items) groups.set(i.repository, [...(groups.get(i.repository) ?? []), i]);
  const sized = [...groups].map(([repo, list]) => ({ repo, list, bytes: list.reduce((n, i) => n + i.size, 0) }));
  sized.sort((a, b) => b.bytes - a.bytes || (a.repo < b.repo ? -1 : 1));
  const load = new Array<number>(shard.count).fill(0);
  const mine: PushItem[] = [];
  for (const g of sized) {
    const least = load.indexOf(Math.min(...load));
    load[least]! += g.bytes || 1;
    if (least === shard.index) mine.push(...g.list);
  }
  return mine;
}

/** "I/N" → shard; I is 0-based (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new UsageError(`--shard ${JSON.stringify(text)}: expected I/N with 0 <= I < N`, {
      hint: 'e.g. --shard 0/4 ... --shard 3/4; in an Indexed Job: --shard $(JOB_COMPLETION_INDEX)/N',
    });
  }
  return { index, count };
}
