import { describe, expect, it } from 'vitest';
import { parseDocument, type Scalar } from 'yaml';
import { addScalarEdit, type DocPlan } from './postrender-plan.js';

const plan = (text: string): { p: DocPlan; node: Scalar } => {
  const doc = parseDocument(text);
  return { p: { name: 'd', doc, scalars: new Map(), inserts: [] }, node: doc.getIn(['spec', 'url'], true) as Scalar };
};

describe('addScalarEdit', () => {
  it('plans an edit that meets a whole occurrence', () => {
    const { p, node } = plan('spec:\n  url: --image=nginx:1\n');
    expect(addScalarEdit(p, node, ['spec', 'url'], { from: 'nginx:1', to: 'r/m/nginx:1' })).toBe(true);
    expect(p.scalars.size).toBe(1);
  });

  it('refuses one that would change nothing (the image is part of a longer token), so the image is not counted moved', () => {
    const { p, node } = plan('spec:\n  url: x/nginx:1\n');
    expect(addScalarEdit(p, node, ['spec', 'url'], { from: 'nginx:1', to: 'r/m/nginx:1' })).toBe(false);
    expect(p.scalars.size).toBe(0);
  });
});
