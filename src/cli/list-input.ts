// Telling an image list apart from the other inputs of a command that takes bundles, locks and
// charts too, by what the file is rather than what it is called: `-` is stdin; a bundle is what
// bundle/open.ts says; a folder or a name that is no file is a chart; a gzip file is a chart
// archive (Helm reads no other); a JSON file is a bundle lock. Any other file is a list, read
// through the one parser (oci/image-list.ts), so a bad line fails naming FILE:LINE instead of
// reaching the chart loader as a "chart archive".
import { UsageError } from '../util/errors.js';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { looksLikeBundle } from '../bundle/open.js';
import { parseImageList, type ImageListEntry } from '../oci/image-list.js';
import { listText } from './list-text.js';
import type { Runtime } from './runtime.js';

export type InputKind = 'list' | 'bundle' | 'chart';

export async function inputKind(input: string): Promise<InputKind> {
  if (input === '-') return 'list';
  if (looksLikeBundle(input)) return 'bundle';
  const head = firstBytes(input, 2);
  if (head === undefined) return 'chart';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'chart';
  if (input.endsWith('.json')) return 'bundle';
  return 'list';
}

/** The list `input` names, or undefined when it is a bundle, a lock or a chart. */
export async function readListInput(rt: Pick<Runtime, 'readStdin'>, input: string): Promise<ImageListEntry[] | undefined> {
  if ((await inputKind(input)) !== 'list') return undefined;
  const text = await listText(rt, input);
  const gitops = GITOPS_TEXT.exec(text);
  if (gitops)
    throw new UsageError(`${input === '-' ? 'stdin' : input} holds ${gitops[2] ? `a ${gitops[2]}` : 'a helmfile'}, not an image list (one reference a line)`, {
      hint: `give it with --gitops ${input} (images, bundle and values read GitOps objects so)`,
    });
  return parseImageList(text, input === '-' ? 'stdin' : input);
}

// the objects --gitops reads, at the start of a line as a YAML file writes them: no image reference looks so
const GITOPS_TEXT = /^(kind:\s*(Application|ApplicationSet|HelmRelease|HelmRepository|OCIRepository|Kustomization)\b|releases:)/m;

/** The entries of each list in order (`-` reads stdin once); errors name FILE:LINE or stdin:LINE. */
export async function readImageLists(inputs: readonly string[], readStdin: () => Promise<Buffer>): Promise<ImageListEntry[]> {
  const out: ImageListEntry[] = [];
  // a loop, not push(...entries): a spread of 200,000 arguments overflows the stack
  for (const input of inputs) for (const e of parseImageList(await listText({ readStdin }, input), input === '-' ? 'stdin' : input)) out.push(e);
  return out;
}

/**
 * The first `n` bytes of a regular file; undefined for a folder or a name that is no file (a chart).
 * A FIFO or a device reads as empty: a list, which the list reader then refuses as no regular file
 * (read as a chart it would hang the loader). Read synchronously: two bytes do not need
 * node:fs/promises, which a local chart's images and values then never load (with the readline
 * modules it loads, 4% of a small template's instructions).
 */
function firstBytes(path: string, n: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return undefined;
    if (!st.isFile()) return Buffer.alloc(0);
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}
