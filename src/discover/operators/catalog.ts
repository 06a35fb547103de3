// THE OPERATOR CATALOG: what each operator pulls by defaults compiled into it, as data, one YAML
// file per operator under catalog/ (checked against catalog.schema.json, each default citing the
// FILE:LINE of the operator's source it was read from). scripts/catalog.mjs compiles the files into
// catalog.json, the module imported here, so the bundle and the self-contained executables carry
// the catalog and a run parses no YAML for it. withCatalogFiles adds the entries of other files.
import type { OperatorEntry } from './model.js';
import BUILT_IN from './catalog.json' with { type: 'json' };
import { AirgapError } from '../../util/errors.js';

/** The catalog this build carries, in file-name order. */
export const OPERATOR_DEFAULTS: readonly OperatorEntry[] = BUILT_IN as unknown as readonly OperatorEntry[];

/** A catalog file as read: its path (for errors) and text. */
export interface CatalogFile {
  path: string;
  text: string;
}

/**
 * The built-in catalog and the entries of the files after it (in the order given), each checked
 * against the catalog's schema: a file that does not fit, or names an operator already loaded, is
 * an error naming the file. app/scan/operator-catalog.ts reads folders of them (loadCatalog).
 */
export async function withCatalogFiles(files: readonly CatalogFile[]): Promise<readonly OperatorEntry[]> {
  if (files.length === 0) return OPERATOR_DEFAULTS;
  const [{ Ajv }, { parse }, schema] = await Promise.all([import('ajv'), import('yaml'), import('./catalog.schema.json', { with: { type: 'json' } })]);
  const validate = new Ajv({ allErrors: true }).compile(schema.default);
  const out = [...OPERATOR_DEFAULTS];
  const names = new Set(out.map((e) => e.operator));
  for (const { path, text } of files) {
    const bad = (why: string) =>
      new AirgapError(`operator catalog ${path}: ${why}`, {
        code: 'ERR_CATALOG',
        hint: 'fix the entry as src/discover/operators/catalog.schema.json describes it (the built-in entries under src/discover/operators/catalog/ are examples)',
      });
    let entry: unknown;
    try {
      entry = parse(text);
    } catch (cause) {
      throw bad((cause as Error).message);
    }
    if (!validate(entry)) throw bad(validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));
    const e = entry as unknown as OperatorEntry;
    if (names.has(e.operator)) throw bad(`operator ${JSON.stringify(e.operator)} is in the catalog already`);
    names.add(e.operator);
    out.push(e);
  }
  return out;
}
