// Writes a whole file so readers see the old content or the new, never a half-written one:
// a temp file in the same directory (same filesystem, so rename is atomic), then rename.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A unique sibling temp name for `path` (hidden, so a crash leaves an obvious leftover). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** `dir/name`, refusing a name that would land outside `dir` (an output folder is a boundary). */
export function confinedPath(dir: string, name: string): string {
  const root = resolve(dir);
  const full = resolve(root, name);
  if (full !== root && full.startsWith(root + sep) && !name.includes('\0')) return full;
  throw new UsageError(`output name ${JSON.stringify(name)} would be written outside ${dir}`, { hint: 'names of charts and releases must be single names (no "/" or "..")' });
}
