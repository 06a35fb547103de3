import { describe, expect, it } from 'vitest';
import { discoverImages } from './discover-images.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';

// A controller's settings as flat dotted keys of a ConfigMap (Java-properties style): the
// repository and its tag are siblings by their prefix, not by nesting (trivy-operator's
// `trivy.repository` + `trivy.tag`, which it joins REPOSITORY:TAG for every scan job).
const configMap = (data: Record<string, string>): RenderedDoc => ({
  chart: 'c',
  template: 'c/templates/config.yaml',
  text: '',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'scanner-config' }, data },
});

describe('sibling fields spelled as flat dotted keys of a ConfigMap', () => {
  it('joins P.repository with P.tag: one certain reference, named by both keys', () => {
    const sites = discoverImages([
      configMap({ 'scanner.repository': 'mirror.example.io/acme/scanner', 'scanner.tag': '0.72.0', 'scanner.mode': 'Standalone' }),
    ]);
    expect(sites.map((s) => [s.ref, s.certainty])).toEqual([['mirror.example.io/acme/scanner:0.72.0', 'certain']]);
  });

  it('keeps each prefix to its own pair (two components, two references)', () => {
    const sites = discoverImages([
      configMap({ 'a.image': 'quay.io/acme/a', 'a.imageTag': '1', 'b.image': 'quay.io/acme/b', 'b.imageTag': '2', 'a.tag.note': 'x' }),
    ]);
    expect(sites.map((s) => s.ref).sort()).toEqual(['quay.io/acme/a:1', 'quay.io/acme/b:2']);
  });

  it('joins nothing from a repository without its tag, or a chart repository and version', () => {
    const sites = discoverImages([configMap({ 'db.repository': 'mirror.example.io/acme/db', 'helm.repository': 'bitnami', 'helm.version': '12.1.0' })]);
    expect(sites.filter((s) => s.certainty === 'certain').map((s) => s.ref)).toEqual([]);
  });
});
