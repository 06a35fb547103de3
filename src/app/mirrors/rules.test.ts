import { describe, expect, it } from 'vitest';
import { formatReference, parseReference } from '../../oci/reference.js';
import { candidateFor, candidateRules, parseRules } from './rules.js';

const rules = candidateRules('public.ecr.aws');
const cand = (ref: string) => {
  const c = candidateFor(parseReference(ref), rules);
  return c ? formatReference(c) : undefined;
};

describe('mirror candidates', () => {
  it.each([
    ['nginx:1.27', 'public.ecr.aws/docker/library/nginx:1.27'],
    ['docker.io/library/redis:7.4', 'public.ecr.aws/docker/library/redis:7.4'],
    ['bitnami/redis:7.4.2', 'public.ecr.aws/bitnami/redis:7.4.2'],
    ['ghcr.io/fluxcd/source-controller:v1.5.0', 'public.ecr.aws/fluxcd/source-controller:v1.5.0'],
    ['nginx@sha256:' + 'a'.repeat(64), 'public.ecr.aws/docker/library/nginx@sha256:' + 'a'.repeat(64)],
    ['quay.io/jetstack/cert-manager-controller:v1.17.2', undefined],
    ['registry.k8s.io/pause:3.10', undefined],
  ])('%s → %s', (ref, want) => expect(cand(ref)).toBe(want));

  it('reads a rules file: first match wins, exact repositories too', () => {
    const r = parseRules(
      ['- from: quay.io/jetstack/cert-manager-controller', '  to: mirror.example/cm/controller', '- from: quay.io/*', '  to: mirror.example/quay/*'].join('\n'),
      'rules.yaml',
    );
    expect(formatReference(candidateFor(parseReference('quay.io/jetstack/cert-manager-controller:v1'), r)!)).toBe('mirror.example/cm/controller:v1');
    expect(formatReference(candidateFor(parseReference('quay.io/jetstack/cert-manager-webhook:v1'), r)!)).toBe(
      'mirror.example/quay/jetstack/cert-manager-webhook:v1',
    );
  });

  it.each([
    ['docker.io/bitnami/', 'public.ecr.aws/bitnami/'],
    ['docker.io/bitnami', 'public.ecr.aws/bitnami'],
    ['docker.io/bitnami/*', 'public.ecr.aws/bitnami/*'],
    ['index.docker.io/bitnami/', 'public.ecr.aws/bitnami'],
  ])('a prefix rule %s -> %s takes every repository below it, and only whole path parts', (from, to) => {
    const r = parseRules(`- from: ${from}\n  to: ${to}\n`, 'rules.yaml');
    const c = (ref: string) => {
      const x = candidateFor(parseReference(ref), r);
      return x ? formatReference(x) : undefined;
    };
    expect(c('bitnami/redis:7.4')).toBe('public.ecr.aws/bitnami/redis:7.4');
    expect(c('docker.io/bitnami/charts/kafka@sha256:' + 'b'.repeat(64))).toBe('public.ecr.aws/bitnami/charts/kafka@sha256:' + 'b'.repeat(64));
    expect(c('docker.io/bitnamilegacy/redis:7.4')).toBeUndefined();
    expect(c('quay.io/bitnami/redis:7.4')).toBeUndefined();
  });

  it('a rule naming a bare registry takes all of it', () => {
    const r = parseRules('- from: 127.0.0.1:5000/\n  to: 127.0.0.1:5001/mirror/\n', 'rules.yaml');
    expect(formatReference(candidateFor(parseReference('127.0.0.1:5000/acme/app:1'), r)!)).toBe('127.0.0.1:5001/mirror/acme/app:1');
  });

  it.each([
    ['rules: []', 'expected a list of rules'],
    ['- from: docker.io/*\n  to: x.example/a', 'both end in /*'],
    ['- from: docker.io/*/x\n  to: x.example/*', 'only as its last path part'],
    ['- to: x.example/*', 'needs from and to'],
  ])('refuses %j', (text, msg) => expect(() => parseRules(text, 'r.yaml')).toThrow(msg));
});
