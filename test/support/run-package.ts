// `npm run package` for the tests that need its tarballs: one at a time across the suite's
// parallel files, since each run writes its tarballs, .prov files and the OCI layout at fixed
// names (two at once could interleave a tarball's .partial file). dist/ is built again only when a
// source is newer than it (as scripts/setup.sh, which test.sh runs first, decides): a build empties
// dist/chunks and dist/fast before writing them, and the CLI that test files running beside this
// one start from dist/ would find them missing.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

/** `then` runs while the lock is still held: a copy of what this run wrote, before another run rewrites dist/. */
export async function runPackage(root: string, args: string[] = [], then?: () => Promise<void>): Promise<void> {
  await withPackageLock(root, async () => {
    await buildIfStale(root);
    await execa('node', ['scripts/package.mjs', ...args], { cwd: root });
    await then?.();
  });
}

/** `npm run build` when dist/ is missing or older than a source, under the same lock as runPackage. */
export async function ensureBuilt(root: string): Promise<void> {
  await withPackageLock(root, () => buildIfStale(root));
}

/** Runs `fn` holding runPackage's lock: for a test that makes from dist/ what `npm run package` rewrites (dist/sea, the executables). */
export async function withPackageLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const { withDirLock } = (await import(pathToFileURL(join(root, 'scripts/sea.mjs')).href)) as {
    withDirLock<R>(lock: string, fn: () => Promise<R>): Promise<R>;
  };
  await mkdir(join(root, '.tmp'), { recursive: true });
  return withDirLock(join(root, '.tmp', 'package-lock'), fn);
}

async function buildIfStale(root: string): Promise<void> {
  const built = await stat(join(root, 'dist', 'helm-airgap.mjs')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built > 0 && (await newest(join(root, 'src'))) <= built && (await stat(join(root, 'scripts', 'build.mjs'))).mtimeMs <= built) return;
  await execa('npm', ['run', '--silent', 'build'], { cwd: root });
}

/** The latest modification time of a .ts file under `dir`. */
async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) latest = Math.max(latest, (await stat(join(e.parentPath, e.name))).mtimeMs);
  }
  return latest;
}
