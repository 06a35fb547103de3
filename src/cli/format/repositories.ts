// The repositories a transfer created (or a dry run would create), as push, copy and sync print them,
// each with what made it: a creation template (on push) or CreateRepository with the flags.
import type { RepositoriesReport, RepositoryOrigin } from '../../ecr/repositories.js';

export function formatRepositories(r: RepositoriesReport, dryRun: boolean): string[] {
  const names = dryRun ? r.toCreate : r.created;
  const origin = new Map((r.made ?? []).map((m) => [m.repository, m]));
  return [
    `repositories ${dryRun ? 'to create' : 'created'}: ${names.length}${names.length ? '' : ' (all exist)'}`,
    ...names.map((n) => `  + ${n}${madeBy(origin.get(n), dryRun)}`),
    ...(r.notes ?? []).map((n) => `note: ${n}`),
  ];
}

function madeBy(m: RepositoryOrigin | undefined, dryRun: boolean): string {
  if (!m) return '';
  if (m.by === 'template') return `  (template '${m.template}': ${dryRun ? 'to be created' : 'created'} by the push)`;
  return '  (CreateRepository with the flags given)';
}
