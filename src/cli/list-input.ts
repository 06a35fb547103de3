// An argument that may be an image list: `-` (stdin) or a text file of references. Commands that
// also take bundles, locks or charts ask here first; anything that does not read as a list is
// left to their own opener (undefined), so a bundle never gets a list's error.
import { open, stat } from 'node:fs/promises';
import { looksLikeImageList, parseImageList, type ImageListEntry } from '../oci/image-list.js';
import { unreadableInput } from '../util/input-file.js';
import { UsageError } from '../util/errors.js';
import type { Runtime } from './runtime.js';

/** Lists are small; a larger file is a bundle or a mistake, not something to read whole. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;
const NOT_A_LIST = /\.(tar|tgz|gz|json|ya?ml|zst)$/i;

export async function readListInput(rt: Pick<Runtime, 'readStdin'>, input: string): Promise<ImageListEntry[] | undefined> {
  if (input === '-') return parseImageList((await rt.readStdin()).toString('utf8'), 'stdin');
  if (NOT_A_LIST.test(input)) return undefined;
  const st = await stat(input).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const text = await readHead(input, Math.min(st.size, MAX_LIST_BYTES + 1));
  if (text === undefined || !looksLikeImageList(text)) return undefined;
  if (st.size > MAX_LIST_BYTES)
    throw new UsageError(`${input}: an image list of ${st.size} bytes is over the ${MAX_LIST_BYTES} byte limit`, { hint: 'split it into several lists' });
  return parseImageList(text, input);
}

/** The file's first bytes as text, or undefined when they are not text (a tarball). */
async function readHead(path: string, n: number): Promise<string | undefined> {
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw unreadableInput('', path, e);
  });
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    const bytes = buf.subarray(0, bytesRead);
    return bytes.includes(0) ? undefined : bytes.toString('utf8');
  } finally {
    await fh.close();
  }
}
