// Reading and writing image map files (the format is image-map.ts). A write keeps the entries a
// file already holds for other sources, so shards of one sync, or a re-run after an interruption,
// leave one whole map; each write is atomic (temp, fsync, rename).
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write.js';
import { unreadableInput } from '../util/input-file.js';
import { ImageMap, formatImageMap, mergeImageMaps, mergeMapRegistries, parseImageMapFile, type MapEntry, type MapRegistry } from './image-map.js';

export async function readImageMap(file: string, flag = '--map'): Promise<ImageMap> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw unreadableInput(flag, file, e);
  });
  const parsed = parseImageMapFile(text, file);
  return new ImageMap(parsed.entries, parsed.registries);
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
  const had = await readFile(file, 'utf8').then(
    (t) => parseImageMapFile(t, file),
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return { entries: [], registries: [] };
      throw unreadableInput('--write-map', file, e);
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
