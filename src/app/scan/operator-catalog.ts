// The operator catalog a run uses: the built-in one (discover/operators/catalog.ts) and the
// entries of the catalog folders a user gives (*.yaml, one operator each, in file-name order).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useOperatorCatalog, withCatalogFiles, type CatalogFile } from '../../discover/operators/index.js';
import type { OperatorEntry } from '../../discover/operators/index.js';
import { UsageError } from '../../util/errors.js';
import { readRegular } from '../../util/safe-fs.js';

/** A catalog file is a page of YAML: a bigger one is not an entry. */
const MAX_FILE = 1 << 20;

export async function loadCatalog(dirs: readonly string[]): Promise<readonly OperatorEntry[]> {
  const files: CatalogFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
        .sort();
    } catch (cause) {
      throw new UsageError(`catalog folder ${dir} cannot be read: ${(cause as Error).message}`, {
        code: 'ERR_CATALOG',
        hint: 'give a folder of operator catalog files (*.yaml, one operator each)',
        cause,
      });
    }
    for (const name of names) {
      const path = join(dir, name);
      const text = await readRegular(path, { followLinks: true, encoding: 'utf8' });
      if (text.length > MAX_FILE)
        throw new UsageError(`operator catalog ${path}: ${text.length} characters, more than a catalog entry holds (${MAX_FILE})`, {
          code: 'ERR_CATALOG',
          hint: 'give one operator per file',
        });
      files.push({ path, text });
    }
  }
  return withCatalogFiles(files);
}

/** Load the folders (--catalog, airgap.yaml catalog:) and match this run against their entries and the built-in ones (none: the built-in ones only). */
export async function useCatalog(dirs: readonly string[]): Promise<void> {
  useOperatorCatalog(await loadCatalog(dirs));
}
