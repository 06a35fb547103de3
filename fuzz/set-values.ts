// Fuzz target: the --set family's grammar (src/helm/values/strvals.ts) in every mode (--set,
// --set-string, --set-json, --set-literal, --set-file). Arguments are built from keys, dotted
// paths, list indexes, escapes, {lists} and JSON values, then often damaged. Properties: a
// UsageError or a value, nothing else; no key ever lands on Object.prototype.
import { parseSetInto, type SetMode } from '../src/helm/values/strvals.js';
import { UsageError } from '../src/util/errors.js';
import { mutateText } from './mutate.js';
import { chance, int, pick, some, type Rng } from './rng.js';
import { PropertyViolation, type FuzzTarget } from './runner.js';

interface SetInput {
  arg: string;
  mode: SetMode;
  file: boolean;
}

const NAMES = ['a', 'b', 'image', 'tag', 'x-y', 'a b', '0', '__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', '', 'é'];
const SCALARS = [
  '1',
  '0',
  '-1',
  '+5',
  '007',
  '1.5',
  '1e3',
  'true',
  'False',
  'null',
  'NULL',
  '',
  'v1.2.3',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  'a\\,b',
  'x\\=y',
  'q\\.r',
  '"quoted"',
  ' spaced ',
];
const JSONS = [
  '1',
  '"s"',
  'null',
  'true',
  '[1,2]',
  '{"a":{"b":[1,{"c":null}]}}',
  '{"__proto__":{"x":1}}',
  '[',
  '{"a":',
  '"unterminated',
  '1 2',
  '-0',
  '1e400',
  '  [ ]  ',
];

function key(r: Rng, depth = 0): string {
  let k = pick(r, NAMES);
  if (chance(r, 0.15)) k = k.replace(/./, (c) => `\\${c}`);
  for (let n = int(r, 0, 2); n > 0; n--) k += `[${chance(r, 0.8) ? pick(r, ['0', '1', '3', '+2', '65536']) : pick(r, ['-1', '65537', 'x', '', '1 '])}]`;
  if (depth < 4 && chance(r, 0.4)) k += `.${key(r, depth + 1)}`;
  return k;
}

function value(r: Rng, mode: SetMode): string {
  if (mode === 'json') return pick(r, JSONS);
  if (chance(r, 0.2)) return `{${some(r, 0, 4, () => pick(r, SCALARS)).join(',')}}`;
  return pick(r, SCALARS);
}

const GRAMMAR = ['=', ',', '.', '[', ']', '{', '}', '\\', '0', '"'];

export const setValuesTarget: FuzzTarget<SetInput> = {
  name: 'set-values',
  fullCount: 100_000,
  timeoutMs: 1000,
  generate(r) {
    const mode = pick(r, ['typed', 'typed', 'string', 'json', 'literal'] as const);
    const file = mode === 'typed' && chance(r, 0.1);
    let arg = some(r, 1, 4, () => `${key(r)}=${value(r, mode)}`).join(',');
    if (chance(r, 0.01)) arg = Array.from({ length: int(r, 20, 40) }, () => 'a').join('.') + '=1';
    if (chance(r, 0.6)) arg = mutateText(r, arg, GRAMMAR);
    return { arg, mode, file };
  },
  run({ arg, mode, file }) {
    const dest = {};
    try {
      parseSetInto(arg, dest, mode, file ? (raw) => `content of ${raw}` : undefined);
    } finally {
      const polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTO_KEYS.has(k));
      if (polluted.length > 0) {
        for (const k of polluted) delete (Object.prototype as Record<string, unknown>)[k];
        throw new PropertyViolation(`Object.prototype gained ${polluted.join(', ')}`);
      }
    }
  },
  isDomain: (e) => e instanceof UsageError,
  describe: (i) => `${i.file ? '--set-file' : `mode ${i.mode}`} ${JSON.stringify(i.arg)}`,
};

const PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
