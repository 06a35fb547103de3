import { describe, expect, it } from 'vitest';
import { TemplateError, TemplateSet, type ExecContext, type TemplateSetOptions } from './index.js';

// Helm-like include and tpl built on the context-function API, as the chart model builds them.
const helmish: TemplateSetOptions['contextFuncs'] = {
  include: (ctx: ExecContext, name: string, data: unknown) => ctx.execute(name, data),
  tpl: (ctx: ExecContext, text: string, data: unknown) => {
    const clone = ctx.set.clone();
    clone.parse('tpl', text);
    return ctx.execute('tpl', data, clone);
  },
};

function set(opts: TemplateSetOptions = {}): TemplateSet {
  return new TemplateSet({ missingKey: 'zero', contextFuncs: helmish, ...opts });
}

function errorOf(f: () => unknown): TemplateError {
  try {
    f();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw new Error(`not a TemplateError: ${String(e)}`);
  }
  throw new Error('no error');
}

describe('TemplateSet: one set shares defines across files (Helm parses all chart files into one set)', () => {
  it('a define in one file is usable from another', () => {
    const s = set().parse('a/_helpers.tpl', '{{ define "name" }}N-{{ . }}{{ end }}').parse('a/x.yaml', '{{ include "name" 1 }}');
    expect(s.execute('a/x.yaml', {})).toBe('N-1');
    expect(s.has('name') && s.has('a/_helpers.tpl')).toBe(true);
    expect(s.names().sort()).toEqual(['a/_helpers.tpl', 'a/x.yaml', 'name']);
  });

  it.each([
    ['a later non-empty define replaces an earlier one (template.AddParseTree)', '{{ define "d" }}new{{ end }}', 'new'],
    ['an empty define does not replace a non-empty one (parse.IsEmptyTree)', '{{ define "d" }}  {{ end }}', 'old'],
  ])('%s', (_rule, second, want) => {
    const s = set().parse('one', '{{ define "d" }}old{{ end }}').parse('two', second).parse('main', '{{ template "d" }}');
    expect(s.execute('main', null)).toBe(want);
  });

  it('executing an unknown template names the set (ExecuteTemplate)', () => {
    expect(errorOf(() => set().execute('nope', {})).message).toBe('template: no template "nope" associated with template "gotpl"');
  });

  it('custom delimiters (Template.Delims)', () => {
    const s = set({ delims: ['[[', ']]'] }).parse('t', '[[ .a ]] {{ .a }} [[- " x" ]]');
    expect(s.execute('t', { a: 1 })).toBe('1 {{ .a }} x');
  });

  it('missingkey=error reports the key (Option missingkey=error)', () => {
    const s = set({ missingKey: 'error' }).parse('t', '{{ .a.b }}');
    expect(errorOf(() => s.execute('t', { a: {} })).message).toBe('template: t:1:5: executing "t" at <.a.b>: map has no entry for key "b"');
  });
});

describe('context functions: include and tpl (Helm engine)', () => {
  it('tpl renders a string with the current data and can include defines of the set', () => {
    const s = set().parse('_h', '{{ define "h" }}H{{ .x }}{{ end }}').parse('t', '{{ tpl .Values.t . }}');
    expect(s.execute('t', { Values: { t: '{{ include "h" .Values }}-{{ .Values.x }}', x: 1 } })).toBe('H1-1');
  });

  it('parsing into a clone leaves the original set unchanged (Template.Clone)', () => {
    const s = set().parse('t', 'orig');
    const c = s.clone();
    c.parse('t', 'changed').parse('extra', 'e');
    expect([s.execute('t', {}), s.has('extra'), c.execute('t', {})]).toEqual(['orig', false, 'changed']);
  });

  it('an error inside include is wrapped as Go wraps a function error', () => {
    const s2 = new TemplateSet({ missingKey: 'zero', contextFuncs: helmish, funcs: { dict: () => ({ a: null }) } });
    s2.parse('h', '{{ define "h" }}\n{{ .a.b }}{{ end }}').parse('t', '{{ include "h" (dict) }}');
    expect(errorOf(() => s2.execute('t', {})).message).toBe(
      'template: t:1:3: executing "t" at <include "h" (dict)>: error calling include: ' +
        'template: h:2:5: executing "h" at <.a.b>: nil pointer evaluating interface {}.b',
    );
  });

  it('recursion through include is bounded with a clear error, never a stack overflow', () => {
    const s = set().parse('t', '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}');
    const e = errorOf(() => s.execute('t', {}));
    expect(e.message).toMatch(/exceeded maximum template depth/);
  });

  it.each([
    ['{{template}} recursion (exec.go maxExecDepth)', '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'],
    ['include recursion', '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}'],
  ])('maxDepth bounds %s', (_rule, text) => {
    const s = set().parse('t', text);
    expect(errorOf(() => s.execute('t', {}, { maxDepth: 20 })).message).toMatch(/exceeded maximum template depth \(20\)/);
  });

  it('ctx exposes the running template, depth and per-execution scratch', () => {
    const seen: string[] = [];
    const s = new TemplateSet({
      contextFuncs: {
        ...helmish,
        probe: (ctx: ExecContext) => {
          const n = ((ctx.scratch.get('n') as number | undefined) ?? 0) + 1;
          ctx.scratch.set('n', n);
          seen.push(`${ctx.templateName}@${ctx.depth}#${n}`);
          return '';
        },
      },
    });
    s.parse('t', '{{ define "d" }}{{ probe }}{{ end }}{{ probe }}{{ include "d" . }}{{ template "d" }}');
    s.execute('t', {});
    expect(seen).toEqual(['t@0#1', 'd@1#2', 'd@1#3']);
  });
});

