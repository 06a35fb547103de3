// `npm run package` for the tests that need its tarballs: one at a time across the suite's
// parallel files, since each run rebuilds dist/ and writes its tarballs, .prov files and the OCI
// layout at fixed names (two at once could interleave a tarball's .partial file).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

/** `then` runs while the lock is still held: a copy of what this run wrote, before another run rewrites dist/. */
export async function runPackage(root: string, args: string[] = [], then?: () => Promise<void>): Promise<void> {
  const { withDirLock } = (await import(pathToFileURL(join(root, 'scripts/sea.mjs')).href)) as {
    withDirLock<T>(lock: string, fn: () => Promise<T>): Promise<T>;
  };
  await mkdir(join(root, '.tmp'), { recursive: true });
  await withDirLock(join(root, '.tmp', 'package-lock'), async () => {
    await execa('npm', ['run', '--silent', 'package', ...(args.length ? ['--', ...args] : [])], { cwd: root });
    await then?.();
  });
}
