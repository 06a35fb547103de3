// The repositories a transfer created (or a dry run would create), as push, copy and sync print them.
import type { RepositoriesReport } from '../../ecr/repositories.js';

export function formatRepositories(r: RepositoriesReport, dryRun: boolean): string[] {
  const names = dryRun ? r.toCreate : r.created;
  return [`repositories ${dryRun ? 'to create' : 'created'}: ${names.length}${names.length ? '' : ' (all exist)'}`, ...names.map((n) => `  + ${n}`)];
}
