// `serve --ready-file FILE`: how a script started in the background knows serve listens, without
// sleeping or polling. The line written is "URL PID": the PID is serve's own, since `$!` is Helm's
// when Helm runs the plugin, and Helm does not pass SIGTERM on to it.
// - A FIFO (`mkfifo`) is written straight into: the script's `read -r url pid < FILE` blocks until
//   the line comes. When serve fails before listening it writes an empty line instead, so that read
//   ends (non-zero) rather than waiting forever; a FIFO nobody reads yet is then left alone (ENXIO).
//   A command line refused before serve runs (an unknown flag) does the same, from main.ts.
// - Any other path gets the line atomically (temp, fsync, rename): never seen half-written.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../util/atomic-write.js';

export async function writeReady(path: string, url: string): Promise<void> {
  const line = `${url} ${process.pid}\n`;
  if (!(await isFifo(path))) return writeFileAtomic(path, line);
  const fh = await open(path, constants.O_WRONLY);
  try {
    await fh.writeFile(line);
  } finally {
    await fh.close();
  }
}

/** serve failed before listening: a reader of the FIFO gets an empty line (EOF, read fails). */
export async function writeNotReady(path: string): Promise<void> {
  if (!(await isFifo(path))) return;
  const fh = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  await fh?.writeFile('\n').catch(() => undefined);
  await fh?.close();
}

async function isFifo(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFIFO() ?? false;
}

/** The command line was refused before serve ran (an unknown flag): the --ready-file it names, if any, gets the empty line. */
export async function notReadyAfterUsageError(args: readonly string[]): Promise<void> {
  const at = args.findIndex((a) => a === '--ready-file' || a.startsWith('--ready-file='));
  if (at < 0) return;
  const path = args[at]!.includes('=') ? args[at]!.slice('--ready-file='.length) : args[at + 1];
  if (path) await writeNotReady(path);
}
