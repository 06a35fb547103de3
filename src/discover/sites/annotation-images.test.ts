import { describe, expect, it } from 'vitest';
import { annotationSites } from './annotation-images.js';

describe('annotationSites', () => {
  it.each([
    [
      'artifacthub.io/images (list of name/image)',
      { 'artifacthub.io/images': '- name: op\n  image: quay.io/a/op:v1\n- name: x\n  image: busybox:1\n' },
      ['quay.io/a/op:v1', 'docker.io/library/busybox:1'],
    ],
    [
      "Bitnami's images annotation",
      { images: '- name: redis\n  image: docker.io/bitnami/redis:7.2.5-debian-12-r1\n' },
      ['docker.io/bitnami/redis:7.2.5-debian-12-r1'],
    ],
    ['not YAML, or not a list: nothing', { 'artifacthub.io/images': 'foo: [', images: 'just text' }, []],
  ])('%s', (_name, annotations, refs) => {
    const sites = annotationSites({ chart: 'c', annotations });
    expect(sites.map((s) => s.ref)).toEqual(refs);
    for (const s of sites) expect(s).toMatchObject({ site: 'annotation', certainty: 'certain', source: { template: 'c/Chart.yaml', kind: 'Chart' } });
  });
});
