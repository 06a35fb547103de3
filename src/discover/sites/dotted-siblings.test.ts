import { describe, expect, it } from 'vitest';
import { discoverImages } from '../discover-images.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';

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

// The same pairing in a config file of `key=value` lines (INI style), keys of the consumer's
// naming: Posit Workbench's rserver.conf gives its session init container as
// `launcher-sessions-init-container-image-name` + `...-image-tag`, which its launcher joins NAME:TAG.
describe('a repository and its tag in sibling keys of a key=value config file', () => {
  const conf = (text: string) => configMap({ 'rserver.conf': text });

  it('joins STEM-image-name with STEM-image-tag: the reference the consumer pulls, certain', () => {
    const sites = discoverImages([
      conf(
        'admin-enabled=1\nlauncher-sessions-init-container-image-name=posit/workbench-session-init\nlauncher-sessions-init-container-image-tag=2026.08.1\nwww-port=8787\n',
      ),
    ]);
    expect(sites.map((s) => [s.ref, s.certainty])).toEqual([['docker.io/posit/workbench-session-init:2026.08.1', 'certain']]);
  });

  it('keeps each stem to its own pair, and leaves a name without its tag alone', () => {
    const sites = discoverImages([
      conf(
        [
          'launcher-sessions-init-container-image-name=posit/workbench-session-init',
          'launcher-sessions-init-container-image-tag=2026.08.1',
          'launcher-positron-init-container-image-name=posit/workbench-positron-init',
          'launcher-positron-init-container-image-tag=2026.08.2',
          'helper_image_name=quay.io/acme/helper',
        ].join('\n'),
      ),
    ]);
    expect(
      sites
        .filter((s) => s.certainty === 'certain')
        .map((s) => s.ref)
        .sort(),
    ).toEqual(['docker.io/posit/workbench-positron-init:2026.08.2', 'docker.io/posit/workbench-session-init:2026.08.1']);
    expect(sites.some((s) => s.ref.includes('workbench-session-init:latest'))).toBe(false);
  });
});
