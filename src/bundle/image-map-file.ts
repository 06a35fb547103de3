// Reading and writing image map files (the format is image-map.ts). A write keeps the entries a
// file already holds for other sources, so shards of one sync, or a re-run after an interruption,
// leave one whole map; each write is atomic (temp, fsync, rename).
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write.js';
import { unreadableInput } from '../util/input-file.js';
import { ImageMap, formatImageMap, mergeImageMaps, parseImageMap, type MapEntry } from './image-map.js';

export async function readImageMap(file: string, flag = '--map'): Promise<ImageMap> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw unreadableInput(flag, file, e);
  });
  return new ImageMap(parseImageMap(text, file));
}

/**
 * Writes `entries` into `file`, merged over what the file already maps; returns the entry count.
 * `drop` names sources whose earlier entries must go (a re-check found them no longer safe).
 */
export async function writeImageMap(file: string, entries: readonly MapEntry[], writer: string, o: { drop?: readonly string[] } = {}): Promise<number> {
  const had = await readFile(file, 'utf8').then(
    (t) => parseImageMap(t, file),
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw unreadableInput('--write-map', file, e);
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
