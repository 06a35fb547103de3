import { describe, expect, it } from 'vitest';
import { discoverImages } from './discover-images.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';

const pod = (image: string): RenderedDoc => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}`;
  return {
    chart: 'c',
    template: 'c/templates/pod.yaml',
    text,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }] } },
  };
};

describe('discoverImages over rendered documents (parsedFromText)', () => {
  it('finds what a fresh walk finds, render after render, and a caller editing its sites changes no later answer', () => {
    const first = discoverImages([pod('quay.io/a/b:1')], { parsedFromText: true });
    expect(first.map((s) => s.ref)).toEqual(['quay.io/a/b:1']);
    first[0]!.valuesPaths.push('image.tag');
    first[0]!.ref = 'edited';
    const again = discoverImages([pod('quay.io/a/b:1')], { parsedFromText: true });
    expect(again).toEqual(discoverImages([pod('quay.io/a/b:1')]));
    expect(again[0]!.valuesPaths).toEqual([]);
  });

  it('a built document whose text is not its source is walked, not looked up by text', () => {
    discoverImages([pod('quay.io/a/b:1')], { parsedFromText: true });
    const built = { ...pod('quay.io/a/b:1'), object: pod('quay.io/other/c:2').object };
    expect(discoverImages([built]).map((s) => s.ref)).toEqual(['quay.io/other/c:2']);
  });
});
