// The version of the Helm that runs us as a plugin ($HELM_BIN), remembered per binary: asking it
// (`helm version`, a process) cost about 80 ms of every command run as a plugin, more than a small
// chart's render. A binary is known again by its path, size, modification time and inode; the
// answers live in one small file under the download cache, written to temp and renamed.

import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

const FILE = 'helm-versions.json';
const MAX_ENTRIES = 32;
const MAX_FILE_BYTES = 64 * 1024;

/** `helm version` of `helmBin` ("v4.2.3"), from the cache under `cacheDir` when that binary was asked before. */
export async function helmBinVersion(helmBin: string, cacheDir: string): Promise<string> {
  const id = await stat(helmBin).then(
    (s) => `${helmBin}\u0000${s.size}\u0000${s.mtimeMs}\u0000${s.ino}`,
    () => undefined,
  );
  const file = join(cacheDir, FILE);
  const known = id ? await readKnown(file) : {};
  const hit = id ? known[id] : undefined;
  if (hit) return hit;
  const { execa } = await import('execa');
  const r = await execa(helmBin, ['version', '--template', '{{.Version}}'], { reject: false, timeout: 10_000 });
  const version = r.stdout.trim();
  if (id && r.exitCode === 0 && /^v\d+\.\d+\.\d+\S{0,64}$/.test(version)) {
    const entries = Object.entries({ ...known, [id]: version }).slice(-MAX_ENTRIES);
    // a cache that cannot be written is asked again next time, nothing more
    await mkdir(cacheDir, { recursive: true })
      .then(() => writeFileAtomic(file, JSON.stringify(Object.fromEntries(entries))))
      .catch(() => undefined);
  }
  return version;
}

async function readKnown(file: string): Promise<Record<string, string>> {
  try {
    const s = await stat(file);
    if (!s.isFile() || s.size > MAX_FILE_BYTES) return {};
    const v = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
