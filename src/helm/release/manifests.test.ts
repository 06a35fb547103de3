import { describe, expect, it } from 'vitest';
import { formatManifests, sharedDocumentObject, sortManifests, splitManifests } from './manifests.js';

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

describe('manifests (helm releaseutil, as real Helm 3.17 and 4.1 split)', () => {
  it.each<[string, string, string[]]>([
    ['split at --- after a newline; each document trimmed at both ends', 'a: 1\n\n---\nb: 2 \n\n', ['a: 1', 'b: 2']],
    ['a leading separator and blank parts are dropped', '\n---\n\na: 1\n---\n\n', ['a: 1']],
    ['two separators in a row: the second stays (the first ate the newline before it, as in Helm)', '---\n---  \na: 1\n', ['---  \na: 1']],
    ['--- inside a line does not split', 'a: x---y\n', ['a: x---y']],
    ['an indented --- does not split', 'a: |\n  x\n  ---\n  y\n', ['a: |\n  x\n  ---\n  y']],
    ['whitespace-only parts are dropped', '   \n\n', []],
    ['four dashes: the fourth starts the next document', 'a: 1 \t\r\n---- b\n', ['a: 1', '- b']],
    ['--- at the very start and glued to text both split', '---a: 1\n---\tb: 2', ['a: 1', 'b: 2']],
    ['any JavaScript whitespace around a separator is eaten', 'a: 1\n\u00a0\n---\u2028b: 2\n---', ['a: 1', 'b: 2']],
  ])('%s', (_name, text, want) => {
    expect(splitManifests(text)).toEqual(want);
  });

  it.each<[string, string, string[]]>([
    ['a document before a separator: the separator takes its trailing whitespace', 'a: 1   \n\n\n---\nb: 2\n  \n\n', ['a: 1', 'b: 2\n  \n\n']],
    ['left-trimmed only, the whole text and each document', '\n\n  a: 1\n\n', ['a: 1\n\n']],
    ['a whitespace-only part is still dropped', 'a: 1\n---\n \t\n', ['a: 1']],
    ["only the separator's whitespace (Go's \\s) goes before it", 'a: 1\u00a0\n---\nb: 2', ['a: 1\u00a0', 'b: 2']],
  ])('Helm 4.2 (keepTrailing): %s', (_name, text, want) => {
    expect(splitManifests(text, true)).toEqual(want);
  });

  it('a document indented by a long run of spaces splits as a short one does', () => {
    const deep = 'a:\n' + ' '.repeat(200000) + 'x';
    expect(splitManifests(`${deep}\n---\nb: 1`)).toEqual([deep, 'b: 1']);
  });

  it('sorts by install kind order, files by name first, hooks apart, unknown kinds last by name', () => {
    const files = new Map([
      ['c/templates/b.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\nkind: Zeta\n---\nkind: Alpha\n'],
      ['c/templates/a.yaml', cm('x') + '---\n' + 'kind: Service\n'],
      ['c/templates/h.yaml', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: post-install\n'],
      ['c/templates/_p.tpl', 'kind: Secret\n'],
    ]);
    const { generic, hooks } = sortManifests(files);
    expect(generic.map((d) => d.kind)).toEqual(['ConfigMap', 'Service', 'Deployment', 'Alpha', 'Zeta']);
    expect(hooks.map((d) => [d.kind, d.hook])).toEqual([['Job', true]]);
    expect(formatManifests([...generic, ...hooks]).startsWith('---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap')).toBe(true);
  });

  it("a document's object is a copy of the parse: changing it leaves what readers of the shared parse see", () => {
    const text = cm('shared-parse', 'data:\n  a: "1"\n');
    const [doc] = sortManifests(new Map([['c/templates/cm.yaml', text]])).generic;
    const object = doc!.object as { data: Record<string, string> };
    object.data.a = 'changed';
    expect((sharedDocumentObject(doc!) as { data: Record<string, string> }).data.a).toBe('1');
    const [again] = sortManifests(new Map([['c/templates/cm.yaml', text]])).generic;
    expect((again!.object as { data: Record<string, string> }).data.a).toBe('1');
    expect(sharedDocumentObject({ ...again!, text: 'never rendered', object: { own: true } })).toEqual({ own: true });
  });
});
