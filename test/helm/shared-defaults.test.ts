// A chart's defaults are shared between renders (frozen), not copied into each. Templates that
// write into their values (Sprig's set and merge on .Values, which Go lets reach the values
// themselves) still render as Helm renders them, every time, and leave the loaded chart as it was.
import { describe, expect, it } from 'vitest';
import { loadChartFiles } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { coalesceValues } from '../../src/helm/values/coalesce.js';
import { prepareChart } from '../../src/helm/values/prepare.js';
import { frozenWriteCount } from '../../src/sprig/dicts.js';

const file = (name: string, text: string) => ({ name, data: new TextEncoder().encode(text) });

async function chart(extra: { name: string; data: Uint8Array }[] = []) {
  return loadChartFiles(
    [
      file(
        'Chart.yaml',
        'apiVersion: v2\nname: sh\nversion: 0.1.0\ndependencies:\n  - {name: sub, version: 0.1.0, alias: one}\n  - {name: sub, version: 0.1.0, alias: two}\n',
      ),
      file('values.yaml', 'cfg:\n  a: orig\n  nested:\n    x: 1\nextra:\n  nested:\n    y: 2\ntwo:\n  image:\n    tag: "2.0"\n'),
      file(
        'templates/cm.yaml',
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: cm',
          'data:',
          '  before: {{ .Values.cfg.a | quote }}',
          '{{- $_ := set .Values.cfg "a" "written" }}',
          '{{- $m := merge (dict) .Values.cfg }}',
          '{{- $_ := merge $m .Values.extra }}',
          '  after: {{ .Values.cfg.a | quote }}',
          '  nested: {{ toJson .Values.cfg.nested | quote }}',
          '  one: {{ .Values.one.image.tag | quote }}',
          '  two: {{ .Values.two.image.tag | quote }}',
        ].join('\n'),
      ),
      file('charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'),
      file('charts/sub/values.yaml', 'image:\n  repository: r\n  tag: "1.0"\n'),
      file('charts/sub/templates/d.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}-{{ .Values.image.tag }}\n'),
      ...extra,
    ],
    'sh',
  );
}

// real Helm 4.1.4's `helm template` of this chart: the set and the nested merge reach .Values
const CM = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: cm',
  'data:',
  '  before: "orig"',
  '  after: "written"',
  '  nested: "{\\"true\\":2,\\"x\\":1}"',
  '  one: "1.0"',
  '  two: "2.0"',
].join('\n');

const texts = (r: ReturnType<typeof renderChart>) => r.docs.map((d) => d.text.trim());

describe('defaults shared between renders', () => {
  it('templates that write into their values render as Helm does, again and again, and the loaded defaults stay as they were', async () => {
    const c = await chart();
    for (const disposable of [false, true, true, false]) {
      const docs = texts(renderChart(c, { disposable }));
      expect(docs).toContain(CM);
      expect(docs.some((d) => d.includes('name: one-1.0'))).toBe(true);
      expect(docs.some((d) => d.includes('name: two-2.0'))).toBe(true);
    }
    expect(c.values).toEqual({ cfg: { a: 'orig', nested: { x: 1 } }, extra: { nested: { true: 2 } }, two: { image: { tag: '2.0' } } });
  });

  it('a render shares the defaults it did not merge into, and two aliases of one subchart get tables of their own', async () => {
    const c = await chart();
    const a = prepareChart(c, { cfg: { a: 'given' } }, '4.1', { shareDefaults: true }).values;
    const b = prepareChart(c, { one: { image: { tag: '9' } } }, '4.1', { shareDefaults: true }).values;
    expect(a.extra).toBe(b.extra);
    expect(Object.isFrozen(a.extra)).toBe(true);
    expect(a.cfg).not.toBe(b.cfg);
    expect(a.one).not.toBe(a.two);
    expect((a.one as { image: unknown }).image).not.toBe((a.two as { image: unknown }).image);
    expect(b).toMatchObject({ one: { image: { repository: 'r', tag: '9' } }, two: { image: { repository: 'r', tag: '2.0' } } });
    // what commands other than a render are given is theirs to change
    const own = coalesceValues(c, {});
    expect(Object.isFrozen(own.extra)).toBe(false);
  });

  it('defaults where one table sits at two places are copied, not shared (a template could not be told which path it read)', async () => {
    const c = await loadChartFiles(
      [
        file('Chart.yaml', 'apiVersion: v2\nname: al\nversion: 0.1.0\n'),
        file('values.yaml', 'a:\n  k: 1\n'),
        file('templates/t.yaml', 'k: {{ .Values.b.k }}\n'),
      ],
      'al',
    );
    c.values = { a: { ...(c.values.a as object) } };
    c.values.b = c.values.a;
    const v = prepareChart(c, {}, '4.1', { shareDefaults: true }).values;
    expect(Object.isFrozen(v.a)).toBe(false);
    expect(v.a).not.toBe(v.b);
    expect(texts(renderChart(c))).toEqual(['k: 1']);
  });

  it('a chart loaded again shares the defaults of its first load, which no one can change', async () => {
    const [a, b] = [await chart(), await chart()];
    expect(b.values).toBe(a.values);
    expect(Object.isFrozen(a.values.cfg)).toBe(true);
    expect(() => {
      (a.values.cfg as Record<string, unknown>).a = 'changed';
    }).toThrow(TypeError);
  });

  it('values checked against the schema in one render are checked again wherever a later render changes them', async () => {
    const schema = { type: 'object', properties: { cfg: { type: 'object', properties: { a: { type: 'string' }, nested: { type: 'object' } } } } };
    const c = await chart([file('values.schema.json', JSON.stringify(schema))]);
    for (let i = 0; i < 2; i++) expect(texts(renderChart(c, { disposable: true }))).toContain(CM);
    expect(() => renderChart(c, { disposable: true, values: { cfg: { a: 5 } } })).toThrow(/cfg\/a.*got number, want string/s);
    expect(() => renderChart(c, { disposable: true, values: { cfg: { nested: 'x' } } })).toThrow(/cfg\/nested.*got string, want object/s);
    expect(texts(renderChart(c, { disposable: true }))).toContain(CM);
    // checks are kept by the values' text: an int64 and a string spelled like its key are told apart
    expect(() => renderChart(c, { disposable: true, values: { cfg: { a: 5n } } })).toThrow(/cfg\/a.*want string/s);
    expect(() => renderChart(c, { disposable: true, values: { cfg: { a: '\u0000i5' } } })).not.toThrow();
    expect(() => renderChart(c, { disposable: true, values: { cfg: { a: 5n } } })).toThrow(/cfg\/a.*want string/s);
  });
});

