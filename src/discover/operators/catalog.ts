// THE OPERATOR CATALOG: what each operator pulls by defaults compiled into it, as data, one YAML
// file per operator under catalog/ (checked against catalog.schema.json, each default citing the
// FILE:LINE of the operator's source it was read from). scripts/catalog.mjs compiles the files into
// catalog.json, the module imported here, so the bundle and the self-contained executables carry
// the catalog and a run parses no YAML for it. withCatalogFiles adds the entries of other files.
import type { OperatorEntry } from './model.js';
import BUILT_IN from './catalog.json' with { type: 'json' };
import { UsageError } from '../../util/errors.js';

/** The catalog this build carries, in file-name order. */
const BUILT_IN_CATALOG: readonly OperatorEntry[] = BUILT_IN as unknown as readonly OperatorEntry[];

/**
 * The catalog a run matches against: the built-in one, or what useOperatorCatalog set. A live
 * binding rather than a parameter threaded through every matcher: a process runs one command, and
 * the catalog it reads is settled (--catalog, airgap.yaml catalog:) before discovery starts.
 */
export let OPERATOR_DEFAULTS: readonly OperatorEntry[] = BUILT_IN_CATALOG;

/** Match against these entries from now on (withCatalogFiles' answer: the built-in ones first). */
export function useOperatorCatalog(entries: readonly OperatorEntry[]): void {
  OPERATOR_DEFAULTS = entries;
}

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
  if (files.length === 0) return BUILT_IN_CATALOG;
  const [ajv, yaml, schema] = await Promise.all([import('ajv'), import('yaml'), import('./catalog.schema.json', { with: { type: 'json' } })]);
  // both are CommonJS: module.exports (the namespace's default) carries their exports in the bundle too
  const { Ajv } = ajv.default as unknown as { Ajv: typeof ajv.Ajv };
  const { parse } = yaml.default as unknown as { parse: typeof yaml.parse };
  const validate = new Ajv({ allErrors: true }).compile(schema.default);
  const out = [...BUILT_IN_CATALOG];
  const names = new Set(out.map((e) => e.operator));
  for (const { path, text } of files) {
    const bad = (why: string) =>
      new UsageError(`operator catalog ${path}: ${why}`, {
        code: 'ERR_CATALOG',
        hint: 'fix the entry as src/discover/operators/catalog.schema.json describes it (docs/concepts/discovery.md; the files under src/discover/operators/catalog/ are examples)',
      });
    let entry: unknown;
    try {
      entry = parse(text);
    } catch (cause) {
      throw bad((cause as Error).message);
    }
    if (!validate(entry)) throw bad(validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));
    const e = entry as unknown as OperatorEntry;
    const problems = entryProblems(e);
    if (problems.length > 0) throw bad(problems.join('; '));
    if (names.has(e.operator)) throw bad(`operator ${JSON.stringify(e.operator)} is in the catalog already`);
    names.add(e.operator);
    out.push(e);
  }
  return out;
}

/** What the schema cannot say of an entry: each optional default's `with` kind is one of the entry's resources. */
export function entryProblems(e: OperatorEntry): string[] {
  const kinds = new Set((e.resources ?? []).map((r) => r.kind));
  const defaults = [...e.releases.flatMap((r) => r.defaults), ...(e.fromResource ?? [])];
  const unknown = [...new Set(defaults.flatMap((d) => (d.with ?? []).flatMap((w) => (w.kind !== undefined && !kinds.has(w.kind) ? [w.kind] : []))))];
  return unknown.map((k) => `an optional default is pulled with kind ${k}, which is none of the entry's resources (add it under resources:)`);
}
