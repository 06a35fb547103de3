import { describe, expect, it } from 'vitest';
import { TemplateSet, type ExecContext } from './index.js';

const values = {
  image: { repository: 'quay.io/x/app', tag: 'v1' },
  sidecars: [{ image: 'busybox:1' }, { image: 'alpine:3' }],
  env: { RELATED_IMAGE_A: 'reg/a:1' },
  replicas: 3,
};

function reads(text: string): string[] {
  const set = new TemplateSet({
    missingKey: 'zero',
    contextFuncs: { include: (ctx: ExecContext, n: string, d: unknown) => ctx.execute(n, d) },
  });
  set.parse('_h', '{{ define "img" }}{{ .repository }}:{{ .tag }}{{ end }}').parse('t', text);
  const seen: string[] = [];
  set.execute('t', { Values: values }, { onValueRead: (path, v) => seen.push(`${path.join('.')}=${String(v)}`) });
  return seen;
}

describe('provenance: onValueRead reports the values path of every scalar read (issue 3 hook)', () => {
  it.each([
    ['a field chain', '{{ .Values.image.tag }}', ['Values.image.tag=v1']],
    ['through a variable', '{{ $i := .Values.image }}{{ $i.repository }}', ['Values.image.repository=quay.io/x/app']],
    ['through with', '{{ with .Values.image }}{{ .tag }}{{ end }}', ['Values.image.tag=v1']],
    [
      'through range over a list',
      '{{ range .Values.sidecars }}{{ .image }}{{ end }}',
      ['Values.sidecars.0.image=busybox:1', 'Values.sidecars.1.image=alpine:3'],
    ],
    ['range over a map gives each scalar', '{{ range $k, $v := .Values.env }}{{ $v }}{{ end }}', ['Values.env.RELATED_IMAGE_A=reg/a:1']],
    ['through index', '{{ index .Values "image" "tag" }}', ['Values.image.tag=v1']],
    ['through include', '{{ include "img" .Values.image }}', ['Values.image.repository=quay.io/x/app', 'Values.image.tag=v1']],
    ['numbers too', '{{ .Values.replicas }}', ['Values.replicas=3']],
  ])('%s', (_rule, text, want) => {
    expect(reads(text)).toEqual(want);
  });

  it('values built by the template itself have no path', () => {
    expect(reads('{{ "literal" }}{{ $x := "y" }}{{ $x }}')).toEqual([]);
  });
});
