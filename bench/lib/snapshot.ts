// V8 start-up snapshots of the one-file bundles (dist/fast/COMMAND.cjs), made here for bench/start
// only: what a snapshot would save the launcher, measured beside what it runs today. The CLI
// ships none; bench/start.ts's header says why, with the figures.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const V8_FLAGS = fileURLToPath(new URL('../../bin/v8-flags.cjs', import.meta.url));
// src/main.ts's first statement that touches the run's process (its streams, signals, argv):
// everything before it is module set-up, which a snapshot can hold
const RUN_STARTS = 'onStdioError();';
// the bundles are built inside CommonJS's wrapper (bin/code-cache.cjs); the entry here writes its own
const { WRAP_HEAD, WRAP_TAIL } = createRequire(import.meta.url)('../../bin/code-cache.cjs') as { WRAP_HEAD: string; WRAP_TAIL: string };

/**
 * A blob (in `dir`) of bundle `file` set up to its run, which starts at deserialisation with the
 * run's argv (a snapshot's process.argv has no script: the bundle's path goes back in its place);
 * undefined when the bundle no longer has the statement the run starts at. Made by `node`, the Node
 * that must run it (another build refuses or aborts on it).
 */
export async function snapshotOf(node: string, file: string, dir: string, name: string): Promise<string | undefined> {
  const text = await readFile(file, 'latin1');
  const bundle = text.startsWith(WRAP_HEAD) && text.endsWith(WRAP_TAIL) ? text.slice(WRAP_HEAD.length, -WRAP_TAIL.length) : text;
  const at = bundle.indexOf(RUN_STARTS);
  if (at < 0) return undefined;
  const entry = join(dir, `${name}-snapshot.cjs`);
  const blob = join(dir, `${name}.blob`);
  // the snapshot's own require has Node's modules only; the packages a bundle requires apart
  // (./NAME.cjs beside it) are required at run time from the bundle's folder
  await writeFile(
    entry,
    `'use strict';
let snapshotRun__, apart__;
const builtin = require;
const dir = ${JSON.stringify(join(file, '..'))};
(function (exports, require, module, __filename, __dirname) {
${bundle.slice(0, at)}snapshotRun__ = () => {${bundle.slice(at)}};
})({}, (id) => (id.startsWith('./') ? (apart__ ??= builtin('node:module').createRequire(${JSON.stringify(file)}))(id) : builtin(id)), { exports: {} }, ${JSON.stringify(file)}, dir);
builtin('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
  process.argv.splice(1, 0, ${JSON.stringify(file)});
  // the command's V8 flags, as the launcher's entry sets them
  builtin('node:module').createRequire(${JSON.stringify(file)})(${JSON.stringify(V8_FLAGS)}).setV8Flags(process.argv[2]);
  snapshotRun__();
});
`,
  );
  execFileSync(node, ['--snapshot-blob', blob, '--build-snapshot', entry], { stdio: 'inherit' });
  return blob;
}

/** A blob holding nothing of ours: the fixed cost of starting from a snapshot of one's own. */
export async function emptySnapshot(node: string, dir: string): Promise<string> {
  const entry = join(dir, 'empty-snapshot.cjs');
  const blob = join(dir, 'empty.blob');
  await writeFile(entry, "require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
  execFileSync(node, ['--snapshot-blob', blob, '--build-snapshot', entry], { stdio: 'inherit' });
  return blob;
}
