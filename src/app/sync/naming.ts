// Where `sync` puts each source repository below the destination prefix (pure):
//   path       the path below the source's P (docker://a/team + team/app → PREFIX/app); the
//              default, so a registry-to-registry migration keeps its tree
//   full       source host and path, as push names them (PREFIX/a/team/app)
//   drop-host  the whole source path (PREFIX/team/app)
//   flat       the source path with "/" as "-" (PREFIX/team-app)
//   base       the last path part only (PREFIX/app): `skopeo sync` without --scoped
import { toTargetRepository, type NamingMode, type SourceRepository } from '../../ecr/naming.js';

export type SyncNaming = 'path' | 'base' | NamingMode;
export const SYNC_NAMINGS: readonly SyncNaming[] = ['path', 'full', 'drop-host', 'flat', 'base'];

export function syncTargetRepository(source: SourceRepository, below: string, prefix: string, mode: SyncNaming): string {
  if (mode === 'path') return toTargetRepository({ ...source, repository: belowPath(source.repository, below) }, prefix, 'drop-host');
  if (mode === 'base') return toTargetRepository({ ...source, repository: source.repository.split('/').pop()! }, prefix, 'drop-host');
  return toTargetRepository(source, prefix, mode);
}

/** team/app below "team" is "app"; the source repository itself keeps its last part. */
function belowPath(repository: string, below: string): string {
  if (!below) return repository;
  if (repository.startsWith(`${below}/`)) return repository.slice(below.length + 1);
  return repository.split('/').pop()!;
}
