// What a template learned (noted by place while it runs) against the changes of a later render:
// the rules of Learned.touches, for a subchart's template whose .Values sit at `sub` in the top
// chart's values.
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../../template/index.js';
import { Learned } from './template-reuse.js';

const VALUES = { sub: { image: { repository: 'r', tag: 't' }, env: { A: '1' }, labels: {} }, other: { x: 1 } };

function learnt(text: string): Learned {
  const set = new TemplateSet({ missingKey: 'zero', funcs: { toYaml: (v: unknown) => JSON.stringify(v) } });
  set.parse('t', text);
  const learned = new Learned(['sub']);
  set.execute('t', { Values: VALUES.sub, Release: { Name: 'r' } }, { observe: learned });
  return learned;
}

const change = (path: string, keys = false) => [{ path: path.split('.'), keys }];

describe('Learned.touches', () => {
  it.each([
    ['a read path', '{{ .Values.image.tag }}', 'sub.image.tag', false, true],
    ['a sibling of a read path', '{{ .Values.image.tag }}', 'sub.image.repository', false, false],
    ['below a read path (the value read is a container that changed inside)', '{{ .Values.image.tag }}', 'sub.image.tag.x', false, false],
    ['a path of another chart', '{{ .Values.image.tag }}', 'other.x', false, false],
    ['below a container used whole', '{{ toYaml .Values.env }}', 'sub.env.B', true, true],
    ['below .Values used whole', '{{ toYaml .Values }}', 'sub.zzz', true, true],
    ['beside a container used whole', '{{ toYaml .Values.env }}', 'sub.image.tag', false, false],
    ['a key added to a container whose emptiness was seen', '{{ if .Values.labels }}x{{ end }}', 'sub.labels.a', true, true],
    ['a value changed in a container whose emptiness was seen', '{{ if .Values.labels }}x{{ end }}', 'sub.labels.a', false, false],
    ['release fields are not values', '{{ .Release.Name }}', 'sub.image.tag', false, false],
    ['the root used whole is everything', '{{ toYaml . }}', 'other.x', false, true],
  ])('%s', (_rule, text, path, keys, want) => {
    expect(learnt(text).touches(change(path, keys))).toBe(want);
  });
});
