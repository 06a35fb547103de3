// What a differential bundle changes against its base, by repository: new (not in the base),
// changed (same repository, another tag or digest), removed (in the base, gone here). Pure.
import type { BundleLock } from '../../bundle/lock.js';
import { formatName, parseReference } from '../../oci/reference.js';

export interface BaseDiff {
  base: { lockDigest: string; createdAt: string };
  new: string[];
  changed: { from: string; to: string }[];
  removed: string[];
  unchanged: number;
}

export function diffAgainstBase(lock: BundleLock): BaseDiff | undefined {
  if (!lock.base) return undefined;
  const repoOf = (ref: string) => formatName(parseReference(ref));
  const before = new Map<string, { ref: string; digest: string }[]>();
  for (const i of lock.base.images) before.set(repoOf(i.ref), [...(before.get(repoOf(i.ref)) ?? []), i]);
  const out: BaseDiff = { base: { lockDigest: lock.base.lockDigest, createdAt: lock.base.createdAt }, new: [], changed: [], removed: [], unchanged: 0 };
  const seenRepos = new Set<string>();
  for (const i of lock.images) {
    const repo = repoOf(i.ref);
    seenRepos.add(repo);
    const old = before.get(repo);
    if (!old) out.new.push(i.ref);
    else if (old.some((o) => o.digest === i.digest)) out.unchanged++;
    else out.changed.push({ from: old.map((o) => o.ref).join(', '), to: i.ref });
  }
  for (const [repo, old] of before) if (!seenRepos.has(repo)) out.removed.push(...old.map((o) => o.ref));
  return out;
}

export function formatBaseDiff(d: BaseDiff): string[] {
  return [
    `differential bundle over a base made ${d.base.createdAt} (lock ${d.base.lockDigest}): ${d.new.length} new, ${d.changed.length} changed, ${d.removed.length} removed, ${d.unchanged} unchanged`,
    ...d.new.map((r) => `  new      ${r}`),
    ...d.changed.map((c) => `  changed  ${c.from} -> ${c.to}`),
    ...d.removed.map((r) => `  removed  ${r}`),
  ];
}
