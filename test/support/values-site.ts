// Image sites as discovery reports them with the values parts that name them: the input of the
// values writer's tests (src/overrides/values-writer*.test.ts).
import type { ImageSite, ValuesPart } from '../../src/discover/image-site.js';

/** A certain pod-spec site of `ref` whose values `parts` name, in `template`'s Deployment d. */
export function valuesSite(ref: string, parts: ValuesPart[], template = 'c/templates/d.yaml'): ImageSite {
  return {
    ref,
    raw: ref,
    certainty: 'certain',
    site: 'pod-spec',
    valuesPaths: parts.map((p) => p.path),
    valuesParts: parts,
    source: { chart: 'c', template, kind: 'Deployment', name: 'd', fieldPath: 'spec.template.spec.containers[0].image' },
  };
}