describe('objects: fields and methods of class instances (.Files.Get, .Capabilities.APIVersions.Has)', () => {
  class Files {
    constructor(private readonly files: Record<string, string>) {}
    Get(name: string): string {
      return this.files[name] ?? '';
    }
    get Count(): bigint {
      return BigInt(Object.keys(this.files).length);
    }
  }
  it.each([
    ['a method is called with its receiver', '{{ .Files.Get "a" }}', 'A'],
    ['a getter is a field', '{{ .Files.Count }}', '1'],
    ['a method result can be piped', '{{ .Files.Get "a" | printf "<%s>" }}', '<A>'],
  ])('%s', (_rule, text, want) => {
    expect(
      set()
        .parse('t', text)
        .execute('t', { Files: new Files({ a: 'A' }) }),
    ).toBe(want);
  });
  it('an unknown field names the Go-ish type (goType or *ClassName); out of a map it is interface {}', () => {
    expect(
      errorOf(() =>
        set()
          .parse('t', '{{ .X.Nope }}')
          .execute('t', { X: new Files({}) }),
      ).message,
    ).toMatch(/can't evaluate field Nope in type interface \{\}$/);
    const s = set().parse('t', '{{ $x := .X }}{{ $x.Nope }}');
    expect(errorOf(() => s.execute('t', { X: new Files({}) })).message).toMatch(/can't evaluate field Nope in type \*Files$/);
    expect(errorOf(() => s.execute('t', { X: Object.assign(new Files({}), { goType: '*chart.Metadata' }) })).message).toMatch(/in type \*chart.Metadata$/);
  });
  it('Object.prototype members are not fields', () => {
    const s = set().parse('t', '{{ .X.constructor }}');
    expect(errorOf(() => s.execute('t', { X: new Files({}) })).message).toMatch(/can't evaluate field constructor/);
  });
});

describe('errors: TemplateError carries file, line and column; never a JavaScript stack', () => {
  it('parse errors: line only, as Go', () => {
    const e = errorOf(() => set().parse('c/templates/x.yaml', 'a\n{{ if }}'));
    expect([e.message, e.template, e.line, e.column, e.code]).toEqual([
      'template: c/templates/x.yaml:2: missing value for if',
      'c/templates/x.yaml',
      2,
      undefined,
      'ERR_TEMPLATE',
    ]);
  });
  it('exec errors: line and byte column', () => {
    const e = errorOf(() => set().parse('f', 'é\n  {{ .a.b.c }}').execute('f', { a: {} }));
    expect([e.template, e.line, e.column]).toEqual(['f', 2, 7]);
  });
  it('a function throwing a non-Error still gives a template error', () => {
    const s = new TemplateSet({
      funcs: {
        bad: () => {
          throw 'plain';
        },
      },
    }).parse('t', '{{ bad }}'); // eslint-disable-line no-throw-literal
    expect(errorOf(() => s.execute('t', {})).message).toBe('template: t:1:3: executing "t" at <bad>: error calling bad: plain');
  });
  it('a user function may replace a builtin (funcs take precedence, as in Go)', () => {
    const s = new TemplateSet({ funcs: { len: () => 'mine' } }).parse('t', '{{ len "abc" }}');
    expect(s.execute('t', {})).toBe('mine');
  });
});

describe('Helm conventions', () => {
  it('removeNoValue drops every "<no value>" from the result (Helm engine)', () => {
    const s = set().parse('t', 'a: {{ .Values.nope }}|{{ "<no value>" }}');
    expect(s.execute('t', { Values: {} }, { removeNoValue: true })).toBe('a: |');
    expect(s.execute('t', { Values: {} })).toBe('a: <no value>|<no value>');
  });
  it('struct fields must be exported (capitalised), as Go sees them', () => {
    class Obj {
      private secret = 's';
      Open = 'o';
      helper(): string {
        return this.secret;
      }
    }
    const run = (t: string): string =>
      set()
        .parse('t', t)
        .execute('t', { $: 0, O: new Obj() } as never);
    expect(run('{{ $o := .O }}{{ $o.Open }}')).toBe('o');
    expect(() => run('{{ $o := .O }}{{ $o.secret }}')).toThrowError('secret is an unexported field of struct type *Obj');
    expect(() => run('{{ $o := .O }}{{ $o.helper }}')).toThrowError("can't evaluate field helper in type *Obj");
  });
});

describe("GoSignature: declared arity gives Go's errors (exec.go evalCall)", () => {
  const upper = Object.assign((s: string) => s.toUpperCase(), { goParams: 1 });
  const join = Object.assign((sep: string, ...xs: string[]) => xs.join(sep), { goParams: 1, goVariadic: true });
  const s = new TemplateSet({ funcs: { upper, join } });
  it.each([
    ['{{ upper "a" "b" }}', 'template: t:1:3: executing "t" at <upper>: wrong number of args for upper: want 1 got 2'],
    ['{{ "a" | upper "b" }}', 'template: t:1:9: executing "t" at <upper>: wrong number of args for upper: want 1 got 2'],
    ['{{ join }}', 'template: t:1:3: executing "t" at <join>: wrong number of args for join: want at least 1 got 0'],
  ])('%s', (text, err) => {
    expect(() => s.parse('t', text).execute('t', {})).toThrowError(err);
  });
  it('a correct call runs', () => {
    expect(s.parse('t', '{{ join "-" "a" "b" }} {{ "x" | upper }}').execute('t', {})).toBe('a-b X');
  });
});
