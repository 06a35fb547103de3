// Reading and writing image map files (the format is image-map.ts). A write keeps the entries a
// file already holds for other sources, so shards of one sync, or a re-run after an interruption,
// leave one whole map; each write is atomic (temp, fsync, rename).
import { writeFileAtomic } from '../util/atomic-write.js';
import { findCause } from '../util/errors.js';
import { readBoundedInput } from '../util/input-file.js';
import {
  ImageMap,
  MAX_MAP_BYTES,
  formatImageMap,
  mapTooLarge,
  mergeImageMaps,
  mergeMapRegistries,
  parseImageMapFile,
  type MapEntry,
  type MapRegistry,
} from './image-map.js';

export async function readImageMap(file: string, flag = '--map'): Promise<ImageMap> {
  const parsed = parseImageMapFile(await readMapText(file, flag), file);
  return new ImageMap(parsed.entries, parsed.registries, file);
}

function readMapText(file: string, flag: string): Promise<string> {
  return readBoundedInput(flag, file, MAX_MAP_BYTES, (size) => mapTooLarge(file, size, MAX_MAP_BYTES, 'an image map'));
}

/**
 * Writes `entries` into `file`, merged over what the file already maps; returns the entry count.
 * `drop` names sources whose earlier entries must go (a re-check found them no longer safe);
 * `registries` says how the writer reached each destination host (kind, endpoint, region).
 */
export async function writeImageMap(
  file: string,
  entries: readonly MapEntry[],
  writer: string,
  o: { drop?: readonly string[]; registries?: readonly MapRegistry[] } = {},
): Promise<number> {
  const had = await readMapText(file, '--write-map').then(
    (t) => parseImageMapFile(t, file),
    (e: unknown) => {
      if (findCause(e, (c) => (c as NodeJS.ErrnoException).code === 'ENOENT')) return { entries: [], registries: [] };
      throw e;
    },
  );
  const drop = new Set(o.drop ?? []);
  const all = mergeImageMaps(
    had.entries.filter((e) => !drop.has(e.source)),
    entries,
  );
  const registries = mergeMapRegistries(had.registries, o.registries ?? []);
  await writeFileAtomic(file, formatImageMap(all, { writer, at: new Date(), registries }));
  return all.length;
}
