import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { selects } from './patches.js';

const doc = parseDocument('apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: demo, namespace: apps }\n', { schema: 'failsafe' });

describe('patch targets', () => {
  it('match a name or a pattern whole, as kustomize does', () => {
    expect(selects({ kind: 'HelmRelease', name: 'demo' }, doc)).toBe(true);
    expect(selects({ name: 'dem' }, doc)).toBe(false);
    expect(selects({ name: 'de.*|other', group: 'helm.toolkit.fluxcd.io' }, doc)).toBe(true);
    expect(selects({ namespace: '' }, doc)).toBe(false);
  });

  it('refuse a pattern that would backtrack without bound, or does not compile, by name', () => {
    expect(() => selects({ name: '(a+)+b' }, doc)).toThrow(/patch target "\(a\+\)\+b": a pattern that can take exponential time/);
    expect(() => selects({ name: '(' }, doc)).toThrow(/not a regular expression/);
    expect(() => selects({ name: 'a'.repeat(1100) }, doc)).toThrow(/longer than 1024/);
  });
});
