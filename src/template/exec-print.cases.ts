// Cases of the engine table (exec.cases.ts): Printing: {{ }} of values and fmt's printf verbs, flags, widths and bad-verb forms.

import { V, type ExecCase } from './exec-case.js';

export const PRINT_CASES: ExecCase[] = [
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
  { name: 'print: spaces only between non-string operands', tpl: '{{ print "a" 1 2 "b" "c" }}|{{ println 1 "a" }}', out: 'a1 2bc|1 a\n' },
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
  {
    name: 'printf: strings in %s and %v places, a literal %% among them, and one too few or too many',
    tpl: '{{ printf "%s-%v:%s" "a" "b" "c" }}|{{ printf "%s%%%s" "a" "b" }}|{{ printf "%s%s" "a" }}|{{ printf "x%v" "a" "b" }}|{{ printf "%s" "" }}|{{ printf "" }}',
    out: 'a-b:c|a%b|a%!s(MISSING)|xa%!(EXTRA string=b)||',
  },
  { name: 'printf: %s of int is a bad verb', tpl: '{{ printf "%s" 4 }}', out: '%!s(int=4)' },
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
  { name: 'print: a list of maps', tpl: '{{ .l }}', data: { l: [{ a: 1 }, { b: [true, null] }] }, out: '[map[a:1] map[b:[true <nil>]]]' },
  { name: 'print: bools and empty collections', tpl: '{{ true }} {{ .e }} {{ .m }}', data: { e: [], m: {} }, out: 'true [] map[]' },
  {
    name: 'printf: %x %X %b of floats',
    tpl: '{{ printf "%x %X %b %x %x %x %b" 1.5 -0.1 1.5 1e300 5e-324 0.0 0.0 }}',
    out: '0x1.8p+00 -0X1.999999999999AP-04 6755399441055744p-52 0x1.7e43c8800759cp+996 0x1p-1074 0x0p+00 0p-1074',
  },
];
