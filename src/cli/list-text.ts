// An image list's text: a file or `-` (stdin), refused past a size before it is parsed. Its own
// module so copy's one-file entry reads lists without loading the bundle opener list-input needs.
import { readBoundedInput } from '../util/input-file.js';
import { UsageError } from '../util/errors.js';
import type { Runtime } from './runtime.js';

/** Lists are small; a larger file is a mistake, not something to read whole. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** A list's text, `-` from stdin; a file over the limit is refused before it is read. */
export async function listText(rt: Pick<Runtime, 'readStdin'>, input: string, flag = ''): Promise<string> {
  const tooLarge = (size: number) =>
    new UsageError(`${input}: an image list of ${size} bytes is over the ${MAX_LIST_BYTES} byte limit`, { hint: 'split it into several lists' });
  if (input === '-') {
    const buf = await rt.readStdin();
    if (buf.length > MAX_LIST_BYTES) throw tooLarge(buf.length);
    return buf.toString('utf8');
  }
  return readBoundedInput(flag, input, MAX_LIST_BYTES, tooLarge);
}
