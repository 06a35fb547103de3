import { describe, expect, it } from 'vitest';
import {
  NAME_RULES,
  NAMING_MODES,
  checkTargetNames,
  isValidTag,
  namingHelp,
  parseNaming,
  toChartRepository,
  toChartTag,
  toTargetRepository,
  type NamingMode,
} from './naming.js';

describe('toTargetRepository', () => {
  const cm = { registry: 'quay.io', repository: 'jetstack/cert-manager-controller' };
  it.each<[NamingMode, string, { registry: string; repository: string }, string]>([
    ['full', 'mirrored', cm, 'mirrored/quay.io/jetstack/cert-manager-controller'],
    ['full', '', cm, 'quay.io/jetstack/cert-manager-controller'],
    ['full', '/a/b/', cm, 'a/b/quay.io/jetstack/cert-manager-controller'],
    ['full', 'm', { registry: 'docker.io', repository: 'library/nginx' }, 'm/docker.io/library/nginx'],
    ['full', 'm', { registry: 'localhost:5000', repository: 'x' }, 'm/localhost-5000/x'],
    ['full', 'm', { registry: 'Registry.Example.COM', repository: 'x' }, 'm/registry.example.com/x'],
    ['drop-host', 'mirrored', cm, 'mirrored/jetstack/cert-manager-controller'],
    ['flat', 'team', cm, 'team/jetstack-cert-manager-controller'],
    ['flat', '', { registry: 'docker.io', repository: 'library/nginx' }, 'library-nginx'],
  ])('naming %s with prefix %j (default PREFIX/<host>/<path>; drop-host; flat joins with -)', (mode, prefix, src, want) => {
    expect(toTargetRepository(src, prefix, mode)).toBe(want);
  });
});

describe('naming below a walked path (sync docker://HOST/PATH)', () => {
  it.each<[string, string, string, string, NamingMode, string]>([
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
    expect(toTargetRepository({ registry, repository }, prefix, mode, below)).toBe(want);
  });
});

describe('one table of naming modes', () => {
  it.each([
    ['full', 'full'],
    ['default', 'full'],
    ['scoped', 'full'],
    ['path', 'path'],
    ['drop-host', 'drop-host'],
    ['flat', 'flat'],
    ['base', 'base'],
  ])('--naming %s is %s', (given, mode) => {
    expect(parseNaming(given)).toBe(mode);
  });
  it('undefined takes the fallback the source kind gives', () => {
    expect(parseNaming(undefined, 'path')).toBe('path');
    expect(parseNaming(undefined)).toBe('full');
  });
  it('refuses an unknown mode naming every mode', () => {
    expect(() => parseNaming('scope')).toThrow(/--naming scope is not a naming mode/);
  });
  it('the help table lists every mode', () => {
    for (const m of NAMING_MODES) expect(namingHelp()).toMatch(new RegExp(`^  ${m} +PREFIX/`, 'm'));
  });
});

describe('charts', () => {
  it.each([
    ['cert-manager', 'mirrored', 'mirrored/charts/cert-manager'],
    ['nginx', '', 'charts/nginx'],
  ])('chart %s lands at PREFIX/charts/NAME (issue 6)', (name, prefix, want) => {
    expect(toChartRepository(name, prefix)).toBe(want);
  });
  it.each([
    ['1.2.3', '1.2.3'],
    ['1.2.3+build.5', '1.2.3_build.5'],
  ])('chart version %s tags as %s (helm: + is not allowed in OCI tags)', (v, t) => {
    expect(toChartTag(v)).toBe(t);
    expect(isValidTag(t)).toBe(true);
  });
  it.each([['v1+x'], ['.hidden'], ['a'.repeat(129)]])('tag %s is invalid (DS tag grammar)', (t) => {
    expect(isValidTag(t)).toBe(false);
  });
});

describe('checkTargetNames', () => {
  it.each([
    ['mirrored/quay.io/jetstack/cert-manager-controller', 'ecr'],
    ['ab', 'ecr'],
    ['a'.repeat(256), 'ecr'],
    ['a__b', 'oci'],
    ['a---b/c', 'oci'],
  ] as const)('%s is accepted by %s', (name, kind) => {
    expect(checkTargetNames([{ source: 's', target: name }], NAME_RULES[kind])).toEqual([]);
  });

  it.each([
    ['a', 'ecr', /length 1/],
    ['a'.repeat(257), 'ecr', /length 257 is outside 2..256/],
    ['a'.repeat(206), 'ecr-public', /outside 2..205/],
    ['Upper/case', 'ecr', /does not match ECR/],
    ['a__b', 'ecr', /does not match ECR/],
    ['a--b', 'ecr', /does not match ECR/],
    ['-a', 'ecr', /does not match/],
    ['a/', 'ecr', /does not match/],
    ['a//b', 'oci', /does not match/],
    ['a:b', 'oci', /does not match/],
  ] as const)('%s is refused by %s (ECR name rules: pattern and length)', (name, kind, why) => {
    const p = checkTargetNames([{ source: 's', target: name }], NAME_RULES[kind]);
    expect(p).toHaveLength(1);
    expect(p[0]!.reason).toMatch(why);
  });

  it('two sources on one target collide (checked before anything is pushed)', () => {
    const p = checkTargetNames(
      [
        { source: 'docker.io/bitnami/nginx', target: 'm/nginx' },
        { source: 'docker.io/bitnami/nginx', target: 'm/nginx' },
        { source: 'quay.io/bitnami/nginx', target: 'm/nginx' },
      ],
      NAME_RULES.ecr,
    );
    expect(p).toEqual([{ source: 'quay.io/bitnami/nginx', target: 'm/nginx', reason: 'collides with docker.io/bitnami/nginx (both map to m/nginx)' }]);
  });
});
