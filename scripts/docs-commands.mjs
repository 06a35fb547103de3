// Writes docs/commands/: one page per command holding its `--help` exactly as the built CLI prints
// it, and an index with the top-level help. The CLI's help is the one source of each flag's text;
// test/cli/commands-reference.test.ts fails when a page differs from what `--help` prints.
// Run with `npm run docs:commands` (it builds first).
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';

const root = new URL('..', import.meta.url);
const out = new URL('docs/commands/', root);
const entry = new URL('dist/helm-airgap.mjs', root).pathname;
const ask = (args) => execFileSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, HELM_AIRGAP_NO_ANSWERS: '1' } });

/** Command names from the top-level help's Commands: section (help itself left out). */
function commandNames(help) {
  const section = help.split(/^Commands:$/m)[1].split(/^\S/m)[0];
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
}

/** One page: a title, a note on where it comes from, and the help text as a code block. */
function commandPage(title, help) {
  return `# ${title}\n\n<!-- written by scripts/docs-commands.mjs from the CLI's own help: do not edit; run npm run docs:commands -->\n\n\`\`\`text\n${help.replace(/\n+$/, '')}\n\`\`\`\n`;
}

const top = ask(['--help']);
const names = commandNames(top);
await mkdir(out, { recursive: true });
for (const f of await readdir(out)) if (f.endsWith('.md')) await rm(new URL(f, out));
const index = [commandPage('helm airgap', top).replace(/\n$/, ''), '', '## Commands', '', ...names.map((n) => `- [\`helm airgap ${n}\`](${n}.md)`), ''].join(
  '\n',
);
await writeFile(new URL('README.md', out), index);
for (const n of names) await writeFile(new URL(`${n}.md`, out), commandPage(`helm airgap ${n}`, ask([n, '--help'])));
console.log(`docs/commands: ${names.length} commands and the index`);
