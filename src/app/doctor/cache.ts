// The download cache (charts, image blobs, code cache): how much it holds, whether it can be
// written and is the user's alone (util/safe-fs.ts refuses it otherwise), and the free space
// beside it (a bundle or copy writes there first).
import { access, constants, lstat, readdir, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { humanSize } from '../../oci/copy-graph.js';
import { ALL_COMMANDS, type Finding } from './finding.js';
import { unsafeFolder } from '../../util/safe-fs.js';

export interface CacheReport {
  path: string;
  exists: boolean;
  bytes: number;
  files: number;
  /** Free bytes on the file system that holds it (or would). */
  free?: number;
}

const LOW_FREE = 2 * 1024 ** 3;

export async function inspectCache(path: string): Promise<{ cache: CacheReport; findings: Finding[] }> {
  const exists = await lstat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const { bytes, files } = exists ? await sizeOf(path) : { bytes: 0, files: 0 };
  const existing = await nearestExisting(path);
  const free = await statfs(existing).then(
    (s) => s.bavail * s.bsize,
    () => undefined,
  );
  const cache: CacheReport = { path, exists, bytes, files, ...(free !== undefined ? { free } : {}) };
  const findings: Finding[] = [];
  const writable = await access(existing, constants.W_OK).then(
    () => true,
    () => false,
  );
  const unsafe = exists ? unsafeFolder(path) : undefined;
  if (unsafe)
    findings.push({
      area: 'cache',
      subject: path,
      status: 'fail',
      detail: unsafe.message,
      next: unsafe.hint ?? '',
      affects: ALL_COMMANDS.filter((c) => c !== 'postrender' && c !== 'inspect'),
    });
  else if (!writable)
    findings.push({
      area: 'cache',
      subject: path,
      status: 'fail',
      detail: `${existing} cannot be written: downloads have nowhere to go`,
      next: 'point the cache at a writable folder: --cache DIR or HELM_AIRGAP_CACHE=DIR',
      affects: ALL_COMMANDS.filter((c) => c !== 'postrender' && c !== 'inspect'),
    });
  else if (free !== undefined && free < LOW_FREE)
    findings.push({
      area: 'cache',
      subject: path,
      status: 'warn',
      detail: `only ${humanSize(free)} free beside the cache (${humanSize(bytes)} in it)`,
      next: 'free space, or point the cache elsewhere: HELM_AIRGAP_CACHE=DIR',
      affects: ['bundle', 'copy', 'sync'],
    });
  else {
    const room = free !== undefined ? `; ${humanSize(free)} free` : '';
    findings.push({
      area: 'cache',
      subject: path,
      status: 'ok',
      detail: `${exists ? `${humanSize(bytes)} in ${files} files` : 'not created yet'}${room}`,
      affects: [],
    });
  }
  return { cache, findings };
}

/** Bytes and files under a folder, symlinks not followed. */
async function sizeOf(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        files++;
        bytes += await lstat(p).then(
          (s) => s.size,
          () => 0,
        );
      }
    }
  };
  await walk(dir);
  return { bytes, files };
}

async function nearestExisting(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    if (
      await lstat(p).then(
        () => true,
        () => false,
      )
    )
      return p;
    if (dirname(p) === p) return p;
  }
}