describe('charts whose templates write into their defaults', () => {
  // named apart from the charts above: what a chart writes into is kept by its name and version
  const writer = () =>
    loadChartFiles(
      [
        file('Chart.yaml', 'apiVersion: v2\nname: wr\nversion: 0.1.0\n'),
        file('values.yaml', 'a:\n  x: orig\nb:\n  p: orig\n  z: 1\nc:\n  k: 1\nouter:\n  inner:\n    w: 1\n  other:\n    v: 1\n'),
        file(
          'templates/cm.yaml',
          [
            '{{- $_ := set .Values.a "x" "written" }}',
            '{{- $_ := set .Values.b "p" "written" }}',
            '{{- $_ := set .Values.outer.inner "w" 2 }}',
            'a: {{ toJson .Values.a }}',
            'b: {{ toJson .Values.b }}',
            'c: {{ toJson .Values.c }}',
            'outer: {{ toJson .Values.outer }}',
          ].join('\n'),
        ),
      ],
      'wr',
    );
  // real Helm 4.1.4's and 3.17.2's `helm template` of it
  const HELM = ['a: {"x":"written"}\nb: {"p":"written","z":1}\nc: {"k":1}\nouter: {"inner":{"w":2},"other":{"v":1}}'];

  it('learn every table they write into from the one render made again on copies, and stop no render after it', async () => {
    const c = await writer();
    const before = frozenWriteCount();
    for (let i = 0; i < 3; i++) expect(texts(renderChart(c, { disposable: true }))).toEqual(HELM);
    // the first render stopped at its first write; the render on copies found all three
    expect(frozenWriteCount() - before).toBe(1);
    expect(texts(renderChart(c, { disposable: true, values: { c: { k: 5 } } }))).toEqual([HELM[0].replace('"k":1', '"k":5')]);
    expect(frozenWriteCount() - before).toBe(1);
    expect(texts(renderChart(c))).toEqual(HELM);
    expect(c.values).toEqual({ a: { x: 'orig' }, b: { p: 'orig', z: 1 }, c: { k: 1 }, outer: { inner: { w: 1 }, other: { v: 1 } } });
  });

  it('copy the tables written and those holding them, and share the rest', async () => {
    const c = await writer();
    const inner = (c.values.outer as Record<string, object>).inner;
    const v = prepareChart(c, {}, '4.1', { shareDefaults: true, written: { tables: new WeakSet([inner, c.values.a as object]), count: 2 } }).values;
    const outer = v.outer as Record<string, object>;
    expect([Object.isFrozen(v.a), Object.isFrozen(outer), Object.isFrozen(outer.inner)]).toEqual([false, false, false]);
    expect(outer.inner).not.toBe(inner);
    expect([v.b, v.c, outer.other]).toEqual([c.values.b, c.values.c, (c.values.outer as Record<string, object>).other]);
    expect(v.b).toBe(c.values.b);
    expect(outer.other).toBe((c.values.outer as Record<string, object>).other);
  });
});

describe('globals of subcharts, shared or copied', () => {
  it("a subchart's global defaults merged into a nested table of its parent's globals show in the parent, as in Helm", async () => {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  g: {{ .Values.global | toJson | quote }}\n`;
    const c = await loadChartFiles(
      [
        file('Chart.yaml', 'apiVersion: v2\nname: gp\nversion: 0.1.0\ndependencies:\n  - {name: gs, version: 0.1.0}\n'),
        file('values.yaml', 'global:\n  a:\n    b:\n      x: 1\n'),
        file('templates/cm.yaml', cm('p')),
        file('charts/gs/Chart.yaml', 'apiVersion: v2\nname: gs\nversion: 0.1.0\n'),
        file('charts/gs/values.yaml', 'global:\n  a:\n    b:\n      z: 2\n'),
        file('charts/gs/templates/cm.yaml', cm('s')),
      ],
      'gp',
    );
    // real Helm 4.1.4: Helm copies globals down one level deep, so the subchart's z lands in the parent's table
    const g = '  g: "{\\"a\\":{\\"b\\":{\\"x\\":1,\\"z\\":2}}}"';
    for (const disposable of [true, false, true]) {
      const docs = texts(renderChart(c, { disposable }));
      expect(docs.map((d) => d.split('\n').at(-1))).toEqual([g, g]);
    }
  });
});
