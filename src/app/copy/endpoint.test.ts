import { describe, expect, it } from 'vitest';
import { UsageError } from '../../util/errors.js';
import { parseCopyList, parseEndpoint } from './endpoint.js';

describe('parseEndpoint', () => {
  it.each([
    ['docker://nginx:1', { kind: 'docker' }, 'docker.io/library/nginx'],
    ['quay.io/a/b:1', { kind: 'docker' }, 'quay.io/a/b'],
    ['oci:/tmp/dir', { kind: 'oci', dir: '/tmp/dir' }, undefined],
    ['oci:./d:quay.io/a/b:1', { kind: 'oci', dir: './d', ref: 'quay.io/a/b:1' }, undefined],
    ['oci-archive:b.tar:app:1', { kind: 'oci-archive', file: 'b.tar', ref: 'app:1' }, undefined],
  ])('%s (copy endpoints: skopeo transport names, ref after the first colon)', (s, want, name) => {
    const e = parseEndpoint(s);
    expect(e).toMatchObject(want);
    if (name) expect(e.kind === 'docker' && `${e.ref.registry}/${e.ref.repository}`).toBe(name);
  });
  it.each(['oci:', 'oci::x', 'oci:d:', 'http://x/y', 'docker-daemon:x'])('refuses %s (copy endpoints: usage error)', (s) => {
    expect(() => parseEndpoint(s)).toThrow();
  });
  it('reads SRC [DST] lines, skipping comments (copy: --from-file format)', () => {
    expect(parseCopyList('# images\nnginx:1\n\n quay.io/a/b:2  docker://h/x:2 # pin\n', 'l')).toEqual([
      { line: 2, src: 'nginx:1' },
      { line: 4, src: 'quay.io/a/b:2', dst: 'docker://h/x:2' },
    ]);
    expect(() => parseCopyList('a b c', 'l')).toThrow(UsageError);
  });
});
