// The operator catalog a run uses: the built-in one (discover/operators/catalog.ts) and the
// entries of the catalog folders a user gives (*.yaml, one operator each, in file-name order).
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LockedCatalogFile } from '../../bundle/lock.js';
import { useOperatorCatalog, withCatalogFiles, type CatalogFile } from '../../discover/operators/index.js';
import type { OperatorEntry } from '../../discover/operators/index.js';
import { UsageError } from '../../util/errors.js';
import { readRegular } from '../../util/safe-fs.js';

/** A catalog file is a page of YAML: a bigger one is not an entry. */
const MAX_FILE = 1 << 20;

export async function loadCatalog(dirs: readonly string[]): Promise<readonly OperatorEntry[]> {
  return (await loadCatalogFiles(dirs)).entries;
}

/** The entries (built-in ones first) and, for the user's files, each file's name, operator and sha256 (what a bundle's lock records). */
export async function loadCatalogFiles(dirs: readonly string[]): Promise<{ entries: readonly OperatorEntry[]; files: LockedCatalogFile[] }> {
  const files: CatalogFile[] = [];
  const digests: string[] = [];
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
      const bytes = await readRegular(path, { followLinks: true });
      if (bytes.length > MAX_FILE)
        throw new UsageError(`operator catalog ${path}: ${bytes.length} bytes, more than a catalog entry holds (${MAX_FILE})`, {
          code: 'ERR_CATALOG',
          hint: 'give one operator per file',
        });
      files.push({ path, text: bytes.toString('utf8') });
      digests.push(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
  }
  const entries = await withCatalogFiles(files);
  // one entry per file, after the built-in ones, in the order given
  const own = entries.slice(entries.length - files.length);
  return {
    entries,
    files: files.map((f, i) => ({
      file: basename(f.path),
      operator: own[i]!.operator,
      digest: digests[i]!,
    })),
  };
}

/**
 * Load the folders (--catalog, airgap.yaml catalog:) and match this run against their entries and
 * the built-in ones (none: the built-in ones only); returns the user's files as a lock records them.
 */
export async function useCatalog(dirs: readonly string[]): Promise<LockedCatalogFile[]> {
  const { entries, files } = await loadCatalogFiles(dirs);
  useOperatorCatalog(entries);
  return files;
}
