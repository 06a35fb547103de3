// docs/commands/ is the command reference, written by scripts/docs-commands.mjs from the CLI's own
// help: each page must hold exactly what `helm airgap CMD --help` prints, and there is one page per
// command the top-level help lists. A page that differs: run `npm run docs:commands`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';

const DOCS = fileURLToPath(new URL('../../docs/commands', import.meta.url));
const FIX = 'run `npm run docs:commands` and commit docs/commands/';

/** The help text a page holds (its one ```text block). */
async function pageHelp(file: string): Promise<string> {
  const text = await readFile(join(DOCS, file), 'utf8');
  const m = /```text\n([\s\S]*?)\n```\n/.exec(text);
  if (!m) throw new Error(`docs/commands/${file} has no text block: ${FIX}`);
  return m[1]!;
}

async function help(args: string[]): Promise<string> {
  const r = await runBuilt(args);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.replace(/\n+$/, '');
}

async function commands(): Promise<string[]> {
  const section = (await help(['--help'])).split(/^Commands:$/m)[1]!.split(/^\S/m)[0]!;
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
}

describe('docs/commands equals --help', () => {
  it('one page per command, and the index', async () => {
    const pages = (await readdir(DOCS)).filter((f) => f.endsWith('.md')).sort();
    expect(pages, FIX).toEqual(['README.md', ...(await commands()).map((c) => `${c}.md`)].sort());
  });

  it('the index holds the top-level help', async () => {
    expect(await pageHelp('README.md'), FIX).toBe(await help(['--help']));
  });

  it('each page holds its command’s --help', async () => {
    for (const c of await commands()) expect(await pageHelp(`${c}.md`), `docs/commands/${c}.md: ${FIX}`).toBe(await help([c, '--help']));
  });
});
