import { describe, expect, it } from 'vitest';
import { syncTargetRepository, type SyncNaming } from './naming.js';

describe('sync destination naming', () => {
  it.each<[string, string, string, string, SyncNaming, string]>([
    ['a.example', 'team/app', 'team', 'm', 'path', 'm/app'],
    ['a.example', 'team/sub/app', 'team', 'm', 'path', 'm/sub/app'],
    ['a.example', 'team/app', 'team/app', 'm', 'path', 'm/app'],
    ['a.example', 'team/app', '', 'm', 'path', 'm/team/app'],
    ['a.example', 'team/app', '', '', 'path', 'team/app'],
    ['a.example', 'team/app', 'team', 'm', 'full', 'm/a.example/team/app'],
    ['localhost:5000', 'team/app', 'team', 'm', 'full', 'm/localhost-5000/team/app'],
    ['a.example', 'team/app', 'team', 'm', 'drop-host', 'm/team/app'],
    ['a.example', 'team/app', 'team', 'm', 'flat', 'm/team-app'],
    ['docker.io', 'library/nginx', '', 'm', 'base', 'm/nginx'],
    ['a.example', 'teamx/app', 'team', 'm', 'path', 'm/app'],
  ])('%s/%s below %j into %j (%s) → %s', (registry, repository, below, prefix, mode, want) => {
    expect(syncTargetRepository({ registry, repository }, below, prefix, mode)).toBe(want);
  });
});
