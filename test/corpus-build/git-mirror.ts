// A git mirror as build.mjs reads them (MIRRORS/OWNER+NAME/repo, bare), made from these files.
import { execa } from 'execa';
import { join } from 'node:path';
import { writeFiles } from '../support/files.js';

/** Commits `files` in WORK/src/NAME and clones it bare to WORK/mirrors/NAME/repo. */
export async function gitMirror(work: string, name: string, files: Record<string, string>): Promise<void> {
  const src = join(work, 'src', name);
  await writeFiles(src, files);
  const git = (...args: string[]) =>
    execa('git', args, { cwd: src, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'charts');
  await execa('git', ['clone', '-q', '--bare', src, join(work, 'mirrors', name, 'repo')]);
}
