// The engine's table of cases: [rule, template, data, expected]. Expected outputs and errors were
// produced by Go 1.19's text/template (the version Helm's reference renderer uses) with the same
// functions; `go: false` marks Go 1.22+/1.23 features (range over int, else with) taken from the
// Go documentation. Data: int = bigint, float64 = number, as values files give them.

import { TemplateSet } from './template-set.js';

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
  /** Custom action delimiters (Template.Delims). */
  delims?: [string, string];
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
  {
    name: 'print: float64 from values prints shortest %v (1e+06)',
    tpl: '{{ .Values.n }} {{ .Values.f }} {{ .Values.s }}',
    data: V({ n: 1000000, f: 1.5, s: 0.0001 }),
    out: '1e+06 1.5 0.0001',
  },
  { name: 'print: int literal vs float literal', tpl: "{{ 3 }} {{ 3.0 }} {{ 1e3 }} {{ 0x10 }} {{ 0755 }} {{ 'a' }}", out: '3 3 1000 16 493 97' },
  {
    name: 'print: %v of nested maps sorts keys, slices in brackets',
    tpl: '{{ .Values }}',
    data: V({ b: [1, 'x', true], a: { z: 1, y: null } }),
    out: 'map[a:map[y:<nil> z:1] b:[1 x true]]',
  },
  { name: 'missingkey=zero: missing key prints <no value>', tpl: '[{{ .Values.nope }}]', data: V({}), out: '[<no value>]' },
  { name: 'missingkey=zero: explicit null prints <no value>', tpl: '[{{ .Values.n }}]', data: V({ n: null }), out: '[<no value>]' },
  { name: 'missingkey=default: missing key prints <no value>', tpl: '[{{ .Values.nope }}]', data: V({}), mk: 'default', out: '[<no value>]' },
  {
    name: 'missingkey=error: missing key is an error',
    tpl: '{{ .Values.nope }}',
    data: V({}),
    mk: 'error',
    err: 'template: t:1:10: executing "t" at <.Values.nope>: map has no entry for key "nope"',
  },
  {
    name: 'nil: field of a missing key (zero) is a nil pointer error',
    tpl: '{{ .Values.nope.image }}',
    data: V({}),
    err: 'template: t:1:10: executing "t" at <.Values.nope.image>: nil pointer evaluating interface {}.image',
  },
  { name: 'nil: field of a missing key (default) is no value', tpl: '{{ .Values.nope.image }}', data: V({}), mk: 'default', out: '<no value>' },
  {
    name: 'nil: field on the result of index of a missing key is no value (pipeline unwraps nil)',
    tpl: '{{ (index .Values "nope").image }}',
    data: V({}),
    out: '<no value>',
  },
  { name: 'nil: field through a variable holding nil is no value', tpl: '{{ $x := .Values.nope }}{{ $x.image }}', data: V({}), out: '<no value>' },
  { name: 'nil: print nil inside print is <nil>', tpl: '{{ print nil }} {{ print .Values.nope }}', data: V({}), out: '<nil> <nil>' },
  {
    name: 'field: field of a string is an error',
    tpl: '{{ .Values.s.x }}',
    data: V({ s: 'str' }),
    err: 'template: t:1:10: executing "t" at <.Values.s.x>: can\'t evaluate field x in type interface {}',
  },
  {
    name: 'field: map field with arguments is an error',
    tpl: '{{ .Values.s 1 }}',
    data: V({ s: 'str' }),
    err: 'template: t:1:10: executing "t" at <.Values.s>: s is not a method but has arguments',
  },
  { name: 'method: .Files.Get "x" calls the method', tpl: '{{ .Files.Get "a.txt" }}', data: V({}), out: 'content of a.txt' },
  {
    name: 'method: .Capabilities.APIVersions.Has',
    tpl: '{{ .Capabilities.APIVersions.Has "v1" }} {{ "x/v9" | .Capabilities.APIVersions.Has }}',
    data: V({}),
    out: 'true false',
  },
  {
    name: 'call: non-function first word with arguments is an error',
    tpl: '{{ "x" 1 }}',
    err: 'template: t:1:3: executing "t" at <"x">: can\'t give argument to non-function "x"',
  },
  { name: 'call: error returned by a function', tpl: '{{ fail "boom" }}', err: 'template: t:1:3: executing "t" at <fail "boom">: error calling fail: boom' },
  {
    name: 'call: error position on a later line',
    tpl: 'a\n  {{ .Values.x | fail }}',
    data: V({ x: 'bad' }),
    err: 'template: t:2:17: executing "t" at <fail>: error calling fail: bad',
  },
  { name: 'call: call builtin invokes a function value', tpl: '{{ call .F "a" }}', data: { F: (s: string) => s + '!' }, out: 'a!', go: false },
  // variables and scope
  { name: 'var: $ is the data', tpl: '{{ with .Values }}{{ $.Values.a }}{{ end }}', data: V({ a: 'x' }), out: 'x' },
  {
    name: 'var: declared in with is gone after end; reassignment persists',
    tpl: '{{ $x := 1 }}{{ with true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}',
    out: '2',
  },
  {
    name: 'var: range variables are scoped to the body, assignment escapes',
    tpl: '{{ $last := "" }}{{ range .Values.l }}{{ $last = . }}{{ end }}{{ $last }}',
    data: V({ l: ['a', 'b'] }),
    out: 'b',
  },
  { name: 'var: undefined variable is a parse error', tpl: '{{ $x }}', err: 'template: t:1: undefined variable "$x"' },
  {
    name: 'var: variable declared in if is visible in else',
    tpl: '{{ if $x := .Values.a }}{{ $x }}{{ else }}[{{ $x }}]{{ end }}',
    data: V({ a: '' }),
    out: '[]',
  },
  // if / with
  {
    name: 'if: empty string, 0, empty list and map are false',
    tpl: '{{ if "" }}1{{ end }}{{ if 0 }}2{{ end }}{{ if .Values.l }}3{{ end }}{{ if .Values.m }}4{{ end }}{{ if 0.0 }}5{{ end }}.',
    data: V({ l: [], m: {} }),
    out: '.',
  },
  { name: 'if: else if chain', tpl: '{{ if eq .Values.a 1.0 }}one{{ else if eq .Values.a 2.0 }}two{{ else }}other{{ end }}', data: V({ a: 2 }), out: 'two' },
  {
    name: 'with: sets dot, else runs with outer dot',
    tpl: '{{ with .Values.a }}{{ . }}{{ else }}none{{ end }}|{{ with .Values.b }}{{ . }}{{ else }}{{ .Values.c }}{{ end }}',
    data: V({ a: 'A', c: 'C' }),
    out: 'A|C',
  },
  { name: 'with: else with (Go 1.23)', tpl: '{{ with .Values.a }}a{{ else with .Values.b }}{{ . }}{{ end }}', data: V({ b: 'B' }), out: 'B', go: false },
  // range
  {
    name: 'range: slice with index and element',
    tpl: '{{ range $i, $v := .Values.l }}{{ $i }}:{{ $v }} {{ end }}',
    data: V({ l: ['a', 'b'] }),
    out: '0:a 1:b ',
  },
  {
    name: 'range: map iterates in sorted key order',
    tpl: '{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}',
    data: V({ m: { b: 2, a: 1, C: 3 } }),
    out: 'C=3;a=1;b=2;',
  },
  {
    name: 'range: else runs for an empty or missing collection',
    tpl: '{{ range .Values.l }}x{{ else }}empty{{ end }}|{{ range .Values.nope }}x{{ else }}none{{ end }}',
    data: V({ l: [] }),
    out: 'empty|none',
  },
  {
    name: 'range: break and continue',
    tpl: '{{ range .Values.l }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ if eq . "d" }}{{ break }}{{ end }}{{ . }}{{ end }}',
    data: V({ l: ['a', 'b', 'c', 'd', 'e'] }),
    out: 'ac',
  },
  { name: 'range: over an integer (Go 1.22)', tpl: '{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}', out: '012|01', go: false },
  { name: 'range: over a string is an error', tpl: '{{ range "ab" }}{{ end }}', err: 'template: t:1:9: executing "t" at <"ab">: range can\'t iterate over ab' },
  { name: 'range: break outside range is a parse error', tpl: '{{ break }}', err: 'template: t:1: {{break}} outside {{range}}' },
  {
    name: 'range: dot inside is the element, $ still the root',
    tpl: '{{ range .Values.l }}{{ .n }}{{ $.Values.sep }}{{ end }}',
    data: V({ l: [{ n: 'a' }, { n: 'b' }], sep: ',' }),
    out: 'a,b,',
  },
  // define / template / block
  { name: 'define: template invocation with a pipeline', tpl: '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .Values.a }}', data: V({ a: 1 }), out: '[1]' },
  { name: 'define: template without a pipeline gets nil dot', tpl: '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" }}', out: '[<no value>]' },
  { name: 'define: templates see no caller variables', tpl: '{{ define "x" }}{{ $ }}{{ end }}{{ $y := 1 }}{{ template "x" "d" }}', out: 'd' },
  { name: 'block: defines and runs', tpl: '{{ block "b" . }}default {{ .Values.a }}{{ end }}', data: V({ a: 'A' }), out: 'default A' },
  {
    name: 'template: undefined template is an exec error',
    tpl: '{{ template "nope" }}',
    err: 'template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined',
  },
  {
    name: 'template: errors inside a define name the define',
    tpl: '{{ define "x" }}\n {{ .a.b }}{{ end }}{{ template "x" dict "a" nil }}',
    err: 'template: t:2:6: executing "x" at <.a.b>: nil pointer evaluating interface {}.b',
  },
  // builtins
  { name: 'and: returns the first false argument, short-circuits', tpl: '{{ and 1 0 (fail "x") }}|{{ and 1 2 }}', out: '0|2' },
  { name: 'or: returns the first true argument, short-circuits', tpl: '{{ or 0 "" "z" (fail "x") }}|{{ or 0 "" }}', out: 'z|' },
  { name: 'not: negates truth', tpl: '{{ not 0 }} {{ not "a" }}', out: 'true false' },
  { name: 'eq: several arguments', tpl: '{{ eq 2 1 2 }} {{ eq "a" "b" "c" }}', out: 'true false' },
  {
    name: 'eq: int vs float is incompatible',
    tpl: '{{ eq 1 1.0 }}',
    err: 'template: t:1:3: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison',
  },
  {
    name: 'eq: values number (float64) vs int literal is incompatible',
    tpl: '{{ eq .Values.n 1 }}',
    data: V({ n: 1 }),
    err: 'template: t:1:3: executing "t" at <eq .Values.n 1>: error calling eq: incompatible types for comparison',
  },
  { name: 'eq: nil compares false against a value, true against nil', tpl: '{{ eq .Values.nope "x" }} {{ eq nil nil }}', data: V({}), out: 'false true' },
  { name: 'lt/gt: ints, floats and strings', tpl: '{{ lt 1 2 }} {{ gt 1.5 0.5 }} {{ le "a" "b" }} {{ ge 2 2 }} {{ ne 1 2 }}', out: 'true true true true true' },
  {
    name: 'lt: int vs float is incompatible',
    tpl: '{{ lt 1 2.0 }}',
    err: 'template: t:1:3: executing "t" at <lt 1 2.0>: error calling lt: incompatible types for comparison',
  },
  {
    name: 'index: maps, slices, nested',
    tpl: '{{ index .Values "m" "k" }} {{ index .Values.l 1 }} {{ index .Values.m "nope" }}',
    data: V({ m: { k: 'v' }, l: ['a', 'b'] }),
    out: 'v b <no value>',
  },
  {
    name: 'index: out of range',
    tpl: '{{ index .Values.l 5 }}',
    data: V({ l: ['a'] }),
    err: 'template: t:1:3: executing "t" at <index .Values.l 5>: error calling index: index out of range: 5',
  },
  {
    name: 'index: of nil is an error',
    tpl: '{{ index .Values.nope "x" }}',
    data: V({}),
    err: 'template: t:1:3: executing "t" at <index .Values.nope "x">: error calling index: index of untyped nil',
  },
  { name: 'slice: strings and lists', tpl: '{{ slice "hello" 1 3 }} {{ slice .Values.l 1 }}', data: V({ l: ['a', 'b', 'c'] }), out: 'el [b c]' },
  { name: 'len: string bytes, list, map', tpl: '{{ len "héllo" }} {{ len .Values.l }} {{ len .Values }}', data: V({ l: [1, 2] }), out: '6 2 1' },
  { name: 'print: spaces only between non-string operands', tpl: '{{ print "a" 1 2 "b" "c" }}|{{ println 1 "a" }}', out: 'a1 2bc|1 a\n' },
  {
    name: 'html/js/urlquery escape',
    tpl: '{{ html "<a href=\'x\'>&\\"" }} {{ js "it\'s <b>=\\n" }} {{ urlquery "a b&c/é" }}',
    out: "&lt;a href=&#39;x&#39;&gt;&amp;&#34; it\\'s \\u003Cb\\u003E\\u003D\\u000A a+b%26c%2F%C3%A9",
  },
  // printf
  { name: 'printf: %d of a float64 is a bad verb', tpl: '{{ printf "%d" .Values.port }}', data: V({ port: 8080 }), out: '%!d(float64=8080)' },
  { name: 'printf: %v %s %q %t %x %X', tpl: '{{ printf "%v|%s|%q|%t|%x|%X|%x" 1.5 "s" "q\\n" true 255 255 "hi" }}', out: '1.5|s|"q\\n"|true|ff|FF|6869' },
  {
    name: 'printf: widths, precision, flags',
    tpl: '{{ printf "[%5d][%-5d][%05d][%+d][%8.3f][%-8s][%.2s][% d]" 42 42 42 42 3.14159 "ab" "abc" 5 }}',
    out: '[   42][42   ][00042][+42][   3.142][ab      ][ab][ 5]',
  },
  {
    name: 'printf: %e %g %o %b %c %U %%',
    tpl: '{{ printf "%e %g %.3g %o %b %c %U %%" 123456.789 0.000012 3.14159 8 5 65 65 }}',
    out: '1.234568e+05 1.2e-05 3.14 10 101 A U+0041 %',
  },
  { name: 'printf: missing and extra arguments', tpl: '{{ printf "%s %s" "a" }}|{{ printf "%s" "a" 1 }}', out: 'a %!s(MISSING)|a%!(EXTRA int=1)' },
  {
    name: 'printf: %v of maps and lists, %s of an int',
    tpl: '{{ printf "%v %s %d" .Values.m .Values.l 3 }}',
    data: V({ m: { a: [1, 2] }, l: ['x', 'y'] }),
    out: 'map[a:[1 2]] [x y] 3',
  },
  { name: 'printf: %s of int is a bad verb', tpl: '{{ printf "%s" 4 }}', out: '%!s(int=4)' },
  // parse errors
  { name: 'parse: unknown function', tpl: '{{ nope 1 }}', err: 'template: t:1: function "nope" not defined' },
  { name: 'parse: unclosed action', tpl: '{{ if true }}x', err: 'template: t:1: unexpected EOF' },
  { name: 'parse: unexpected end', tpl: 'a{{ end }}', err: 'template: t:1: unexpected {{end}}' },
  { name: 'parse: error line counts newlines', tpl: 'a\nb\n{{ .x | nope }}', err: 'template: t:3: function "nope" not defined' },
  {
    name: 'printf: %f rounds the exact value half to even (strconv)',
    tpl: '{{ printf "%.0f|%.0f|%.0f|%.1f|%.2f|%.3f|%f|%f" 0.5 1.5 2.5 0.25 1.005 2.0005 1e-7 123456789.123 }}',
    out: '0|2|2|0.2|1.00|2.001|0.000000|123456789.123000',
  },
  {
    name: 'printf: %e precision and exponent digits',
    tpl: '{{ printf "%.2e|%.0e|%e|%e|%.3e" 1.125 2.5 1e300 5e-324 0.0 }}',
    out: '1.12e+00|2e+00|1.000000e+300|4.940656e-324|0.000e+00',
  },
  {
    name: 'printf: %g with precision chooses %e or %f form',
    tpl: '{{ printf "%.1g|%.3g|%.3g|%.4g|%.2g|%.5g|%g" 0.25 1.0 1234.5 0.000012345 99.5 1e-5 1e-5 }}',
    out: '0.2|1|1.23e+03|1.234e-05|1e+02|1e-05|1e-05',
  },
  { name: 'printf: %g exponent threshold is the precision', tpl: '{{ printf "%.3g|%.3g|%.1g|%.2g" 100.0 1e6 9.5 0.0001234 }}', out: '100|1e+06|1e+01|0.00012' },
  {
    name: 'printf: float widths, signs and zero padding',
    tpl: '{{ printf "%8.2f|%-8.2f|%+.1e|%010.3f|% .2f" 3.14159 2.5 -1.0 -2.5 1.0 }}',
    out: '    3.14|2.50    |-1.0e+00|-00002.500| 1.00',
  },
  {
    name: 'printf: huge floats in %f',
    tpl: '{{ printf "%f|%.1f|%e" 1e22 1e21 123.0 }}',
    out: '10000000000000000000000.000000|1000000000000000000000.0|1.230000e+02',
  },
  {
    name: 'printf: %#v shows nil elements as interface {}(nil)',
    tpl: '{{ printf "%#v" .m }}',
    data: { m: { a: null, l: [null] } },
    out: 'map[string]interface {}{"a":interface {}(nil), "l":[]interface {}{interface {}(nil)}}',
  },
  {
    name: 'printf: %v %+v %#v of a map',
    tpl: '{{ printf "%v|%+v|%#v" .m .m .m }}',
    data: { m: { a: 1, b: 'x', c: [1, 2], d: null } },
    out: 'map[a:1 b:x c:[1 2] d:<nil>]|map[a:1 b:x c:[1 2] d:<nil>]|map[string]interface {}{"a":1, "b":"x", "c":[]interface {}{1, 2}, "d":interface {}(nil)}',
  },
  { name: 'printf: %#v of scalars', tpl: '{{ printf "%#v|%#v|%#v|%#v" 1 1.5 "s" true }}', out: '1|1.5|"s"|true' },
  {
    name: 'printf: verbs apply to each element of a list',
    tpl: '{{ printf "%s|%d|%v" .l .l .l }}',
    data: { l: ['a', 1, 2n] },
    out: '[a %!s(float64=1) %!s(int=2)]|[%!d(string=a) %!d(float64=1) 2]|[a 1 2]',
  },
  { name: 'printf: width and precision with %v', tpl: '{{ printf "%6.2v|%-6v|%06v" 3.14159 "ab" 42 }}', out: '   3.1|ab    |000042' },
  { name: 'printf: explicit argument indexes', tpl: '{{ printf "%[2]s %[1]s" "a" "b" }}', out: 'b a' },
  { name: 'printf: * width and precision from arguments', tpl: '{{ printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159 }}', out: '    1|2   |3.14' },
  {
    name: 'printf: bad verb, missing verb, %! forms',
    tpl: '{{ printf "%!" }}|{{ printf "%z" 1 }}|{{ printf "%" }}',
    out: '%!!(MISSING)|%!z(int=1)|%!(NOVERB)',
  },
  { name: 'printf: %t of a non-bool', tpl: '{{ printf "%t|%t" true 1 }}', out: 'true|%!t(int=1)' },
  { name: 'printf: nil with %d %s %v', tpl: '{{ printf "%d|%s|%v" nil nil nil }}', out: '%!d(<nil>)|%!s(<nil>)|<nil>' },
  { name: 'printf: %x of strings, space flag', tpl: '{{ printf "%x|% x|%X" "hello" "hi" "hi" }}', out: '68656c6c6f|68 69|6869' },
  { name: 'printf: string precision truncates, %q escapes', tpl: '{{ printf "%.3s|%5.1s|%q" "abcdef" "xyz" "a\\tb\\"c" }}', out: 'abc|    x|"a\\tb\\"c"' },
  {
    name: 'printf: %e %g of zero and powers of ten',
    tpl: '{{ printf "%e|%g|%g|%g|%g" 0.0 100000.0 1000000.0 0.0001 0.00001 }}',
    out: '0.000000e+00|100000|1e+06|0.0001|1e-05',
  },
  { name: 'printf: %v of large floats uses exponents from 1e21', tpl: '{{ printf "%v %v %v" 1e21 1e20 123456789.0 }}', out: '1e+21 1e+20 1.23456789e+08' },
  { name: 'printf: ints in bases, # prefixes', tpl: '{{ printf "%x|%X|%#x|%#o|%O|%b|%08b" 255 255 255 8 8 5 5 }}', out: 'ff|FF|0xff|010|0o10|101|00000101' },
  { name: 'printf: runes: %q %c %U %#U', tpl: '{{ printf "%q|%c|%U|%#U" 65 9731 9731 9731 }}', out: "'A'|☃|U+2603|U+2603 '☃'" },
  // found by fuzz/template.ts ("3 | sub 1 | printf \"%q\"" threw RangeError: Invalid code point -2); go1.22 fmt
  {
    name: 'printf: runes that are no code point are U+FFFD, %U prints the uint64 bits',
    tpl: '{{ printf "%q|%c|%U|%#U|%q|%c|%#U" -2 -2 -2 -2 1114112 55296 55296 }}',
    out: "'�'|�|U+FFFFFFFFFFFFFFFE|U+FFFFFFFFFFFFFFFE|'�'|�|U+D800",
  },
  {
    name: 'print: float64 values print like %v (1e-07, 1.234567e+06)',
    tpl: '{{ .a }} {{ .b }} {{ .c }} {{ .d }}',
    data: { a: 1e-7, b: 1234567, c: -0.00001, d: 123456 },
    out: '1e-07 1.234567e+06 -1e-05 123456',
  },
  {
    name: 'literal: number forms (exponent, sign, underscores, 0b, 0o)',
    tpl: '{{ 1.5e300 }} {{ -2 }} {{ +3 }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }}',
    out: '1.5e+300 -2 3 1000 5 15',
  },
  { name: 'literal: character constants are ints', tpl: "{{ '\\n' }} {{ '\\x41' }} {{ '\\u00e9' }}", out: '10 65 233' },
  { name: 'literal: string escapes and raw strings', tpl: '{{ "a\\tb\\u00e9\\x41" }} {{ `raw\\n` }}', out: 'a\tbéA raw\\n' },
  { name: 'literal: integer overflow is a parse error', tpl: '{{ 99999999999999999999 }}', err: 'template: t:1: integer overflow: "99999999999999999999"' },
  {
    name: 'field: of a list element type is interface {}',
    tpl: '{{ .x.y }}',
    data: { x: [1] },
    err: 'template: t:1:5: executing "t" at <.x.y>: can\'t evaluate field y in type interface {}',
  },
  {
    name: 'field: of an int variable names type int',
    tpl: '{{ $x := 1 }}{{ $x.y }}',
    err: 'template: t:1:18: executing "t" at <$x.y>: can\'t evaluate field y in type int',
  },
  {
    name: 'field: of string data names type string',
    tpl: '{{ .x }}',
    data: 'str',
    err: 'template: t:1:3: executing "t" at <.x>: can\'t evaluate field x in type string',
  },
  { name: 'range: single variable gets the element', tpl: '{{ range $e := .l }}{{ $e }}{{ end }}', data: { l: ['x', 'y'] }, out: 'xy' },
  { name: 'range: nil element prints <no value>', tpl: '{{ range .l }}{{ . }}{{ end }}', data: { l: [null, 1] }, out: '<no value>1' },
  { name: 'range: over a float is an error', tpl: '{{ range 3.5 }}{{ end }}', err: 'template: t:1:9: executing "t" at <3.5>: range can\'t iterate over 3.5' },
  { name: 'range: over a bool is an error', tpl: '{{ range true }}{{ end }}', err: 'template: t:1:9: executing "t" at <true>: range can\'t iterate over true' },
  { name: 'with: declaration binds the value and dot', tpl: '{{ with $x := .a }}{{ $x }}{{ . }}{{ end }}', data: { a: 'A' }, out: 'AA' },
  { name: 'parse: if without a pipeline', tpl: '{{ if }}{{ end }}', err: 'template: t:1: missing value for if' },
  { name: 'parse: two elses', tpl: '{{ if 1 }}{{ else }}{{ else }}{{ end }}', err: 'template: t:1: expected end; found {{else}}' },
  { name: 'parse: range takes at most two variables', tpl: '{{ range $a, $b, $c := . }}{{ end }}', err: 'template: t:1: too many declarations in range' },
  { name: 'parse: with takes one variable', tpl: '{{ with $a, $b := . }}{{ end }}', err: 'template: t:1: too many declarations in with' },
  { name: 'parse: a literal cannot be a later pipeline stage', tpl: '{{ . | 1 }}', err: 'template: t:1: non executable command in pipeline stage 2' },
  { name: 'exec: a literal with arguments', tpl: '{{ 1 . }}', err: 'template: t:1:3: executing "t" at <1>: can\'t give argument to non-function 1' },
  { name: 'exec: field of a parenthesised int', tpl: '{{ (1).x }}', err: 'template: t:1:4: executing "t" at <1>: can\'t evaluate field x in type int' },
  { name: 'exec: field of a parenthesised pipeline', tpl: '{{ (.a).b }}', data: { a: { b: 'B' } }, out: 'B' },
  { name: 'pipeline: the previous value is the last argument', tpl: '{{ .a | printf "%s-%s" "x" }}', data: { a: 'A' }, out: 'x-A' },
  { name: 'lex: unterminated string', tpl: '{{ "unterminated }}', err: 'template: t:1: unterminated quoted string' },
  { name: 'parse: operands need spaces', tpl: '{{ .a "b"c }}', err: 'template: t:1: unexpected "c" in operand' },
  { name: 'parse: unbalanced right paren', tpl: '{{ ) }}', err: 'template: t:1: unexpected ")" in command' },
  { name: 'lex: unclosed left paren', tpl: '{{ ( .a }}', err: 'template: t:1: unclosed left paren' },
  { name: 'parse: a lone } inside an action', tpl: '{{ .a }', err: 'template: t:1: unexpected "}" in operand' },
  { name: 'lex: unclosed comment', tpl: '{{/* unclosed', err: 'template: t:1: unclosed comment' },
  { name: 'lex: comment must end the action', tpl: '{{/* x */ .a }}', err: 'template: t:1: comment ends before closing delimiter' },
  {
    name: 'parse: a define twice in one text',
    tpl: '{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}',
    err: 'template: t:1: template: multiple definition of template "a"',
  },
  { name: 'parse: define without end', tpl: '{{ define "a" }}{{ if 1 }}{{ end }}', err: 'template: t:1: unexpected EOF' },
  { name: 'parse: template name must be a string', tpl: '{{ template 1 }}', err: 'template: t:1: unexpected "1" in template clause' },
  { name: 'parse: define only at top level', tpl: '{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}', err: 'template: t:1: unexpected <define> in command' },
  { name: 'var: redeclaration shadows', tpl: '{{ $x := 1 }}{{ $x := 2 }}{{ $x }}', out: '2' },
  { name: 'var: $ can be assigned', tpl: '{{ $ = 5 }}{{ $ }}', out: '5' },
  { name: 'exec: nil is not a command', tpl: '{{ nil }}', err: 'template: t:1:3: executing "t" at <nil>: nil is not a command' },
  {
    name: 'exec: field of a map with an argument',
    tpl: '{{ .a nil }}',
    data: {},
    err: 'template: t:1:3: executing "t" at <.a>: a is not a method but has arguments',
  },
  { name: 'and: needs an argument', tpl: '{{ and }}', err: 'template: t:1:3: executing "t" at <and>: wrong number of args for and: want at least 1 got 0' },
  { name: 'not: takes one argument', tpl: '{{ not 1 2 }}', err: 'template: t:1:3: executing "t" at <not>: wrong number of args for not: want 1 got 2' },
  { name: 'len: of an int', tpl: '{{ len 3 }}', err: 'template: t:1:3: executing "t" at <len 3>: error calling len: len of type int' },
  {
    name: 'index: of an int',
    tpl: '{{ index 3 1 }}',
    err: 'template: t:1:3: executing "t" at <index 3 1>: error calling index: can\'t index item of type int',
  },
  {
    name: 'index: map key must be a string',
    tpl: '{{ index .m 1 }}',
    data: { m: {} },
    err: 'template: t:1:3: executing "t" at <index .m 1>: error calling index: value has type int; should be string',
  },
  {
    name: 'index: list index must be an int',
    tpl: '{{ index .l "a" }}',
    data: { l: [1] },
    err: 'template: t:1:3: executing "t" at <index .l "a">: error calling index: cannot index slice/array with type string',
  },
  { name: 'index: of a string gives a byte', tpl: '{{ index "abc" 1 }}', out: '98' },
  {
    name: 'slice: reversed indexes',
    tpl: '{{ slice "abc" 2 1 }}',
    err: 'template: t:1:3: executing "t" at <slice "abc" 2 1>: error calling slice: invalid slice index: 2 > 1',
  },
  {
    name: 'slice: past the end',
    tpl: '{{ slice .l 0 5 }}',
    data: { l: [1] },
    err: 'template: t:1:3: executing "t" at <slice .l 0 5>: error calling slice: index out of range: 5',
  },
  {
    name: 'eq: lists are not comparable',
    tpl: '{{ eq .l .l }}',
    data: { l: [1] },
    err: 'template: t:1:3: executing "t" at <eq .l .l>: error calling eq: non-comparable type [%!s(float64=1)]: []interface {}',
  },
  {
    name: 'eq: needs two arguments',
    tpl: '{{ eq "a" }}',
    err: 'template: t:1:3: executing "t" at <eq "a">: error calling eq: missing argument for comparison',
  },
  {
    name: 'lt: bools are not ordered',
    tpl: '{{ lt true false }}',
    err: 'template: t:1:3: executing "t" at <lt true false>: error calling lt: invalid type for comparison',
  },
  { name: 'lt: nil is not ordered', tpl: '{{ lt nil 1 }}', err: 'template: t:1:3: executing "t" at <lt nil 1>: error calling lt: invalid type for comparison' },
  { name: 'eq/ne: nil', tpl: '{{ eq 1 nil }} {{ ne nil nil }}', out: 'false false' },
  { name: 'or: result piped on', tpl: '{{ or .a .b | printf "%v" }}', data: { a: 0, b: '' }, out: '' },
  { name: 'and/or: the piped value is the last argument', tpl: '{{ and 1 | printf "%v" }}|{{ "x" | or 0 }}|{{ "" | and 1 }}', out: '1|x|' },
  {
    name: 'html/js/urlquery: nil prints <no value>, args joined like print',
    tpl: '{{ html .a }}|{{ html nil }}|{{ js 1 2 }}|{{ urlquery "a" 1 }}',
    out: '&lt;no value&gt;|&lt;no value&gt;|1 2|a1',
  },
  { name: 'js: non-printable runes escaped', tpl: '{{ js "\\u2028é\\u0001" }}', out: '\\u2028é\\u0001' },
  { name: 'trim: comment with trim markers', tpl: '{{- /* comment */ -}}   x', out: 'x' },
  { name: 'trim: between actions', tpl: 'a {{- 1 -}} b {{- "" -}}\n\n c', out: 'a1bc' },
  {
    name: 'method: arity is checked (too few)',
    tpl: '{{ .Files.Get }}',
    data: {},
    err: 'template: t:1:9: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 0',
  },
  {
    name: 'method: arity is checked (too many)',
    tpl: '{{ .Files.Get "a" "b" }}',
    data: {},
    err: 'template: t:1:9: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 2',
  },
  {
    name: 'func: nil result prints <no value>, <nil> inside printf',
    tpl: '{{ nilfn }}|{{ nilfn | printf "%v" }}|{{ $x := nilfn }}{{ $x }}',
    out: '<no value>|<nil>|<no value>',
  },
  {
    name: 'printf: a non-string literal format is rejected at the argument',
    tpl: '{{ printf 1 }}',
    err: 'template: t:1:10: executing "t" at <1>: expected string; found 1',
  },
  {
    name: 'printf: a float64 format value has the wrong type',
    tpl: '{{ printf .a }}',
    data: { a: 1.5 },
    err: 'template: t:1:10: executing "t" at <.a>: wrong type for value; expected string; got float64',
  },
  {
    name: 'printf: a missing key format is an interface {}',
    tpl: '{{ printf .nope }}',
    data: {},
    err: 'template: t:1:10: executing "t" at <.nope>: wrong type for value; expected string; got interface {}',
  },
  { name: 'printf: nil cannot be a string', tpl: '{{ printf nil }}', err: 'template: t:1:10: executing "t" at <nil>: cannot assign nil to string' },
  {
    name: 'printf: a piped int format has the wrong type',
    tpl: '{{ 1 | printf }}',
    err: 'template: t:1:7: executing "t" at <printf>: wrong type for value; expected string; got int',
  },
  { name: 'template: a template can be used before its define', tpl: '{{ template "x" }}{{ define "x" }}{{ $ }}{{ end }}', out: '<no value>' },
  { name: 'with: a null field inside prints <no value>', tpl: '{{ with .a }}{{ .b }}{{ end }}', data: { a: { b: null } }, out: '<no value>' },
  {
    name: 'range: variables are not visible after end (parse error)',
    tpl: '{{ range $k, $v := .m }}{{ $k }}{{ end }}{{ $k }}',
    data: { m: { a: 1 } },
    err: 'template: t:1: undefined variable "$k"',
  },
  {
    name: 'call: of a non-function value',
    tpl: '{{ call .a }}',
    data: { a: 's' },
    err: 'template: t:1:3: executing "t" at <call .a>: error calling call: non-function of type string',
  },
  { name: 'call: of nil', tpl: '{{ call .nope }}', data: {}, err: 'template: t:1:3: executing "t" at <call .nope>: error calling call: call of nil' },
  {
    name: 'call: of a missing field with missingkey=default',
    tpl: '{{ call .nope 1 }}',
    data: {},
    mk: 'default',
    err: 'template: t:1:3: executing "t" at <call .nope 1>: error calling call: call of nil',
  },
  { name: 'trim: only ASCII white space is trimmed', tpl: 'x  {{- 1 }}', out: 'x 1' },
  { name: 'trim: {{- at the start and -}} at the end of the text', tpl: '{{- 1 -}}', out: '1' },
  { name: 'print: a list of maps', tpl: '{{ .l }}', data: { l: [{ a: 1 }, { b: [true, null] }] }, out: '[map[a:1] map[b:[true <nil>]]]' },
  { name: 'print: bools and empty collections', tpl: '{{ true }} {{ .e }} {{ .m }}', data: { e: [], m: {} }, out: 'true [] map[]' },
  { name: 'if: a non-empty map and a zero float', tpl: '{{ if .m }}m{{ end }}{{ if .f }}f{{ end }}', data: { m: { a: null }, f: 0 }, out: 'm' },
  { name: 'with: else with dot of the outer scope', tpl: '{{ with .a }}{{ else }}{{ .b }}{{ end }}', data: { a: 0, b: 'B' }, out: 'B' },
  {
    name: "range: $ inside range in a define is the define's dot",
    tpl: '{{ define "d" }}{{ range .l }}{{ $.n }}{{ end }}{{ end }}{{ template "d" .v }}',
    data: { v: { l: [1, 2], n: 'N' } },
    out: 'NN',
  },
  {
    name: 'range: continue in nested if keeps going; break ends only the inner range',
    tpl: '{{ range .a }}{{ range .b }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }};{{ end }}',
    data: { a: [{ b: [1, 2, 3] }, { b: [4] }] },
    out: '1;4;',
  },
  {
    name: 'var: assignment inside range persists per iteration',
    tpl: '{{ $s := "" }}{{ range .l }}{{ $s = print $s . }}{{ end }}{{ $s }}',
    data: { l: ['a', 'b', 'c'] },
    out: 'abc',
  },
  {
    name: "var: a range's own variables can be reassigned with =",
    tpl: '{{ range $i, $v := .l }}{{ $v = "x" }}{{ $v }}{{ end }}',
    data: { l: ['a', 'b'] },
    out: 'xx',
  },
  {
    name: 'pipeline: parenthesised pipelines as arguments',
    tpl: '{{ printf "%s-%s" (print "a" | printf "%s!") (.x | print) }}',
    data: { x: 'X' },
    out: 'a!-X',
  },
  { name: 'pipeline: chained field on a function result', tpl: '{{ (dict "a" (dict "b" "c")).a.b }}', out: 'c' },
  { name: 'pipeline: decl with a pipe', tpl: '{{ $x := .a | printf "%s?" }}{{ $x }}', data: { a: 'A' }, out: 'A?' },
  { name: 'eq: strings and bools', tpl: '{{ eq "a" "a" }} {{ eq true false true }} {{ ne "a" "b" }}', out: 'true true true' },
  { name: 'eq: float64 values from the same file compare', tpl: '{{ eq .a .b }} {{ lt .a 2.5 }}', data: { a: 2, b: 2 }, out: 'true true' },
  { name: 'len: of a map with nil values and of a nil map value', tpl: '{{ len .m }}', data: { m: { a: null } }, out: '1' },
  { name: 'index: with no keys returns the item', tpl: '{{ index .m }}', data: { m: { a: 1 } }, out: 'map[a:1]' },
  { name: 'index: nested lists', tpl: '{{ index .l 1 0 }}', data: { l: [[1], [2, 3]] }, out: '2' },
  { name: 'slice: 3-index on a list, no index', tpl: '{{ slice .l 0 1 2 }} {{ slice .l }}', data: { l: [1, 2, 3] }, out: '[1] [1 2 3]' },
  {
    name: 'slice: 3-index on a string',
    tpl: '{{ slice "abc" 0 1 2 }}',
    err: 'template: t:1:3: executing "t" at <slice "abc" 0 1 2>: error calling slice: cannot 3-index slice a string',
  },
  { name: 'not: of nil and of a map', tpl: '{{ not .nope }} {{ not .m }}', data: { m: {} }, out: 'true true' },
  { name: 'comment: alone on lines with trim keeps YAML tidy', tpl: 'a:\n  {{- /* note */}}\n  b: 1', out: 'a:\n  b: 1' },
  { name: 'delims: custom delimiters replace {{ }}', tpl: '[[ .a ]] {{ .a }}', data: { a: 1 }, delims: ['[[', ']]'], out: '1 {{ .a }}' },
  { name: 'delims: trim markers work with custom delimiters', tpl: 'x  [[- .a -]]  y', data: { a: 1 }, delims: ['[[', ']]'], out: 'x1y' },
  { name: 'delims: comments with custom delimiters', tpl: 'a[[/* c */]]b[[- /* d */ -]] c', delims: ['[[', ']]'], out: 'abc' },
  { name: 'delims: multi-character delimiters', tpl: '<%= .a %><%= "%>" %>', data: { a: 'A' }, delims: ['<%=', '%>'], out: 'A%>' },
  { name: 'parse: unexpected EOF names the last line', tpl: '{{ if true }}\n\nx', err: 'template: t:3: unexpected EOF' },
  { name: 'parse: unclosed action over lines', tpl: 'a\n{{ .a\n\n', err: 'template: t:4: unclosed action started at t:2' },
  { name: 'parse: unclosed action on one line', tpl: '{{ .a', err: 'template: t:1: unclosed action' },
  { name: 'parse: error in a define names the file and line', tpl: '{{ define "x" }}\n{{ nope }}{{ end }}', err: 'template: t:2: function "nope" not defined' },
  { name: 'lex: bad character', tpl: '{{ .a# }}', err: "template: t:1: bad character U+0023 '#'" },
  { name: 'lex: bad number', tpl: '{{ 3x }}', err: 'template: t:1: bad number syntax: "3x"' },
  { name: 'lex: unterminated raw string', tpl: '{{ `abc }}', err: 'template: t:1: unterminated raw quoted string' },
  { name: 'lex: unterminated char', tpl: "{{ 'a }}", err: 'template: t:1: unterminated character constant' },
  { name: 'lex: := needs =', tpl: '{{ $x : 1 }}', err: 'template: t:1: undefined variable "$x"' },
  { name: 'parse: missing value for command', tpl: '{{ }}', err: 'template: t:1: missing value for command' },
  { name: 'parse: empty parenthesised pipeline', tpl: '{{ () }}', err: 'template: t:1: missing value for parenthesized pipeline' },
  { name: 'parse: unexpected keyword in command', tpl: '{{ .a end }}', err: 'template: t:1: unexpected <end> in operand' },
  { name: 'parse: else outside if', tpl: '{{ else }}', err: 'template: t:1: unexpected {{else}}' },
  { name: 'parse: end with extra text', tpl: '{{ if 1 }}{{ end x }}', err: 'template: t:1: unexpected "x" in end' },
  {
    name: 'parse: variable assignment to an undeclared variable is an exec error',
    tpl: '{{ $y = 1 }}',
    err: 'template: t:1:8: executing "t" at <1>: undefined variable: $y',
  },
  { name: 'parse: break with argument', tpl: '{{ range . }}{{ break 1 }}{{ end }}', err: 'template: t:1: unexpected "1" in {{break}}' },
  { name: 'slice: strings are sliced by bytes', tpl: '{{ slice "héllo" 0 3 }}|{{ slice "héllo" 3 }}', out: 'hé|llo' },
  { name: 'len: bytes of a string from values', tpl: '{{ len .s }}', data: { s: '日本' }, out: '6' },
  {
    name: 'len: of a nil map value is a nil pointer',
    tpl: '{{ len .m.n }}',
    data: { m: { n: null } },
    err: 'template: t:1:3: executing "t" at <len .m.n>: error calling len: len of nil pointer',
  },
  {
    name: 'len: of a missing key (missingkey=zero) is a nil pointer',
    tpl: '{{ len .nope }}',
    data: {},
    err: 'template: t:1:3: executing "t" at <len .nope>: error calling len: len of nil pointer',
  },
  {
    name: 'len: of the nil literal',
    tpl: '{{ len nil }}',
    err: 'template: t:1:3: executing "t" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value',
  },
  { name: 'eq: nil literal against a missing key', tpl: '{{ eq nil .nope }} {{ eq .nope nil }} {{ ne nil 1 }}', data: {}, out: 'true true true' },
  {
    name: 'index: of the nil literal',
    tpl: '{{ index nil 1 }}',
    err: 'template: t:1:3: executing "t" at <index nil 1>: error calling index: index of untyped nil',
  },
  { name: 'and/or: nil literal', tpl: '{{ and 1 nil }}|{{ or nil }}|{{ not nil }}', out: '<no value>|<no value>|true' },
  { name: 'typed: int and string parameters accept matching literals', tpl: '{{ repeat 3 "ab" }}|{{ repeat 2.0 "x" }}', out: 'ababab|xx' },
  { name: 'typed: a float literal is not an int', tpl: '{{ repeat 2.5 "x" }}', err: 'template: t:1:10: executing "t" at <2.5>: expected integer; found 2.5' },
  { name: 'typed: a string literal is not an int', tpl: '{{ repeat "2" "x" }}', err: 'template: t:1:10: executing "t" at <"2">: expected integer; found "2"' },
  {
    name: 'typed: a float64 value is not an int',
    tpl: '{{ repeat .n "x" }}',
    data: { n: 2 },
    err: 'template: t:1:10: executing "t" at <.n>: wrong type for value; expected int; got float64',
  },
  { name: 'typed: an int literal converts to float64', tpl: '{{ half 3 }} {{ half 3.0 }} {{ half .n }}', data: { n: 5 }, out: '1.5 1.5 2.5' },
  {
    name: 'typed: an int value is not a float64',
    tpl: '{{ half (len "ab") }}',
    err: 'template: t:1:13: executing "t" at <"ab">: wrong type for value; expected float64; got int',
  },
  { name: 'typed: a bool parameter', tpl: '{{ flip true }} {{ flip .t }}', data: { t: false }, out: 'false true' },
  { name: 'typed: a bool parameter rejects a number', tpl: '{{ flip 1 }}', err: 'template: t:1:8: executing "t" at <1>: expected bool; found 1' },
  {
    name: 'typed: a slice parameter takes a list or nil',
    tpl: '{{ head .l }}|{{ head nil }}|{{ head .nope }}',
    data: { l: ['a'] },
    err: 'template: t:1:37: executing "t" at <.nope>: wrong type for value; expected []interface {}; got interface {}',
  },
  {
    name: 'typed: a slice parameter rejects a string',
    tpl: '{{ head "s" }}',
    err: 'template: t:1:8: executing "t" at <"s">: can\'t handle "s" for arg of type []interface {}',
  },
  {
    name: 'typed: a slice parameter rejects a string value',
    tpl: '{{ head .s }}',
    data: { s: 'x' },
    err: 'template: t:1:8: executing "t" at <.s>: wrong type for value; expected []interface {}; got string',
  },
  { name: 'typed: a map parameter', tpl: '{{ size .m }} {{ size nil }}', data: { m: { a: 1 } }, out: '1 0' },
  {
    name: 'typed: a missing value for a string parameter',
    tpl: '{{ upper .nope }}',
    data: {},
    err: 'template: t:1:9: executing "t" at <.nope>: wrong type for value; expected string; got interface {}',
  },
  { name: 'typed: nil for a string parameter', tpl: '{{ upper nil }}', err: 'template: t:1:9: executing "t" at <nil>: cannot assign nil to string' },
  {
    name: 'typed: the piped value is checked too',
    tpl: '{{ 3 | upper }}',
    err: 'template: t:1:7: executing "t" at <upper>: wrong type for value; expected string; got int',
  },
  { name: 'typed: variadic string parameters', tpl: '{{ joinv "-" "a" "b" }}|{{ joinv "," }}|{{ "z" | joinv "+" "y" }}', out: 'a-b||y+z' },
  { name: 'typed: variadic element type is checked', tpl: '{{ joinv "-" "a" 1 }}', err: 'template: t:1:17: executing "t" at <1>: expected string; found 1' },
  {
    name: 'typed: arity is checked before arguments are evaluated',
    tpl: '{{ upper (fail "never") "b" }}',
    err: 'template: t:1:3: executing "t" at <upper>: wrong number of args for upper: want 1 got 2',
  },
  {
    name: 'printf: %x %X %b of floats',
    tpl: '{{ printf "%x %X %b %x %x %x %b" 1.5 -0.1 1.5 1e300 5e-324 0.0 0.0 }}',
    out: '0x1.8p+00 -0X1.999999999999AP-04 6755399441055744p-52 0x1.7e43c8800759cp+996 0x1p-1074 0x0p+00 0p-1074',
  },
  { name: 'parse: custom left and right delimiters are plain text under default delims', tpl: '[[ .x ]]', data: { x: 1 }, out: '[[ .x ]]' },
];

