// values.schema.json checking as Helm does it after coalescing: each chart's schema against its
// own (scoped) values, subcharts included; all violations are reported together, chart by chart.

import { ChartError } from '../../util/errors.js';
import { chartName, type Chart } from '../chart/types.js';
import { fileText } from '../loader/load.js';
import { metaschemaProblems, SchemaValidator } from './json-schema.js';
import type { Values } from '../engine/render-types.js';
import { isGoMap } from './yaml.js';

// Parsed once per loaded file: a chart is checked on every render (discovery renders it dozens of
// times). The validator only reads the schema, so the parsed tree is shared.
const parsedSchemas = new WeakMap<Uint8Array, unknown>();

function parsedSchema(c: Chart): unknown {
  const data = c.schema!; // asked only for a chart that has one
  if (parsedSchemas.has(data)) return parsedSchemas.get(data);
  let schema: unknown;
  try {
    schema = JSON.parse(fileText({ name: 'values.schema.json', data }));
  } catch (e) {
    throw new ChartError(`chart ${chartName(c)}: values.schema.json: invalid JSON: ${(e as Error).message}`, { cause: e });
  }
  parsedSchemas.set(data, schema);
  return schema;
}

// A schema is checked against its metaschema once, not on every render of the chart.
const checkedSchemas = new WeakMap<object, ReturnType<typeof metaschemaProblems>>();

function schemaProblems(schema: unknown): ReturnType<typeof metaschemaProblems> {
  if (schema === null || typeof schema !== 'object') return [];
  let found = checkedSchemas.get(schema);
  if (!found) checkedSchemas.set(schema, (found = metaschemaProblems(schema)));
  return found;
}

// One validator per parsed schema and rules: it keeps what it looked up ($ref targets) for the
// chart's next render.
const validators = new WeakMap<object, Map<boolean, SchemaValidator>>();

function validatorOf(schema: Record<string, unknown>, refSiblings: boolean): SchemaValidator {
  if (schema === null || typeof schema !== 'object') return new SchemaValidator(schema, refSiblings); // `true`, say
  let byRules = validators.get(schema);
  if (!byRules) validators.set(schema, (byRules = new Map()));
  let v = byRules.get(refSiblings);
  if (!v) byRules.set(refSiblings, (v = new SchemaValidator(schema, refSiblings)));
  return v;
}

// The optional search renders a chart a dozen times with values that differ in a few toggles,
// mostly outside a given subchart's schema (gpu-operator's node-feature-discovery): the check of
// values already checked is kept per validator, by the values' text (JSON with Go's int64 and
// non-finite floats told apart from the strings that spell them).
const CHECKED = new WeakMap<SchemaValidator, Map<string, ReturnType<SchemaValidator['validate']>>>();
const MAX_CHECKED = 64;

function valuesKey(values: Values): string {
  return JSON.stringify(values, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `\u0000i${v}`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `\u0000f${v}`;
    if (typeof v === 'string' && v.startsWith('\u0000')) return `\u0000s${v}`;
    return v;
  });
}

function checked(validator: SchemaValidator, values: Values): ReturnType<SchemaValidator['validate']> {
  let seen = CHECKED.get(validator);
  if (!seen) CHECKED.set(validator, (seen = new Map()));
  let key: string;
  try {
    key = valuesKey(values);
  } catch {
    return validator.validate(values); // not JSON (a cycle a template made): checked as it is
  }
  let found = seen.get(key);
  if (!found) {
    if (seen.size >= MAX_CHECKED) seen.clear();
    seen.set(key, (found = validator.validate(values)));
  }
  return found;
}

function violations(c: Chart, values: Values, helmVersion: 3 | 4): string {
  let out = '';
  if (c.schema) {
    const schema = parsedSchema(c);
    if (helmVersion === 4) {
      const bad = schemaProblems(schema);
      if (bad.length)
        throw new ChartError(
          `chart ${chartName(c)}: values.schema.json is not valid against its metaschema:\n${bad.map((v) => `- at '${v.path}': ${v.message}`).join('\n')}`,
          {
            code: 'ERR_SCHEMA_INVALID',
            hint: 'real Helm 4 refuses this chart too: fix values.schema.json, or render with --skip-schema-validation (or --helm-version 3, which does not check the schema itself)',
          },
        );
    }
    const found = checked(validatorOf(schema as Record<string, unknown>, helmVersion === 4), values);
    if (found.length) out += `${chartName(c)}:\n` + found.map((v) => `- at '${v.path}': ${v.message}\n`).join('');
  }
  for (const sub of c.dependencies) {
    const sv = values[chartName(sub)];
    out += violations(sub, isGoMap(sv) ? sv : {}, helmVersion);
  }
  return out;
}

/** Throws a ChartError listing every schema violation of the chart tree. */
export function validateValuesSchema(c: Chart, values: Values, helmVersion: 3 | 4 = 4): void {
  const found = violations(c, values, helmVersion);
  if (found) {
    throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${found.trimEnd()}`, {
      code: 'ERR_VALUES_SCHEMA',
      hint: "fix the values named above (see the chart's values.schema.json)",
    });
  }
}

/**
 * The documents the chart tree's values.schema.json files `$ref` by address (a URL, not `#...`
 * inside the file), per chart. Real Helm downloads each whenever it checks values and refuses the
 * chart where the address cannot be reached (an isolated network); our check accepts them unread.
 */
export function remoteSchemaRefs(c: Chart): { chart: string; refs: string[] }[] {
  const refs = c.schema ? refsOf(parsedSchema(c)) : [];
  const own = refs.length > 0 ? [{ chart: chartName(c), refs }] : [];
  return [...own, ...c.dependencies.flatMap(remoteSchemaRefs)];
}

const REFS = new WeakMap<object, string[]>();

/** The addresses a parsed schema `$ref`s, walked once per parse. */
function refsOf(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  let found = REFS.get(schema);
  if (found) return found;
  const refs = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && !x.startsWith('#')) refs.add(x.split('#')[0]!);
        else walk(x);
      }
  };
  walk(schema);
  REFS.set(schema, (found = [...refs]));
  return found;
}
