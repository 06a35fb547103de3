// The engine's table of cases: [rule, template, data, expected]. Expected outputs and errors were
// produced by Go 1.19's text/template (the version Helm's reference renderer uses) with the same
// functions; `go: false` marks Go 1.22+/1.23 features (range over int, else with) taken from the
// Go documentation. Data: int = bigint, float64 = number, as values files give them.

export interface ExecCase {
  name: string;
  tpl: string;
  data?: unknown;
  /** Expected output; absent when an error is expected. */
  out?: string;
  /** Expected error message (exact). */
  err?: string;
  /** Go's missingkey option; default 'zero' as Helm sets it. */
  mk?: 'zero' | 'default' | 'error';
  /** false: not checkable with Go 1.19. */
  go?: boolean;
}

const V = (values: Record<string, unknown>): Record<string, unknown> => ({ Values: values });

export const EXEC_CASES: ExecCase[] = [
  // text, actions, trimming, comments
  { name: 'text: plain text is copied', tpl: 'hello\nworld', out: 'hello\nworld' },
  { name: 'trim: {{- trims preceding white space including newlines', tpl: 'a  \n\t {{- "b" }}', out: 'ab' },
  { name: 'trim: -}} trims following white space', tpl: '{{ "a" -}} \n  b', out: 'ab' },
  { name: 'trim: {{-3}} is a number, not a trim marker', tpl: 'x {{-3}}', out: 'x -3' },
  { name: 'comment: {{/* */}} prints nothing', tpl: 'a{{/* c\nmulti */}}b', out: 'ab' },
  { name: 'comment: trim markers around a comment', tpl: 'a \n{{- /* c */ -}}\n b', out: 'ab' },
  { name: 'action: newlines inside an action are allowed', tpl: '{{ "a"\n  | printf "%s-" }}', out: 'a-' },
  // values and printing
  { name: 'print: float64 from values prints shortest %v (1e+06)', tpl: '{{ .Values.n }} {{ .Values.f }} {{ .Values.s }}', data: V({ n: 1000000, f: 1.5, s: 0.0001 }), out: '1e+06 1.5 0.0001' },
  { name: 'print: int literal vs float literal', tpl: '{{ 3 }} {{ 3.0 }} {{ 1e3 }} {{ 0x10 }} {{ 0755 }} {{ \'a\' }}', out: '3 3 1000 16 493 97' },
  { name: 'print: %v of nested maps sorts keys, slices in brackets', tpl: '{{ .Values }}', data: V({ b: [1, 'x', true], a: { z: 1, y: null } }), out: 'map[a:map[y:<nil> z:1] b:[1 x true]]' },
  { name: 'missingkey=zero: missing key prints <no value>', tpl: '[{{ .Values.nope }}]', data: V({}), out: '[<no value>]' },
  { name: 'missingkey=zero: explicit null prints <no value>', tpl: '[{{ .Values.n }}]', data: V({ n: null }), out: '[<no value>]' },
  { name: 'missingkey=default: missing key prints <no value>', tpl: '[{{ .Values.nope }}]', data: V({}), mk: 'default', out: '[<no value>]' },
  { name: 'missingkey=error: missing key is an error', tpl: '{{ .Values.nope }}', data: V({}), mk: 'error', err: 'template: t:1:10: executing "t" at <.Values.nope>: map has no entry for key "nope"' },
  { name: 'nil: field of a missing key (zero) is a nil pointer error', tpl: '{{ .Values.nope.image }}', data: V({}), err: 'template: t:1:10: executing "t" at <.Values.nope.image>: nil pointer evaluating interface {}.image' },
  { name: 'nil: field of a missing key (default) is no value', tpl: '{{ .Values.nope.image }}', data: V({}), mk: 'default', out: '<no value>' },
  { name: 'nil: field on the result of index of a missing key is no value (pipeline unwraps nil)', tpl: '{{ (index .Values "nope").image }}', data: V({}), out: '<no value>' },
  { name: 'nil: field through a variable holding nil is no value', tpl: '{{ $x := .Values.nope }}{{ $x.image }}', data: V({}), out: '<no value>' },
  { name: 'nil: print nil inside print is <nil>', tpl: '{{ print nil }} {{ print .Values.nope }}', data: V({}), out: '<nil> <nil>' },
  { name: 'field: field of a string is an error', tpl: '{{ .Values.s.x }}', data: V({ s: 'str' }), err: 'template: t:1:10: executing "t" at <.Values.s.x>: can\'t evaluate field x in type interface {}' },
  { name: 'field: map field with arguments is an error', tpl: '{{ .Values.s 1 }}', data: V({ s: 'str' }), err: 'template: t:1:10: executing "t" at <.Values.s>: s is not a method but has arguments' },
  { name: 'method: .Files.Get "x" calls the method', tpl: '{{ .Files.Get "a.txt" }}', data: V({}), out: 'content of a.txt' },
  { name: 'method: .Capabilities.APIVersions.Has', tpl: '{{ .Capabilities.APIVersions.Has "v1" }} {{ "x/v9" | .Capabilities.APIVersions.Has }}', data: V({}), out: 'true false' },
  { name: 'call: non-function first word with arguments is an error', tpl: '{{ "x" 1 }}', err: 'template: t:1:3: executing "t" at <"x">: can\'t give argument to non-function "x"' },
  { name: 'call: error returned by a function', tpl: '{{ fail "boom" }}', err: 'template: t:1:3: executing "t" at <fail "boom">: error calling fail: boom' },
  { name: 'call: error position on a later line', tpl: 'a\n  {{ .Values.x | fail }}', data: V({ x: 'bad' }), err: 'template: t:2:17: executing "t" at <fail>: error calling fail: bad' },
  { name: 'call: call builtin invokes a function value', tpl: '{{ call .F "a" }}', data: { F: (s: string) => s + '!' }, out: 'a!', go: false },
  // variables and scope
  { name: 'var: $ is the data', tpl: '{{ with .Values }}{{ $.Values.a }}{{ end }}', data: V({ a: 'x' }), out: 'x' },
  { name: 'var: declared in with is gone after end; reassignment persists', tpl: '{{ $x := 1 }}{{ with true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}', out: '2' },
  { name: 'var: range variables are scoped to the body, assignment escapes', tpl: '{{ $last := "" }}{{ range .Values.l }}{{ $last = . }}{{ end }}{{ $last }}', data: V({ l: ['a', 'b'] }), out: 'b' },
  { name: 'var: undefined variable is a parse error', tpl: '{{ $x }}', err: 'template: t:1: undefined variable "$x"' },
  { name: 'var: variable declared in if is visible in else', tpl: '{{ if $x := .Values.a }}{{ $x }}{{ else }}[{{ $x }}]{{ end }}', data: V({ a: '' }), out: '[]' },
  // if / with
  { name: 'if: empty string, 0, empty list and map are false', tpl: '{{ if "" }}1{{ end }}{{ if 0 }}2{{ end }}{{ if .Values.l }}3{{ end }}{{ if .Values.m }}4{{ end }}{{ if 0.0 }}5{{ end }}.', data: V({ l: [], m: {} }), out: '.' },
  { name: 'if: else if chain', tpl: '{{ if eq .Values.a 1.0 }}one{{ else if eq .Values.a 2.0 }}two{{ else }}other{{ end }}', data: V({ a: 2 }), out: 'two' },
  { name: 'with: sets dot, else runs with outer dot', tpl: '{{ with .Values.a }}{{ . }}{{ else }}none{{ end }}|{{ with .Values.b }}{{ . }}{{ else }}{{ .Values.c }}{{ end }}', data: V({ a: 'A', c: 'C' }), out: 'A|C' },
  { name: 'with: else with (Go 1.23)', tpl: '{{ with .Values.a }}a{{ else with .Values.b }}{{ . }}{{ end }}', data: V({ b: 'B' }), out: 'B', go: false },
  // range
  { name: 'range: slice with index and element', tpl: '{{ range $i, $v := .Values.l }}{{ $i }}:{{ $v }} {{ end }}', data: V({ l: ['a', 'b'] }), out: '0:a 1:b ' },
  { name: 'range: map iterates in sorted key order', tpl: '{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}', data: V({ m: { b: 2, a: 1, C: 3 } }), out: 'C=3;a=1;b=2;' },
  { name: 'range: else runs for an empty or missing collection', tpl: '{{ range .Values.l }}x{{ else }}empty{{ end }}|{{ range .Values.nope }}x{{ else }}none{{ end }}', data: V({ l: [] }), out: 'empty|none' },
  { name: 'range: break and continue', tpl: '{{ range .Values.l }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ if eq . "d" }}{{ break }}{{ end }}{{ . }}{{ end }}', data: V({ l: ['a', 'b', 'c', 'd', 'e'] }), out: 'ac' },
  { name: 'range: over an integer (Go 1.22)', tpl: '{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}', out: '012|01', go: false },
  { name: 'range: over a string is an error', tpl: '{{ range "ab" }}{{ end }}', err: 'template: t:1:9: executing "t" at <"ab">: range can\'t iterate over ab' },
  { name: 'range: break outside range is a parse error', tpl: '{{ break }}', err: 'template: t:1: {{break}} outside {{range}}' },
  { name: 'range: dot inside is the element, $ still the root', tpl: '{{ range .Values.l }}{{ .n }}{{ $.Values.sep }}{{ end }}', data: V({ l: [{ n: 'a' }, { n: 'b' }], sep: ',' }), out: 'a,b,' },
  // define / template / block
  { name: 'define: template invocation with a pipeline', tpl: '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .Values.a }}', data: V({ a: 1 }), out: '[1]' },
  { name: 'define: template without a pipeline gets nil dot', tpl: '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" }}', out: '[<no value>]' },
  { name: 'define: templates see no caller variables', tpl: '{{ define "x" }}{{ $ }}{{ end }}{{ $y := 1 }}{{ template "x" "d" }}', out: 'd' },
  { name: 'block: defines and runs', tpl: '{{ block "b" . }}default {{ .Values.a }}{{ end }}', data: V({ a: 'A' }), out: 'default A' },
  { name: 'template: undefined template is an exec error', tpl: '{{ template "nope" }}', err: 'template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined' },
  { name: 'template: errors inside a define name the define', tpl: '{{ define "x" }}\n {{ .a.b }}{{ end }}{{ template "x" dict "a" nil }}', err: 'template: t:2:6: executing "x" at <.a.b>: nil pointer evaluating interface {}.b' },
  // builtins
  { name: 'and: returns the first false argument, short-circuits', tpl: '{{ and 1 0 (fail "x") }}|{{ and 1 2 }}', out: '0|2' },
  { name: 'or: returns the first true argument, short-circuits', tpl: '{{ or 0 "" "z" (fail "x") }}|{{ or 0 "" }}', out: 'z|' },
  { name: 'not: negates truth', tpl: '{{ not 0 }} {{ not "a" }}', out: 'true false' },
  { name: 'eq: several arguments', tpl: '{{ eq 2 1 2 }} {{ eq "a" "b" "c" }}', out: 'true false' },
  { name: 'eq: int vs float is incompatible', tpl: '{{ eq 1 1.0 }}', err: 'template: t:1:3: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison' },
  { name: 'eq: values number (float64) vs int literal is incompatible', tpl: '{{ eq .Values.n 1 }}', data: V({ n: 1 }), err: 'template: t:1:3: executing "t" at <eq .Values.n 1>: error calling eq: incompatible types for comparison' },
  { name: 'eq: nil compares false against a value, true against nil', tpl: '{{ eq .Values.nope "x" }} {{ eq nil nil }}', data: V({}), out: 'false true' },
  { name: 'lt/gt: ints, floats and strings', tpl: '{{ lt 1 2 }} {{ gt 1.5 0.5 }} {{ le "a" "b" }} {{ ge 2 2 }} {{ ne 1 2 }}', out: 'true true true true true' },
  { name: 'lt: int vs float is incompatible', tpl: '{{ lt 1 2.0 }}', err: 'template: t:1:3: executing "t" at <lt 1 2.0>: error calling lt: incompatible types for comparison' },
  { name: 'index: maps, slices, nested', tpl: '{{ index .Values "m" "k" }} {{ index .Values.l 1 }} {{ index .Values.m "nope" }}', data: V({ m: { k: 'v' }, l: ['a', 'b'] }), out: 'v b <no value>' },
  { name: 'index: out of range', tpl: '{{ index .Values.l 5 }}', data: V({ l: ['a'] }), err: 'template: t:1:3: executing "t" at <index .Values.l 5>: error calling index: index out of range: 5' },
  { name: 'index: of nil is an error', tpl: '{{ index .Values.nope "x" }}', data: V({}), err: 'template: t:1:3: executing "t" at <index .Values.nope "x">: error calling index: index of untyped nil' },
  { name: 'slice: strings and lists', tpl: '{{ slice "hello" 1 3 }} {{ slice .Values.l 1 }}', data: V({ l: ['a', 'b', 'c'] }), out: 'el [b c]' },
  { name: 'len: string bytes, list, map', tpl: '{{ len "héllo" }} {{ len .Values.l }} {{ len .Values }}', data: V({ l: [1, 2] }), out: '6 2 1' },
  { name: 'print: spaces only between non-string operands', tpl: '{{ print "a" 1 2 "b" "c" }}|{{ println 1 "a" }}', out: 'a1 2bc|1 a\n' },
  { name: 'html/js/urlquery escape', tpl: '{{ html "<a href=\'x\'>&\\"" }} {{ js "it\'s <b>=\\n" }} {{ urlquery "a b&c/é" }}', out: '&lt;a href=&#39;x&#39;&gt;&amp;&#34; it\\\'s \\u003Cb\\u003E\\u003D\\u000A a+b%26c%2F%C3%A9' },
  // printf
  { name: 'printf: %d of a float64 is a bad verb', tpl: '{{ printf "%d" .Values.port }}', data: V({ port: 8080 }), out: '%!d(float64=8080)' },
  { name: 'printf: %v %s %q %t %x %X', tpl: '{{ printf "%v|%s|%q|%t|%x|%X|%x" 1.5 "s" "q\\n" true 255 255 "hi" }}', out: '1.5|s|"q\\n"|true|ff|FF|6869' },
  { name: 'printf: widths, precision, flags', tpl: '{{ printf "[%5d][%-5d][%05d][%+d][%8.3f][%-8s][%.2s][% d]" 42 42 42 42 3.14159 "ab" "abc" 5 }}', out: '[   42][42   ][00042][+42][   3.142][ab      ][ab][ 5]' },
  { name: 'printf: %e %g %o %b %c %U %%', tpl: '{{ printf "%e %g %.3g %o %b %c %U %%" 123456.789 0.000012 3.14159 8 5 65 65 }}', out: '1.234568e+05 1.2e-05 3.14 10 101 A U+0041 %' },
  { name: 'printf: missing and extra arguments', tpl: '{{ printf "%s %s" "a" }}|{{ printf "%s" "a" 1 }}', out: 'a %!s(MISSING)|a%!(EXTRA int=1)' },
  { name: 'printf: %v of maps and lists, %s of an int', tpl: '{{ printf "%v %s %d" .Values.m .Values.l 3 }}', data: V({ m: { a: [1, 2] }, l: ['x', 'y'] }), out: 'map[a:[1 2]] [x y] 3' },
  { name: 'printf: %s of int is a bad verb', tpl: '{{ printf "%s" 4 }}', out: '%!s(int=4)' },
  // parse errors
  { name: 'parse: unknown function', tpl: '{{ nope 1 }}', err: 'template: t:1: function "nope" not defined' },
  { name: 'parse: unclosed action', tpl: '{{ if true }}x', err: 'template: t:1: unexpected EOF' },
  { name: 'parse: unexpected end', tpl: 'a{{ end }}', err: 'template: t:1: unexpected {{end}}' },
  { name: 'parse: error line counts newlines', tpl: 'a\nb\n{{ .x | nope }}', err: 'template: t:3: function "nope" not defined' },
  { name: 'parse: custom left and right delimiters are plain text under default delims', tpl: '[[ .x ]]', data: { x: 1 }, out: '[[ .x ]]' },
];
