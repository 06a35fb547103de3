// "A host without node" for the plugin tests: a PATH folder holding sh, coreutils and the programs
// a test names (helm under the name users give it), nothing else.
import { execa } from 'execa';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/** `dir` made a PATH folder of sh, coreutils and `programs` (name -> file); fails if node is found on it. */
export async function pathWithoutNode(dir: string, programs: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const files = (await execa('dpkg-query', ['-L', 'coreutils'])).stdout.split('\n').filter((f) => /^\/(usr\/)?bin\/[^/]+$/.test(f));
  for (const f of [...new Set([...files, '/bin/sh'])]) await symlink(f, join(dir, f.split('/').pop()!)).catch(() => undefined);
  for (const [name, file] of Object.entries(programs)) await symlink(file, join(dir, name));
  const node = await execa('sh', ['-c', 'command -v node'], { env: { PATH: dir }, extendEnv: false, reject: false });
  if (node.exitCode === 0) throw new Error(`node found on ${dir}: ${node.stdout}`);
  return dir;
}
