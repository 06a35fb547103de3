// Executables on a PATH, found as a shell would (no process spawned): doctor asks which helm and
// node a user's commands would run, whatever PATH the CLI itself was started with.
import { access, constants, readdir, realpath } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

function dirsOf(path: string | undefined): string[] {
  return (path ?? '').split(delimiter).filter((d) => d !== '');
}

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The first `name` on PATH, or undefined. */
export async function onPath(name: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of dirsOf(path)) if (await executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/** Every executable on PATH whose name `match` accepts, the first of each real file only. */
export async function allOnPath(match: (name: string) => boolean, path: string | undefined): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of dirsOf(path)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter(match).sort()) {
      const file = join(dir, name);
      if (!(await executable(file))) continue;
      const real = await realpath(file).catch(() => file);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(file);
    }
  }
  return out;
}
