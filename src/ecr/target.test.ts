import { describe, expect, it } from 'vitest';
import { parseTarget, targetPath } from './target.js';

describe('parseTarget (--registry HOST[:PORT][/PREFIX], the one parser of push, values, postrender, verify, sync)', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/mirrored', { kind: 'ecr', host: '123456789012.dkr.ecr.us-east-1.amazonaws.com', prefix: 'mirrored' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', { kind: 'ecr', host: '123456789012.dkr.ecr.us-east-1.amazonaws.com', prefix: '' }],
    ['oci://harbor.example/team/sub/', { kind: 'oci', host: 'harbor.example', prefix: 'team/sub' }],
    ['https://harbor.example/p', { kind: 'oci', host: 'harbor.example', prefix: 'p' }],
    ['http://127.0.0.1:5000/a/b', { kind: 'oci', host: '127.0.0.1:5000', prefix: 'a/b' }],
    ['r.example:5000/a/b/', { kind: 'oci', host: 'r.example:5000', prefix: 'a/b' }],
    ['localhost/m', { kind: 'oci', host: 'localhost', prefix: 'm' }],
    ['public.ecr.aws/a1b2c3d4/mirror', { kind: 'ecr-public', host: 'public.ecr.aws', prefix: 'mirror', alias: 'a1b2c3d4' }],
  ])('%s (kind from the host)', (arg, want) => {
    expect(parseTarget(arg)).toEqual(want);
  });

  it('a forced kind applies to any host (stand-ins, VPC endpoints with custom DNS)', () => {
    expect(parseTarget('127.0.0.1:5000/p', 'ecr')).toEqual({ kind: 'ecr', host: '127.0.0.1:5000', prefix: 'p' });
  });

  it.each([
    ['public.ecr.aws', /needs the registry alias/],
    ['', /no registry host/],
    ['mirror/prefix', /not a registry host/],
    ['host:99999/x', /not a TCP port/],
    ['r.example/Upper/x', /not a usable target/],
  ])('%j is a usage error', (arg, re) => {
    expect(() => parseTarget(arg)).toThrow(re);
  });

  it('the registry itself (a login): ECR Public needs no alias, its token is account-wide', () => {
    expect(parseTarget('public.ecr.aws', undefined, { registryOnly: true })).toEqual({ kind: 'ecr-public', host: 'public.ecr.aws', prefix: '' });
    expect(parseTarget('public.ecr.aws/al', undefined, { registryOnly: true })).toMatchObject({ host: 'public.ecr.aws', alias: 'al' });
  });

  it('targetPath joins the ECR Public alias and the prefix', () => {
    expect(targetPath(parseTarget('public.ecr.aws/al/m/n'))).toBe('al/m/n');
    expect(targetPath(parseTarget('r.example'))).toBe('');
  });
});
