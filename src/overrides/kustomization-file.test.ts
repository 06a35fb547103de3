import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import { mergeImageEntries, parseKustomization } from './kustomization-file.js';

const T = 'mirror.local:5000/m';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const OVERLAY = `# prod overlay: keep this header
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod # the namespace
resources:
- ../../base
images:
# the app image, pinned by the release team
- name: registry.corp/app
  newTag: "2.0.1" # release 2.0.1
  # keep this comment under the entry
- name: nginx # web server
  newName: old.mirror/nginx
patches:
- path: replicas.yaml
`;

describe('kustomization.yaml merged in place', () => {
  it('updates entries of the same name, appends new names, keeps comments, key order and unrelated entries', () => {
    const k = parseKustomization(OVERLAY, 'prod/kustomization.yaml');
    expect(k.images).toEqual([
      { name: 'registry.corp/app', newTag: '2.0.1' },
      { name: 'nginx', newName: 'old.mirror/nginx' },
    ]);
    const r = mergeImageEntries(k, [
      { name: 'nginx', newName: `${T}/docker.io/library/nginx` },
      { name: 'quay.io/acme/worker', newName: `${T}/quay.io/acme/worker`, newTag: '1.1', digest: DIGEST },
    ]);
    expect(r.changes.map((c) => [c.name, c.action])).toEqual([
      ['nginx', 'updated'],
      ['quay.io/acme/worker', 'added'],
    ]);
    expect(r.text).toBe(`# prod overlay: keep this header
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod # the namespace
resources:
- ../../base
images:
# the app image, pinned by the release team
- name: registry.corp/app
  newTag: "2.0.1" # release 2.0.1
  # keep this comment under the entry
- name: nginx # web server
  newName: ${T}/docker.io/library/nginx
- name: quay.io/acme/worker
  newName: ${T}/quay.io/acme/worker
  newTag: "1.1"
  digest: ${DIGEST}
patches:
- path: replicas.yaml
`);
    expect(r.entries.map((e) => e.name)).toEqual(['registry.corp/app', 'nginx', 'quay.io/acme/worker']);
  });

  it('puts a new key after name/newName as kustomize edit does, and drops newTag/digest the target does not need', () => {
    const k = parseKustomization(`images:\n  - name: app\n    newTag: "1.0"\n    digest: ${DIGEST}\n    tagSuffix: keep\n`, 'k.yaml');
    const r = mergeImageEntries(k, [{ name: 'app', newName: `${T}/docker.io/library/app`, newTag: '1.0' }]);
    expect(r.text).toBe(`images:\n  - name: app\n    newName: ${T}/docker.io/library/app\n    newTag: "1.0"\n    tagSuffix: keep\n`);
  });

  it('adds images: to a kustomization without one, in the file own list style', () => {
    const k = parseKustomization('resources: [deploy.yaml]\n', 'k.yaml');
    const r = mergeImageEntries(k, [{ name: 'nginx', newName: `${T}/docker.io/library/nginx` }]);
    expect(r.text).toBe(`resources: [deploy.yaml]\nimages:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\n`);
  });

  it('writes nothing when every entry is already what is wanted', () => {
    const k = parseKustomization(`images:\n- name: nginx\n  newName: ${T}/docker.io/library/nginx\n`, 'k.yaml');
    const r = mergeImageEntries(k, [{ name: 'nginx', newName: `${T}/docker.io/library/nginx` }]);
    expect(r.changes[0]!.action).toBe('unchanged');
    expect(r.text).toBeUndefined();
  });

  it('reads tags as the strings kustomize reads (1.10 stays 1.10)', () => {
    const k = parseKustomization('images:\n- name: app\n  newTag: 1.10\n', 'k.yaml');
    expect(k.images[0]!.newTag).toBe('1.10');
  });

  it.each([
    ['resources:\n  - a.yaml\n images: [\n', 'k/kustomization.yaml:3'],
    ['images:\n- name: a\n- newTag: x\n', 'k/kustomization.yaml:3'],
    ['images: nginx\n', 'k/kustomization.yaml:1'],
    ['- a\n- b\n', 'k/kustomization.yaml:1'],
    ['images:\n- name: a\nimages: []\n', 'k/kustomization.yaml:3'],
    // found by the kustomize-overlay fuzzer (seed 2, #98 and #787): errors only resolving shows
    ['x-images: &imgs\n- name: nginx\n- images: *.mgs\n', 'k/kustomization.yaml'],
    ['images:\n- &*a*a*apin\n  name: redis\n- <<: *pin\n  name: nginx\n', 'k/kustomization.yaml'],
  ])('a bad file is a usage error naming the file and line: %j', (text, where) => {
    let err: unknown;
    try {
      parseKustomization(text, 'k/kustomization.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message.startsWith(`${where}:`), (err as Error).message).toBe(true);
  });

  describe('only the images: block changes: every other byte is kept', () => {
    const nginx = { name: 'nginx', newName: `${T}/docker.io/library/nginx` };
    it.each([
      [
        'CRLF, spacing before comments, --- and ...',
        '---\r\nresources:\r\n  - a.yaml     # web\r\nimages:\r\n- name: nginx   # pin\r\n  newTag: "1"\r\nnamespace: x   # ns\r\n...\r\n',
        `---\r\nresources:\r\n  - a.yaml     # web\r\nimages:\r\n- name: nginx   # pin\r\n  newName: ${T}/docker.io/library/nginx\r\nnamespace: x   # ns\r\n...\r\n`,
      ],
      [
        'no images: the block after the last key',
        'resources: [a.yaml]   # a\n# end\n',
        `resources: [a.yaml]   # a\nimages:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\n# end\n`,
      ],
      ['no final line break', 'resources: [a.yaml]', `resources: [a.yaml]\nimages:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\n`],
      [
        'a flow list stays flow, its trailing comment once',
        'images: [{name: nginx}]   # flow\nresources: [a]\n',
        `images: [{name: nginx, newName: ${T}/docker.io/library/nginx}]   # flow\nresources: [a]\n`,
      ],
      ['an empty images:', 'images:\nresources: [a]\n', `images:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\nresources: [a]\n`],
      ['a comment-only file', '# nothing yet\n', `# nothing yet\nimages:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\n`],
      [
        'an aliased list is written as its own copy, the anchor left as it was',
        'x-images: &imgs\n- name: nginx\nimages: *imgs\n',
        `x-images: &imgs\n- name: nginx\nimages:\n  - name: nginx\n    newName: ${T}/docker.io/library/nginx\n`,
      ],
    ])('%s', (_, text, want) => {
      const r = mergeImageEntries(parseKustomization(text, 'k.yaml'), [nginx]);
      expect(r.text).toBe(want);
    });

    it('aliases and << merge keys read as kubectl reads them; an entry merged from another gets its own keys', () => {
      const k = parseKustomization('images:\n- &pin\n  name: redis\n  newTag: &t "7"\n- <<: *pin\n  name: nginx\n- name: busybox\n  newTag: *t\n', 'k.yaml');
      expect(k.images).toEqual([
        { name: 'redis', newTag: '7' },
        { name: 'nginx', newTag: '7' },
        { name: 'busybox', newTag: '7' },
      ]);
      const r = mergeImageEntries(k, [{ ...nginx, newTag: '1.27' }]);
      expect(r.text).toBe(
        `images:\n- &pin\n  name: redis\n  newTag: &t "7"\n- <<: *pin\n  name: nginx\n  newName: ${T}/docker.io/library/nginx\n  newTag: "1.27"\n- name: busybox\n  newTag: *t\n`,
      );
      // a merged key this entry must not have is set empty on it (kustomize reads "" as unset)
      const cleared = mergeImageEntries(k, [nginx]);
      expect(parseKustomization(cleared.text!, 'k.yaml').images[1]).toEqual({ name: 'nginx', newName: `${T}/docker.io/library/nginx` });
    });
  });
});
