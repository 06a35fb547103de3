// The override file's values are written by overrideYaml: directly for the common shape (nested
// maps of plain strings and booleans), by the yaml library for the rest. Both must give the bytes
// the library gives.
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { directOverrideYaml, formatOverrideFile, overrideYaml } from './values-file.js';

const STRINGS = [
  'c',
  '1.25',
  '1.2.3',
  'sha256:abc',
  'x@sha256:1',
  'foo:',
  'yes',
  'null',
  'Null',
  '',
  '0x1F',
  '1e3',
  'a b',
  '-x',
  'x-',
  '~',
  '.5',
  '5.',
  '0o17',
  '+1',
  'True',
  'true',
  'false',
  'TRUE',
  'NULL',
  'FALSE',
  '1_000',
  '0b101',
  '12:30',
  '1:2:3',
  '.inf',
  '123',
  '007',
  'a#b',
  'a #b',
  "it's",
  'a"b',
  '@x',
  '%x',
  '*x',
  '&x',
  '!x',
  '|x',
  '>x',
  '[x]',
  '{x}',
  'a,b',
  '?x',
  'a: b',
  ' a',
  'a ',
  'x\ny',
  '__proto__',
  'registry.example.com:5000/team/app',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  'mirror/docker.io/library/nginx',
  'v1.2.3-rc.1+build.5',
  'a/b/c@sha256:' + 'f'.repeat(64),
];

/** A small random values tree of the shapes overrides have, and some they do not. */
function tree(rand: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const key =
      rand() < 0.85
        ? ['image', 'registry', 'repository', 'tag', 'global', 'digest', 'enabled'][Math.floor(rand() * 7)]! + i
        : STRINGS[Math.floor(rand() * STRINGS.length)]!;
    const r = rand();
    if (r < 0.25 && depth < 4) out[key] = tree(rand, depth + 1);
    else if (r < 0.35) out[key] = rand() < 0.5;
    else if (r < 0.38) out[key] = Math.floor(rand() * 100);
    else if (r < 0.4) out[key] = [STRINGS[Math.floor(rand() * STRINGS.length)]];
    else if (r < 0.5 && depth < 4)
      out[key] = Array.from({ length: Math.floor(rand() * 3) }, () => (rand() < 0.7 ? tree(rand, depth + 1) : rand() < 0.5 ? ['x'] : 'plain'));
    else if (r < 0.42) out[key] = {};
    else if (r < 0.43) out[key] = null;
    else out[key] = rand() < 0.7 ? STRINGS[STRINGS.length - 1 - Math.floor(rand() * 4)]! : STRINGS[Math.floor(rand() * STRINGS.length)]!;
  }
  return out;
}

describe('overrideYaml', () => {
  it('writes every string the way the yaml library does, and reads back the same', () => {
    for (const s of STRINGS) {
      const v = { image: { tag: s }, [s || 'empty']: true };
      expect(overrideYaml(v), JSON.stringify(s)).toBe(stringify(v, { lineWidth: 0 }));
      expect(parse(overrideYaml(v))).toEqual(v);
    }
    // maps without a prototype (the values parser's), and the empty override
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { registry: 'r.example.com', list: [{ a: 'b' }] });
    expect(overrideYaml({ image: bare })).toBe(stringify({ image: bare }, { lineWidth: 0 }));
    expect(overrideYaml({})).toBe('{}\n');
  });

  it('gives the library’s bytes for random trees of override shapes', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let direct = 0;
    for (let i = 0; i < 2000; i++) {
      const v = tree(rand, 0);
      const want = stringify(v, { lineWidth: 0 });
      expect(overrideYaml(v), JSON.stringify(v)).toBe(want);
      const mine = directOverrideYaml(v);
      if (mine !== undefined) (direct++, expect(mine, JSON.stringify(v)).toBe(want));
    }
    // the direct writer is what most trees took (the test is not all fallback)
    expect(direct).toBeGreaterThan(300);
  });
});

describe('the header of hard-coded images', () => {
  const where = (template: string) => ({ chart: 'c', template, kind: 'CustomResourceDefinition', name: 'x.acme.io', fieldPath: 'spec.versions[0]' });
  const file = (template: string) =>
    formatOverrideFile(
      { values: {}, images: [], conflicts: [], hardcoded: [{ source: 'acme.io/db:1', target: 't/acme.io/db:1', where: where(template) }] },
      { from: 'charts c.tgz', chart: 'c 1', release: 'c', target: 't' },
    );
  it('sends a templated one to postrender, and says a crds/ one reaches no post-renderer', () => {
    expect(file('c/templates/crd.yaml')).toContain('(not settable by values; use `helm airgap postrender`)');
    expect(file('c/crds/crd.yaml')).toContain("nor by `helm airgap postrender`: Helm passes the chart's crds/ folder to no post-renderer");
    expect(file('c/crds/crd.yaml')).not.toContain('use `helm airgap postrender`');
  });
});

describe('the header of an image written at two places', () => {
  // Connaisseur's redis: its reference is a policy rule's pattern in the config and the pod's image
  // block; the line named the rule's path alone though the file sets both
  it('names every values path set for it, on one line', () => {
    const at = (template: string) => ({ chart: 'c', template, kind: 'Deployment', name: 'x', fieldPath: 'spec' });
    const text = formatOverrideFile(
      {
        values: {},
        images: [
          { source: 'docker.io/library/redis:7', target: 't/redis:7', paths: ['policy[1].pattern'], where: at('c/templates/cm.yaml') },
          { source: 'docker.io/library/redis:7', target: 't/redis:7', paths: ['redis.image.repository'], where: at('c/templates/redis.yaml') },
        ],
        conflicts: [],
        hardcoded: [],
      },
      { from: 'charts c.tgz', chart: 'c 1', release: 'c', target: 't' },
    );
    expect(text).toContain('#   docker.io/library/redis:7 -> t/redis:7 (policy[1].pattern, redis.image.repository)\n');
    expect(text.match(/redis:7 ->/g)).toHaveLength(1);
  });
});