// ---- the harness: the same functions and objects the Go program registers ----
class Versions {
  constructor(private readonly list: string[]) {}
  Has(v: string): boolean {
    return this.list.includes(v);
  }
}
class Capabilities {
  APIVersions = new Versions(['v1', 'apps/v1']);
}
class Files {
  Get(name: string): string {
    return 'content of ' + name;
  }
}

// The same functions the Go harness registers when the expected values were produced.
const funcs = {
  fail: (s: string) => {
    throw new Error(s);
  },
  upper: Object.assign((s: string) => s.toUpperCase(), { goArgs: ['string'] }),
  list: (...a: unknown[]) => a,
  dict: (...a: unknown[]) => {
    const m: Record<string, unknown> = {};
    for (let i = 0; i + 1 < a.length; i += 2) m[a[i] as string] = a[i + 1];
    return m;
  },
  nilfn: () => null,
  repeat: Object.assign((n: bigint, s: string) => s.repeat(Number(n)), { goArgs: ['int', 'string'] }),
  half: Object.assign((f: number) => f / 2, { goArgs: ['float64'] }),
  flip: Object.assign((b: boolean) => !b, { goArgs: ['bool'] }),
  head: Object.assign((l: unknown[] | null) => (l && l.length ? l[0] : null), { goArgs: ['[]interface {}'] }),
  size: Object.assign((m: Record<string, unknown> | null) => BigInt(m ? Object.keys(m).length : 0), { goArgs: ['map[string]interface {}'] }),
  joinv: Object.assign((sep: string, ...xs: string[]) => xs.join(sep), { goArgs: ['string', 'string'], goParams: 1, goVariadic: true }),
};

export function run(c: Pick<ExecCase, 'tpl' | 'data' | 'mk' | 'delims'>): string {
  const set = new TemplateSet({ funcs, missingKey: c.mk ?? 'zero', delims: c.delims });
  const data = c.data && typeof c.data === 'object' && !Array.isArray(c.data) ? { ...c.data, Capabilities: new Capabilities(), Files: new Files() } : c.data;
  set.parse('t', c.tpl);
  return set.execute('t', data);
}
