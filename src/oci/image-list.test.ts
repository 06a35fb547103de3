import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import { parseImageList, splitListLines } from './image-list.js';

describe('image lists (one parser for every command)', () => {
  it('reads references, comments, blank lines, a destination column and docker://', () => {
    const text = [
      '# the five images',
      'milvusdb/milvus:v2.4.4',
      '',
      '  docker://quay.io/a/b:1   # pinned below',
      'registry.internal/app/api:1.2 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/api:1.2',
      `ghcr.io/o/x@sha256:${'a'.repeat(64)}`,
    ].join('\r\n');
    const got = parseImageList(text, 'images.txt');
    expect(got.map((e) => [e.where, e.image, e.destination])).toEqual([
      ['images.txt:2', 'docker.io/milvusdb/milvus:v2.4.4', undefined],
      ['images.txt:4', 'quay.io/a/b:1', undefined],
      ['images.txt:5', 'registry.internal/app/api:1.2', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/api:1.2'],
      ['images.txt:6', `ghcr.io/o/x@sha256:${'a'.repeat(64)}`, undefined],
    ]);
  });

  it.each([
    ['a line that is not a reference', 'nginx:1\nquay.io/Bad/Case:1\n', /^images\.txt:2: not an image reference/],
    ['a bad destination', 'nginx:1 bad//dest:x\n', /^images\.txt:1 \(destination\): not an image reference/],
    ['three columns', 'nginx:1 a b\n', /^images\.txt:1: expected "IMAGE \[DESTINATION\]", got 3 columns/],
  ])('%s is a usage error naming the file and line, with a hint', (_what, text, message) => {
    let err: unknown;
    try {
      parseImageList(text, 'images.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(message);
    expect((err as UsageError).hint).toBeTruthy();
  });

  it('keeps a second column as text for callers whose lines name other transports (copy)', () => {
    expect(splitListLines('oci:./dir:app docker://h/x:1\n', 'l')).toEqual([{ line: 1, where: 'l:1', source: 'oci:./dir:app', destination: 'docker://h/x:1' }]);
  });

  it('a lone CR ends a line, as CRLF and LF do: a CR-only list is two images, not an image and its destination', () => {
    for (const eol of ['\r', '\r\n', '\n'])
      expect(parseImageList(`nginx:1.27${eol}quay.io/a/b:2${eol}`, 'l').map((e) => [e.line, e.image, e.destination])).toEqual([
        [1, 'docker.io/library/nginx:1.27', undefined],
        [2, 'quay.io/a/b:2', undefined],
      ]);
  });
});
