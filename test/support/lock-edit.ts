// A lock edited in transit together with index.json's record of its digest: what an attacker who
// can write the transfer medium does to get past the lock binding (src/bundle/lock-binding.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLock } from '../../src/bundle/lock.js';
import { LOCK_DIGEST_ANNOTATION, lockDigest } from '../../src/bundle/lock-binding.js';

/** Records the (edited) lock's digest in index.json, as an attacker who edits both would. */
export async function rebind(dir: string): Promise<void> {
  const lock = parseLock(await readFile(join(dir, 'airgap-lock.json'), 'utf8'), 'lock');
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
  index.annotations[LOCK_DIGEST_ANNOTATION] = lockDigest(lock);
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
}
