import { describe, expect, it } from 'vitest';
import { formatChartConfig, toChartArtifact } from './chart-artifact.js';
import { repositoryUrl } from './fetch-dependencies.js';

describe('Helm OCI chart artifact (protocols.md §7.5)', () => {
  it('config is Chart.yaml metadata as JSON in Go field order, empty fields omitted', () => {
    const json = Buffer.from(
      formatChartConfig({ apiVersion: 'v2', version: '1.0.0', name: 'demo', appVersion: '2', keywords: [], description: 'd' }),
    ).toString();
    expect(json).toBe('{"name":"demo","version":"1.0.0","description":"d","apiVersion":"v2","appVersion":"2"}');
  });
  it('manifest: helm config type, one chart layer, OCI title/version annotations', () => {
    const layer = { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: 'sha256:' + 'a'.repeat(64), size: 10 };
    const art = toChartArtifact({ apiVersion: 'v2', name: 'demo', version: '1.0.0', home: 'https://x', maintainers: [{ name: 'A', email: 'a@x' }] }, layer);
    const m = JSON.parse(Buffer.from(art.manifest.bytes).toString());
    expect(m.config.mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
    expect(m.layers).toEqual([layer]);
    expect(m.annotations).toMatchObject({
      'org.opencontainers.image.title': 'demo',
      'org.opencontainers.image.version': '1.0.0',
      'org.opencontainers.image.url': 'https://x',
      'org.opencontainers.image.authors': 'A (a@x)',
    });
    expect(art.manifest.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  });
});

describe('dependency repositories (helm dependency build)', () => {
  it.each([
    ['@stable', 'https://charts.example/stable'],
    ['alias:stable', 'https://charts.example/stable'],
    ['https://other.example/charts', 'https://other.example/charts'],
  ])('%s → %s', (repo, want) => {
    expect(repositoryUrl(repo, { stable: 'https://charts.example/stable' })).toBe(want);
  });
  it('an unknown name is refused with the names that are known', () => {
    expect(() => repositoryUrl('@nope', { stable: 'https://x' })).toThrow(/no repository definition for @nope/);
  });
});
