// One destination per source and one source per destination: the check every command that moves
// images (copy, sync, push) runs over its whole plan before its first write, and that verify and
// every image map reader run before they believe a plan (pure). Two sources for one tag is a
// silent overwrite (the second copy replaces the first, and the map then lists both); one source
// sent to two places leaves a map whose lookups depend on line order. Exact repeats of a move are
// not a conflict: they are dropped, so a list that names an image 100,000 times copies it once.
// Two sources that put one known digest at one tag (nginx:1.27 and nginx:1.27@sha256:… in a
// lock or a map) agree, and are no conflict either.
import { AirgapError, ExitCode } from '../util/errors.js';

export interface PlannedMove {
  /** The source as the command normalises it (docker.io/library/nginx:1.27). */
  source: string;
  /** What gets written: a registry tag, a layout's ref name; normalised like the source. */
  destination: string;
  /** Where the move was asked for, for errors ("list.txt:4", "map.yaml: images[3]"). */
  where: string;
  /** The destination is a digest, not a tag: content-addressed, so two sources cannot overwrite each other there. */
  byDigest?: boolean;
  /** The digest the move puts there, when the plan knows it (a lock, a map, a pinned source). */
  content?: string;
}

export interface MoveConflict {
  kind: 'two-sources' | 'two-destinations';
  first: PlannedMove;
  second: PlannedMove;
}

export class MovePlanError extends AirgapError {
  constructor(
    readonly conflicts: readonly MoveConflict[],
    what: string,
    hint: string,
  ) {
    const shown = conflicts.slice(0, 20).map(describeConflict);
    const more = conflicts.length > 20 ? [`  … and ${conflicts.length - 20} more`] : [];
    super(`${what}: ${conflicts.length} conflicting move(s):\n${[...shown, ...more].join('\n')}`, {
      code: 'ERR_PLAN_CONFLICT',
      exitCode: ExitCode.Usage,
      hint,
    });
  }
}

function describeConflict(c: MoveConflict): string {
  return c.kind === 'two-sources'
    ? `  ${c.first.where} (${c.first.source}) and ${c.second.where} (${c.second.source}) both go to ${c.first.destination}`
    : `  ${c.first.where} and ${c.second.where} send ${c.first.source} to two destinations: ${shown(c.first)} and ${shown(c.second)}`;
}

function shown(m: PlannedMove): string {
  return m.content ? `${m.destination} (${m.content})` : m.destination;
}

/**
 * The moves with exact repeats left out (the first kept, order kept), or a MovePlanError naming
 * every pair of entries that conflict. `what` opens the message ("copy plan: nothing was copied").
 */
export function checkMovePlan<T extends PlannedMove>(moves: readonly T[], what: string, hint: string): T[] {
  const bySource = new Map<string, T>();
  const byDestination = new Map<string, T>();
  const conflicts: MoveConflict[] = [];
  const kept: T[] = [];
  // a loop, not a spread or recursion: plans run to hundreds of thousands of moves
  for (const m of moves) {
    const seen = bySource.get(m.source);
    if (seen !== undefined) {
      if (seen.destination !== m.destination || seen.content !== m.content) conflicts.push({ kind: 'two-destinations', first: seen, second: m });
      continue;
    }
    bySource.set(m.source, m);
    kept.push(m);
    if (m.byDigest) continue;
    const owner = byDestination.get(m.destination);
    if (owner === undefined) byDestination.set(m.destination, m);
    else if (owner.content === undefined || owner.content !== m.content) conflicts.push({ kind: 'two-sources', first: owner, second: m });
  }
  if (conflicts.length) throw new MovePlanError(conflicts, what, hint);
  return kept;
}
