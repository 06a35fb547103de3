// Disposable renders take the texts of templates that no changed value reaches from an earlier
// render of the chart (helm/engine/template-reuse.ts): they must equal a full render's, whatever
// the template learned the values through; the others are run again.
import { describe, expect, it } from 'vitest';
import { loadChartFiles } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { formatManifests } from '../../src/helm/release/manifests.js';
import type { Values } from '../../src/helm/engine/render-types.js';
import { setTemplateReuse } from '../../src/helm/engine/template-reuse.js';

const file = (name: string, text: string) => ({ name, data: new TextEncoder().encode(text) });
const cm = (name: string, body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${body}\n`;

const TEMPLATES: Record<string, string> = {
  'field.yaml': cm('field', '  a: {{ .Values.a.enabled | quote }}'),
  'whole.yaml': cm('whole', '  b: {{ toYaml .Values.b | quote }}'),
  'range.yaml': cm('range', '{{- range $k, $v := .Values.c }}\n  {{ $k }}: {{ $v | quote }}\n{{- end }}'),
  'haskey.yaml': cm('haskey', '  d: {{ hasKey .Values.d "extra" | quote }}'),
  'with.yaml': cm('with', '  e: {{ with .Values.e }}"full"{{ else }}"empty"{{ end }}'),
  'helper.yaml': cm('helper', '  f: {{ include "f" (dict "v" .Values.f "ctx" $) | quote }}'),
  'default.yaml': cm('default', '  g: {{ default "none" .Values.g.name | quote }}'),
  'writer.yaml': '{{- $_ := set .Values.shared "pw" (printf "%s-pw" .Values.h.name) }}' + cm('writer', '  h: "w"'),
  'areader.yaml': cm('areader', '  h: {{ .Values.shared.pw | quote }}'),
  'merger.yaml': '{{- $_ := mergeOverwrite .Values.merged (dict "k" .Values.h.name) }}{{- $_ := unset .Values.merged "gone" }}' + cm('merger', '  m: "w"'),
  'amreader.yaml': cm('amreader', '  m: {{ .Values.merged.k | quote }}\n  gone: {{ hasKey .Values.merged "gone" | quote }}'),
  // a dict of the template's own put into the values, then written into there by a later template
  'owndict.yaml': '{{- $d := dict "x" .Values.h.name }}{{- $_ := set $d "y" "1" }}{{- $_ := set .Values "own" $d }}' + cm('owndict', '  o: "w"'),
  'nowner.yaml': '{{- $_ := set .Values.own "late" (printf "%s-late" .Values.own.x) }}' + cm('nowner', '  n: "w"'),
  'aownreader.yaml': cm('aownreader', '  late: {{ .Values.own.late | quote }}\n  y: {{ .Values.own.y | quote }}'),
  'subcharts.yaml': cm('subcharts', '  s: {{ .Subcharts.sub.Values.x | quote }}'),
  'clock.yaml': cm('clock', '  t: {{ now | unixEpoch | quote }}'),
  'bclock.yaml': cm('bclock', '  b: {{ .Values.b.enabled | quote }}\n  t: {{ now | unixEpoch | quote }}'),
  'apassword.yaml': cm('apassword', '  pw: {{ .Values.shared.pw | quote }}\n  t: {{ now | unixEpoch | quote }}'),
  '_helpers.tpl': '{{- define "f" }}{{ .v.enabled }}{{ end }}',
};

async function chart() {
  return loadChartFiles(
    [
      file('Chart.yaml', 'apiVersion: v2\nname: reuse\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n'),
      file(
        'values.yaml',
        'a: {enabled: false}\nb: {enabled: false}\nc: {x: "1"}\nd: {}\ne: {}\nf: {enabled: false}\ng: {}\nh: {name: one}\nshared: {}\nmerged: {gone: 1}\nsub: {x: "s"}\n',
      ),
      ...Object.entries(TEMPLATES).map(([n, t]) => file(`templates/${n}`, t)),
      file('charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'),
      file('charts/sub/values.yaml', 'x: "0"\n'),
      file('charts/sub/templates/own.yaml', cm('own', '  x: {{ .Values.x | quote }}')),
    ],
    'reuse',
  );
}

const CHANGES: Values[] = [
  { a: { enabled: true } },
  { b: { enabled: true } },
  { c: { y: '2' } },
  { d: { extra: 1 } },
  { e: { on: true } },
  { f: { enabled: true } },
  { g: { name: 'named' } },
  { h: { name: 'two' } },
  { sub: { x: 'changed' } },
  { a: { enabled: true }, c: { x: '3' }, h: { name: 'three' } },
];

/** The chart with a clock that moves at every `now`, and one template's text in a disposable render of these values. */
async function clocked(file: string) {
  const c = await chart();
  let t = 0;
  const sprig = { now: () => new Date(1_700_000_000_000 + 1000 * t++) };
  const text = (values: Values, reuseBases?: number) =>
    renderChart(c, { disposable: true, sprig, values, reuseBases }).docs.find((d) => d.template.endsWith(file))!.text;
  return { c, sprig, text };
}

describe('template reuse in disposable renders', () => {
  it('gives what a full render gives, for each way a template learns the values', async () => {
    const c = await chart();
    let t = 0;
    const sprig = { now: () => new Date(1_700_000_000_000 + 1000 * t++) };
    const withoutClock = (text: string) => text.replace(/t: "\d+"/g, 't: CLOCK');
    // the first two renders become bases
    renderChart(c, { disposable: true, sprig });
    renderChart(c, { disposable: true, sprig, values: { a: { enabled: true } } });
    for (const values of CHANGES) {
      const reused = formatManifests(renderChart(c, { disposable: true, sprig, values }).docs);
      const full = formatManifests(renderChart(await chart(), { sprig, values }).docs);
      expect(withoutClock(reused), JSON.stringify(values)).toBe(withoutClock(full));
    }
  });

  it('takes the text of a template no changed value reaches (the clock it read then), and runs the others', async () => {
    const { c, sprig, text: clock } = await clocked('clock.yaml');
    const first = clock({});
    clock({ b: { enabled: true } });
    expect(clock({ a: { enabled: true } })).toBe(first);
    expect(renderChart(c, { sprig }).docs.find((d) => d.template.endsWith('clock.yaml'))!.text).not.toBe(first);
  });

  it('runs every template while reuse is off (bench/reuse.ts), and takes texts again once it is on', async () => {
    const { text: clock } = await clocked('clock.yaml');
    setTemplateReuse(false);
    try {
      const first = clock({});
      clock({ b: { enabled: true } });
      expect(clock({ a: { enabled: true } })).not.toBe(first);
    } finally {
      setTemplateReuse(true);
    }
    const first = clock({});
    clock({ b: { enabled: true } });
    expect(clock({ a: { enabled: true } })).toBe(first);
  });

  it('keeps what templates learned from as many first renders as the caller asks (RenderOptions.reuseBases)', async () => {
    const both = { a: { enabled: true }, b: { enabled: true } };
    // the second render is a base: the third differs from it in `a` only, which bclock does not read
    const two = await clocked('bclock.yaml');
    two.text({});
    const second = two.text({ b: { enabled: true } });
    expect(two.text(both)).toBe(second);
    // one base: the third differs from the first in `b` too, and bclock runs again
    const one = await clocked('bclock.yaml');
    one.text({}, 1);
    const other = one.text({ b: { enabled: true } }, 1);
    expect(one.text(both, 1)).not.toBe(other);
  });

  it('takes the text of a template that reads what a writer wrote, when the writer wrote the same again', async () => {
    const { text: clock } = await clocked('apassword.yaml');
    const first = clock({});
    clock({ b: { enabled: true } });
    expect(clock({ a: { enabled: true } })).toBe(first);
    // the writer writes another password now: the template that reads it runs
    const other = clock({ h: { name: 'two' } });
    expect(other).toContain('pw: "two-pw"');
    expect(other).not.toBe(first);
  });
});

describe('template reuse across chart trees', () => {
  it('a dependency of helpers only that a condition turns off is not there for a template taken from before', async () => {
    const c = await loadChartFiles(
      [
        file('Chart.yaml', 'apiVersion: v2\nname: top\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.1.0\n    condition: lib.enabled\n'),
        file('values.yaml', 'lib: {enabled: true}\nother: 1\n'),
        file('templates/uses.yaml', cm('uses', '  x: {{ include "lib.x" . | quote }}')),
        file('charts/lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 0.1.0\n'),
        file('charts/lib/templates/_helpers.tpl', '{{- define "lib.x" }}from-lib{{ end }}'),
      ],
      'top',
    );
    renderChart(c, { disposable: true });
    renderChart(c, { disposable: true, values: { other: 2 } });
    expect(() => renderChart(c, { disposable: true, values: { lib: { enabled: false } } })).toThrow(/lib\.x/);
  });

  it('takes a template the closest base cannot give from another base its reads still match', async () => {
    const c = await loadChartFiles(
      [
        file('Chart.yaml', 'apiVersion: v2\nname: bases\nversion: 0.1.0\n'),
        file('values.yaml', 'a: {enabled: false}\nb: {enabled: false}\n'),
        file('templates/aclock.yaml', cm('aclock', '  a: {{ .Values.a.enabled | quote }}\n  t: {{ now | unixEpoch | quote }}')),
        file('templates/bclock.yaml', cm('bclock', '  b: {{ .Values.b.enabled | quote }}\n  t: {{ now | unixEpoch | quote }}')),
      ],
      'bases',
    );
    let t = 0;
    const sprig = { now: () => new Date(1_700_000_000_000 + 1000 * t++) };
    const texts = (values: Values) => renderChart(c, { disposable: true, sprig, values, reuseBases: 2 }).docs.map((d) => d.text);
    const [, bFirst] = texts({});
    const [aBoth] = texts({ a: { enabled: true }, b: { enabled: true } });
    // closest to the second base (one change, b, which bclock reads); the first base's b is this render's
    const [aNow, bNow] = texts({ a: { enabled: true } });
    expect(aNow).toBe(aBoth);
    expect(bNow).toBe(bFirst);
  });
});
