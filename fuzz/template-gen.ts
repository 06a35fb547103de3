// Random Helm templates and values for the differential fuzzer: expressions over Sprig and
// Helm's functions, pipelines, if/with/range, applied to values of every YAML type. Seeded, so a
// disagreement is reproduced from (seed, case id).
import { pick, rng } from './rng.js';

export interface FuzzCase {
  id: number;
  template: string;
  /** The values.yaml of the case's batch. */
  values: string;
}

const SCALARS = [
  '"hello"',
  '"Hello World"',
  '""',
  '"  padded  "',
  '"a,b,c"',
  '"1.2.3"',
  '"v1.25.0"',
  '0',
  '1',
  '-3',
  '42',
  '3.5',
  '0.1',
  'true',
  'false',
  'null',
  '"null"',
  '"yes"',
  '"007"',
  '"x: y"',
  '"line1\\nline2"',
];

function valuesYaml(r: () => number): string {
  const lines: string[] = [];
  for (const k of ['a', 'b', 'c', 'n', 'f'])
    lines.push(`${k}: ${k === 'n' ? pick(r, ['0', '1', '7', '-2', '100']) : k === 'f' ? pick(r, ['1.5', '2.0', '0.25', '-1.75']) : pick(r, SCALARS)}`);
  lines.push(`list: [${Array.from({ length: Math.floor(r() * 4) }, () => pick(r, SCALARS)).join(', ')}]`);
  lines.push(`map:\n  x: ${pick(r, SCALARS)}\n  y: ${pick(r, SCALARS)}\n  nested:\n    z: ${pick(r, SCALARS)}`);
  lines.push(`empty: {}`);
  lines.push(`nil: null`);
  return lines.join('\n') + '\n';
}

const LEAVES = [
  '.Values.a',
  '.Values.b',
  '.Values.c',
  '.Values.n',
  '.Values.f',
  '.Values.list',
  '.Values.map',
  '.Values.map.x',
  '.Values.map.nested',
  '.Values.empty',
  '.Values.nil',
  '.Values.missing',
  '.Release.Name',
  '.Chart.Name',
  '.Capabilities.KubeVersion.Minor',
  '"lit"',
  '3',
  '2.5',
  'true',
  'nil',
];
const UNARY = [
  'upper',
  'lower',
  'title',
  'trim',
  'quote',
  'squote',
  'toString',
  'toJson',
  'toYaml',
  'b64enc',
  'len',
  'empty',
  'not',
  'kindOf',
  'typeOf',
  'int',
  'int64',
  'float64',
  'toStrings',
  'sortAlpha',
  // a Go map's keys come in random order: sorted, or Helm itself disagrees with Helm
  'keys | sortAlpha',
  'first',
  'last',
  'uniq',
  'reverse',
  'trimAll "a"',
  'trunc 3',
  'repeat 2',
  'indent 2',
  'nindent 2',
  'default "d"',
  'contains "l"',
  'hasPrefix "he"',
  'replace "l" "L"',
  'regexReplaceAll "[aeiou]" "_"',
  'semverCompare ">=1.0.0"',
  'add 1',
  'mul 2',
  'sub 1',
  'max 5',
  'printf "%v"',
  'printf "%d"',
  'printf "%s"',
  'printf "%q"',
  'ternary "T" "F"',
  'splitList ","',
  'join "-"',
  'list',
  'toRawJson',
  'fromYaml',
  'fromJson',
  'sha256sum',
  'snakecase',
  'camelcase',
  'abbrev 5',
  'plural "one" "many"',
  'urlquery',
  'b64dec',
  'dig "x" "d"',
  'hasKey "x"',
  'pluck "x"',
  'compact',
  'without "a"',
  'has "a"',
];

export function randomExpr(r: () => number, depth: number): string {
  let e = pick(r, LEAVES);
  const n = Math.floor(r() * 3) + (depth > 0 ? 0 : 1);
  for (let i = 0; i < n; i++) e = `${e} | ${pick(r, UNARY)}`;
  if (depth < 2 && r() < 0.3)
    e = `${pick(r, ['default', 'coalesce', 'eq', 'ne', 'lt', 'and', 'or', 'list', 'dict "k"', 'concat', 'merge (dict)', 'ternary "T"'])} (${randomExpr(r, depth + 1)}) (${randomExpr(r, depth + 1)})`;
  return e;
}

function body(r: () => number): string {
  const e = randomExpr(r, 0);
  switch (Math.floor(r() * 5)) {
    case 0:
      return `{{ if ${randomExpr(r, 1)} }}yes{{ else }}no{{ end }}`;
    case 1:
      return `{{ with ${randomExpr(r, 1)} }}{{ . | toJson }}{{ else }}none{{ end }}`;
    case 2:
      return `{{ range $i, $v := ${pick(r, ['.Values.list', '.Values.map', '(list 1 2)', '.Values.empty', '(until 3)', '.Values.nil'])} }}[{{ $i }}={{ $v | toJson }}]{{ end }}`;
    default:
      return `{{ ${e} | toJson }}`;
  }
}

export function randomCase(seed: number, id: number, batchFirst: number): FuzzCase {
  const r = rng(seed * 1_000_003 + id);
  const template = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${id}\ndata:\n  v: {{ quote (include "fuzz.body" .) }}\n{{- define "fuzz.body" -}}\n${body(r)}\n{{- end }}\n`;
  return {
    id,
    template: template.replace('"fuzz.body"', `"fuzz.body${id}"`).replace('define "fuzz.body"', `define "fuzz.body${id}"`),
    values: valuesYaml(rng(seed * 7919 + batchFirst)),
  };
}
