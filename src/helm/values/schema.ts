// values.schema.json checking as Helm does it after coalescing: each chart's schema against its
// own (scoped) values, subcharts included; all violations are reported together, chart by chart.

import { ChartError } from '../../util/errors.js';
import { chartName, type Chart } from '../chart/types.js';
import { fileText } from '../loader/load.js';
import { SchemaValidator } from './json-schema.js';
import type { Values } from '../engine/render-types.js';
import { isGoMap } from './yaml.js';

function violations(c: Chart, values: Values): string {
  let out = '';
  if (c.schema) {
    let schema: unknown;
    try {
      schema = JSON.parse(fileText({ name: 'values.schema.json', data: c.schema }));
    } catch (e) {
      throw new ChartError(`chart ${chartName(c)}: values.schema.json: invalid JSON: ${(e as Error).message}`, { cause: e });
    }
    const found = new SchemaValidator(schema as Record<string, unknown>).validate(values);
    if (found.length) out += `${chartName(c)}:\n` + found.map((v) => `- at '${v.path}': ${v.message}\n`).join('');
  }
  for (const sub of c.dependencies) {
    const sv = values[chartName(sub)];
    out += violations(sub, isGoMap(sv) ? sv : {});
  }
  return out;
}

/** Throws a ChartError listing every schema violation of the chart tree. */
export function validateValuesSchema(c: Chart, values: Values): void {
  const found = violations(c, values);
  if (found) {
    throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${found.trimEnd()}`, {
      code: 'ERR_VALUES_SCHEMA',
      hint: "fix the values named above (see the chart's values.schema.json)",
    });
  }
}
