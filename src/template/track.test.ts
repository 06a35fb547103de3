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

describe('observe: everything a template learns of its data, by path (what template reuse relies on)', () => {
  function learned(text: string, follow?: string[]): string[] {
    const set = new TemplateSet({
      missingKey: 'zero',
      funcs: {
        toYaml: (v: unknown) => JSON.stringify(v),
        dict: (...kv: unknown[]) => Object.fromEntries(kv.flatMap((x, i) => (i % 2 === 0 ? [[x, kv[i + 1]]] : []))),
        hasKey: (m: Record<string, unknown>, k: string) => k in m,
        set: (m: Record<string, unknown>, k: string, v: unknown) => Object.assign(m, { [k]: v }),
      },
      contextFuncs: { include: (ctx: ExecContext, n: string, d: unknown) => ctx.execute(n, d) },
    });
    set.parse('_h', '{{ define "img" }}{{ .repository }}{{ end }}').parse('t', text);
    const seen = new Set<string>();
    set.execute(
      't',
      { Values: values, Chart: { Name: 'c', Annotations: { a: '1' } } },
      {
        follow,
        observe: {
          read: (p, k) => seen.add(`read ${[...p.path(), k].join('.')}`),
          whole: (p) => seen.add(`whole ${p.path().join('.')}`),
          emptiness: (p) => seen.add(`keys ${p.path().join('.')}`),
        },
      },
    );
    return [...seen].filter((x) => x !== 'read Values');
  }

  it.each([
    ['a missing key is a read', '{{ .Values.image.digest }}', ['read Values.image', 'read Values.image.digest']],
    ['a container handed to a function is seen whole', '{{ toYaml .Values.image }}', ['read Values.image', 'whole Values.image']],
    ['inside a dict made on the spot too', '{{ toYaml (dict "i" .Values.image) }}', ['read Values.image', 'whole Values.image']],
    ['a printed container is seen whole', '{{ .Values.env }}', ['read Values.env', 'whole Values.env']],
    [
      'ranging over a container sees it whole',
      '{{ range .Values.sidecars }}{{ end }}',
      ['read Values.sidecars', 'whole Values.sidecars', 'read Values.sidecars.0', 'read Values.sidecars.1'],
    ],
    ['if and with see whether it is empty', '{{ with .Values.env }}{{ end }}', ['read Values.env', 'keys Values.env']],
    ['hasKey sees its keys', '{{ hasKey .Values.image "tag" }}', ['read Values.image', 'keys Values.image']],
    ['include follows its data', '{{ include "img" .Values.image }}', ['read Values.image', 'read Values.image.repository']],
    ['set holds values without reading them', '{{ $_ := set (dict) "x" .Values.image }}', ['read Values.image']],
    ['the root handed to a function is everything', '{{ toYaml . }}', ['whole ']],
  ])('%s', (_rule, text, want) => {
    expect(learned(text)).toEqual(want);
  });

  it('follows only the keys under the root it is told to (a chart render: .Values and .Subcharts)', () => {
    const text = '{{ .Chart.Name }}{{ toYaml .Chart.Annotations }}{{ .Values.image.tag }}';
    expect(learned(text)).toEqual([
      'read Chart',
      'read Chart.Name',
      'read Chart.Annotations',
      'whole Chart.Annotations',
      'read Values.image',
      'read Values.image.tag',
    ]);
    expect(learned(text, ['Values', 'Subcharts'])).toEqual(['read Chart', 'read Values.image', 'read Values.image.tag']);
  });
});
