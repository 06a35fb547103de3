// Random template structure for the template crash fuzzer: every action and control structure of
// Go's text/template nested at random (if/else if, range with break/continue, with/else with,
// define/template/block, include and tpl, variables declared and assigned, trim markers and
// comments), over the differential fuzzer's expressions. Often ill-formed on purpose: a break
// outside range, a template that includes itself, an undefined variable.
import { randomExpr } from './template-gen.js';
import { chance, int, pick, type Rng } from './rng.js';

const VARS = ['$', '$v', '$i', '$x'];

function open(r: Rng): string {
  return chance(r, 0.3) ? '{{- ' : '{{ ';
}

function close(r: Rng): string {
  return chance(r, 0.3) ? ' -}}' : ' }}';
}

function arg(r: Rng): string {
  return chance(r, 0.2) ? pick(r, VARS) : `(${randomExpr(r, 1)})`;
}

function node(r: Rng, depth: number, names: string[]): string {
  const body = () => (depth < 4 ? nodes(r, depth + 1, names) : 'text');
  const o = open(r);
  const c = close(r);
  switch (int(r, 0, 13)) {
    case 0:
      return pick(r, ['a: b\n', 'text ', '\n', '  - x\n', '{', '}']);
    case 1:
      return `${o}${randomExpr(r, 0)}${c}`;
    case 2:
      return `${o}if ${arg(r)}${c}${body()}${chance(r, 0.4) ? `{{ else if ${arg(r)} }}${body()}` : ''}${chance(r, 0.5) ? `{{ else }}${body()}` : ''}{{ end }}`;
    case 3:
      return `${o}range ${pick(r, ['', '$v := ', '$i, $v := '])}${pick(r, ['.Values.list', '.Values.map', '(until 3)', '3', '.Values.nil', arg(r)])}${c}${body()}${chance(r, 0.3) ? `{{ ${pick(r, ['break', 'continue'])} }}` : ''}${chance(r, 0.3) ? `{{ else }}${body()}` : ''}{{ end }}`;
    case 4:
      return `${o}with ${arg(r)}${c}${body()}${chance(r, 0.3) ? `{{ else with ${arg(r)} }}${body()}` : ''}{{ end }}`;
    case 5: {
      // {{define}} is top-level only in Go
      if (depth > 0) return `${o}${randomExpr(r, 0)}${c}`;
      const name = `d${names.length}`;
      names.push(name);
      return `{{ define "${name}" }}${body()}{{ end }}`;
    }
    case 6:
      return `${o}template "${pick(r, [...names, 'missing', 'fuzz'])}" ${arg(r)}${c}`;
    case 7:
      return `${o}include "${pick(r, [...names, 'missing', 'fuzz.self'])}" ${pick(r, ['.', '$', '(dict)', arg(r)])}${c}`;
    case 8:
      return `${o}${pick(r, VARS.slice(1))} ${pick(r, [':=', '=', ':=', '='])} ${arg(r)}${c}`;
    case 9:
      return `${o}block "b${int(r, 0, 2)}" ${arg(r)}${c}${body()}{{ end }}`;
    case 10:
      return `${o}tpl ${pick(r, ['"{{ .Values.a }}"', '"{{ include \\"fuzz.self\\" . }}"', '"{{"', '"{{ tpl \\"x\\" . }}"', '(toYaml .Values)'])} ${pick(r, ['.', '$', '(dict)'])}${c}`;
    case 11:
      return `${pick(r, ['{{', '{{- '])}/* ${chance(r, 0.9) ? pick(r, ['c', '{{', '}}']) : 'x */'} */${pick(r, ['}}', ' -}}'])}`;
    case 12:
      return `${o}${pick(r, ['break', 'continue', 'end', 'else', 'nil', '.', '$', '$undefined', 'required "r" .Values.nil', 'fail "f"', 'index .Values.list 5', 'slice .Values.list 2 1'])}${c}`;
    default:
      return `${o}${pick(r, ['printf', 'print', 'println', 'len', 'index', 'slice', 'and', 'or', 'not', 'eq', 'call', 'html', 'js', 'urlquery'])} ${arg(r)} ${arg(r)}${c}`;
  }
}

function nodes(r: Rng, depth: number, names: string[]): string {
  let out = '';
  for (let n = int(r, 1, 4); n > 0; n--) out += node(r, depth, names);
  return out;
}

/** A template text: a defined self-including helper and random structure around it. */
export function randomTemplate(r: Rng): string {
  const self = chance(r, 0.1) ? '{{ define "fuzz.self" }}{{ include "fuzz.self" . }}{{ end }}' : '{{ define "fuzz.self" }}self{{ end }}';
  return `${self}{{ $v := .Values.a }}{{ $i := 0 }}{{ $x := .Values.map }}\n${nodes(r, 0, [])}\n`;
}
