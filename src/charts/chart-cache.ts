// A content-addressed store of chart archives: <dir>/charts/sha256/<hex>.tgz. Writes go to a
// temp file in the same folder and are renamed once the digest is checked, so a re-run reuses
// what an earlier run fetched and a crash never leaves a wrong file under a digest name.
import { nodeCrypto } from '../util/lazy-builtins.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicIfChanged } from '../util/atomic-write.js';
import { DigestMismatchError } from '../util/errors.js';
import { ownFolder, readRegular, readRegularSync } from '../util/safe-fs.js';

export class ChartCache {
  constructor(readonly dir: string) {}

  pathFor(hex: string): string {
    return join(this.dir, 'charts', 'sha256', `${hex}.tgz`);
  }

  /** The cached archive's path when present and its bytes still hash to `hex`; a damaged file is dropped. */
  async lookup(hex: string | undefined): Promise<string | undefined> {
    if (!hex || !/^[a-f0-9]{64}$/.test(hex)) return undefined;
    // a cache another user may write is refused here too, as put refuses it, not only on a miss
    ownFolder(this.dir, 'charts', 'sha256');
    const p = this.pathFor(hex);
    try {
      // no link followed, no FIFO waited on: what is found there is only ever its digest's bytes
      if (sha256Hex(readRegularSync(p)) === hex) return p;
      await rm(p, { force: true });
      return undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores bytes, checking them against `expectHex` when given; returns the path and digest hex. */
  async put(bytes: Uint8Array, what: string, expectHex?: string): Promise<{ path: string; hex: string }> {
    const hex = sha256Hex(bytes);
    if (expectHex && expectHex !== hex) throw new DigestMismatchError(`sha256:${expectHex}`, `sha256:${hex}`, what);
    const path = this.pathFor(hex);
    // a chart already stored is compared with the bytes in hand, not read and hashed again
    ownFolder(this.dir, 'charts', 'sha256');
    await writeFileAtomicIfChanged(path, bytes);
    return { path, hex };
  }

  async read(hex: string): Promise<Uint8Array> {
    return readRegular(this.pathFor(hex));
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(bytes).digest('hex');
}
