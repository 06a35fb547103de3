import { describe, expect, it } from 'vitest';
import { challengeScopes, parseChallenges, pickChallenge } from './challenge.js';

describe('parseChallenges', () => {
  it.each([
    [
      'bearer with realm, service, scope (distribution auth/token.md)',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } }],
    ],
    ['basic with realm (RFC 7617)', 'Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'ECR basic with service (protocols §2.2)',
      'Basic realm="https://1.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"',
      [{ scheme: 'basic', params: { realm: 'https://1.dkr.ecr.us-east-1.amazonaws.com/', service: 'ecr.amazonaws.com' } }],
    ],
    ['scheme is case-insensitive (RFC 9110 §11.1)', 'BEARER Realm="r"', [{ scheme: 'bearer', params: { realm: 'r' } }]],
    ['quoted-pair unescapes (RFC 9110 §5.6.4)', 'Bearer realm="a\\"b",error="x,y"', [{ scheme: 'bearer', params: { realm: 'a"b', error: 'x,y' } }]],
    ['token values need no quotes', 'Bearer realm=https://r/t, service=svc', [{ scheme: 'bearer', params: { realm: 'https://r/t', service: 'svc' } }]],
    [
      'several challenges joined by fetch with ", " (RFC 9110 §11.6.1)',
      'Bearer realm="https://r/token",service="s", Basic realm="b"',
      [
        { scheme: 'bearer', params: { realm: 'https://r/token', service: 's' } },
        { scheme: 'basic', params: { realm: 'b' } },
      ],
    ],
    [
      'scope with host:port and a comma list inside quotes',
      'Bearer realm="r",scope="repository:127.0.0.1:5000/a:pull,push"',
      [{ scheme: 'bearer', params: { realm: 'r', scope: 'repository:127.0.0.1:5000/a:pull,push' } }],
    ],
    ['empty header gives nothing', '', []],
  ])('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it('token68 form is kept apart from params (RFC 9110 §11.2)', () => {
    expect(parseChallenges('Negotiate abc123==')).toEqual([{ scheme: 'negotiate', params: {}, token68: 'abc123==' }]);
  });
});

describe('pickChallenge', () => {
  it.each([
    ['bearer preferred when both are offered', 'Basic realm="b", Bearer realm="t"', 'bearer'],
    ['basic alone', 'Basic realm="b"', 'basic'],
    ['unknown schemes are not answered', 'Negotiate x', undefined],
  ])('%s', (_n, header, scheme) => {
    expect(pickChallenge(parseChallenges(header))?.scheme).toBe(scheme);
  });

  it('scope lists are space separated (distribution auth/scope.md)', () => {
    const [ch] = parseChallenges('Bearer realm="r",scope="repository:a:pull repository:b:pull,push"');
    expect(challengeScopes(ch!)).toEqual(['repository:a:pull', 'repository:b:pull,push']);
  });
});
