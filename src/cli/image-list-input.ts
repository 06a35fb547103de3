// Telling an image list apart from the other inputs of a command that takes bundles and charts
// too, by what the file is rather than what it is called: `-` is stdin; a bundle is what
// bundle/open.ts says; a folder or a name that is no file is a chart; a gzip file is a chart
// archive (Helm reads no other); a JSON file is a bundle lock. Any other file is a list, read
// through the one parser (oci/image-list.ts), so a bad line fails naming FILE:LINE instead of
// reaching the chart loader as a "chart archive".
import { open, readFile } from 'node:fs/promises';
import { looksLikeBundle } from '../bundle/open.js';
import { parseImageList, type ImageListEntry } from '../oci/image-list.js';
import { unreadableInput } from '../util/input-file.js';

export type InputKind = 'list' | 'bundle' | 'chart';

export async function inputKind(input: string): Promise<InputKind> {
  if (input === '-') return 'list';
  if (looksLikeBundle(input)) return 'bundle';
  const head = await firstBytes(input, 2);
  if (head === undefined) return 'chart';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'chart';
  if (input.endsWith('.json')) return 'bundle';
  return 'list';
}

/** The entries of each list in order (`-` reads stdin once); errors name FILE:LINE or stdin:LINE. */
export async function readImageLists(inputs: readonly string[], readStdin: () => Promise<Buffer>): Promise<ImageListEntry[]> {
  const out: ImageListEntry[] = [];
  for (const input of inputs) {
    const text =
      input === '-'
        ? (await readStdin()).toString('utf8')
        : await readFile(input, 'utf8').catch((e: unknown) => {
            throw unreadableInput('', input, e);
          });
    out.push(...parseImageList(text, input === '-' ? 'stdin' : input));
  }
  return out;
}

/** The first `n` bytes of a regular file; undefined for anything else (a folder, a chart name, nothing). */
async function firstBytes(path: string, n: number): Promise<Buffer | undefined> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    if (!(await fh.stat()).isFile()) return undefined;
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
