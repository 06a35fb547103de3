// Reading and writing image map files (the format is image-map.ts). A write keeps the entries a
// file already holds for other sources, so shards of one sync, or a re-run after an interruption,
// leave one whole map; each write is atomic (temp, fsync, rename).
import { writeFileAtomic } from '../util/atomic-write.js';
import { findCause } from '../util/errors.js';
import { readBoundedInput } from '../util/input-file.js';
import { ImageMap, MAX_MAP_BYTES, formatImageMap, mapTooLarge, mergeImageMaps, parseImageMap, type MapEntry } from './image-map.js';

export async function readImageMap(file: string, flag = '--map'): Promise<ImageMap> {
  return new ImageMap(parseImageMap(await readMapText(file, flag), file), file);
}

function readMapText(file: string, flag: string): Promise<string> {
  return readBoundedInput(flag, file, MAX_MAP_BYTES, (size) => mapTooLarge(file, size, MAX_MAP_BYTES, 'an image map'));
}

/**
 * Writes `entries` into `file`, merged over what the file already maps; returns the entry count.
 * `drop` names sources whose earlier entries must go (a re-check found them no longer safe).
 */
export async function writeImageMap(file: string, entries: readonly MapEntry[], writer: string, o: { drop?: readonly string[] } = {}): Promise<number> {
  const had = await readMapText(file, '--write-map').then(
    (t) => parseImageMap(t, file),
    (e: unknown) => {
      if (findCause(e, (c) => (c as NodeJS.ErrnoException).code === 'ENOENT')) return [];
      throw e;
    },
  );
  const drop = new Set(o.drop ?? []);
  const all = mergeImageMaps(
    had.filter((e) => !drop.has(e.source)),
    entries,
  );
  await writeFileAtomic(file, formatImageMap(all, { writer, at: new Date() }));
  return all.length;
}
