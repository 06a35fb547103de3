// Reads a chart archive (.tgz) in memory. Archives are untrusted: every entry must stay inside
// the chart folder, links and device files are refused, and the total size and entry count are
// bounded so a crafted archive cannot exhaust memory. Helm's own rules apply on top: the first
// path component (the chart's folder) is dropped, and a UTF-8 BOM is stripped from each file.

import * as zlib from 'node:zlib';
import { BLOCK, isZeroBlock, padding } from '../../layout/tar-format.js';
import { TarHeaderWalk, type TarEntryHeader } from '../../layout/tar-walk.js';
import { ChartError } from '../../util/errors.js';
import type { ChartFile } from '../chart/types.js';

export interface ArchiveLimits {
  /** Total bytes of all files once decompressed (Helm's own limit is 100 MiB). */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxTotalBytes: 100 * 1024 * 1024, maxEntries: 20_000 };

/** Helm 4's loader refuses a chart holding a file over 5 MiB (archive.MaxDecompressedFileSize); Helm 3.17 has no such rule. */
export const HELM4_MAX_FILE_BYTES = 5 * 1024 * 1024;

let maxFileBytes: number | undefined = HELM4_MAX_FILE_BYTES;

/** Whose loader rules charts are read by (the command's --helm-version, or the Helm running the plugin). */
export function setChartLoaderRules(major: 3 | 4): void {
  maxFileBytes = major === 4 ? HELM4_MAX_FILE_BYTES : undefined;
}

/** Refuses a file over Helm 4's limit, as Helm 4 does, before its bytes are read. */
export function checkChartFileSize(chart: string, file: string, size: number): void {
  if (maxFileBytes === undefined || size <= maxFileBytes) return;
  throw new ChartError(
    `chart ${chart}: file ${JSON.stringify(file)} is larger than the maximum file size ${maxFileBytes} (Helm 4's limit: it refuses this chart too)`,
    {
      code: 'ERR_CHART_FILE_SIZE',
      hint: 'make the file smaller (a large values.yaml or data file belongs outside the chart), or read the chart by Helm 3 rules: --helm-version 3',
    },
  );
}

// Entry types by their tar type flag (the extended headers that describe the next entry never
// get here: tar-walk.ts reads them). Directories and GNU dumpdir / Solaris extended headers are passed over; anything but a regular file is refused (links and devices could point
// outside the chart). Names as node-tar (and so earlier messages) gave them.
const SKIPPED_TYPES = new Set(['5', 'D', 'X']);
const FILE_TYPES = new Set(['0', '7']);
const TYPE_NAMES: Record<string, string> = {
  '1': 'Link',
  '2': 'SymbolicLink',
  '3': 'CharacterDevice',
  '4': 'BlockDevice',
  '6': 'FIFO',
  M: 'ContinuationFile',
  N: 'OldGnuLongPath',
  S: 'SparseFile',
  V: 'TapeVolumeHeader',
};
const BOM = [0xef, 0xbb, 0xbf];

/**
 * The files of a chart archive, names relative to the chart root. `label` names the chart in errors.
 * The tar is read straight from the inflated bytes (as Go's archive/tar reads it for Helm): each
 * file is a view of them, no stream and no copy.
 */
export async function parseChartArchive(bytes: Uint8Array, label: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<ChartFile[]> {
  // One discovery reads the same archive three times (resolving the chart, checking its
  // dependencies, loading it) and each render of a subchart .tgz again: inflating it was 10% of a
  // cert-manager discovery. The same file objects come back, so what is kept per file (decoded
  // text, parsed schema) is kept across loads too. Only a success is kept: an error names `label`.
  // Keyed by a CRC-32 and the length, and confirmed by comparing the bytes, not by a sha256: a
  // `template` reads its chart once, and node:crypto's load alone was 5 ms of it. (zlib.crc32 is
  // Node 20.15 and later; before it nothing is kept.)
  const key =
    typeof zlib.crc32 === 'function' ? `${zlib.crc32(bytes)} ${bytes.byteLength} ${limits.maxTotalBytes} ${limits.maxEntries} ${maxFileBytes}` : undefined;
  const kept = key === undefined ? undefined : parsedArchives.get(key);
  if (key !== undefined && kept && Buffer.compare(kept.archive, bytes) === 0) {
    parsedArchives.delete(key); // most recently used last
    parsedArchives.set(key, kept);
    return [...kept.files];
  }
  const files = parseArchive(bytes, label, limits);
  if (key !== undefined) keepParsed(key, Buffer.from(bytes), files);
  return [...files];
}

/** Parsed archives by content (and the limits they were read under), least recently used first. */
const parsedArchives = new Map<string, { archive: Buffer; files: ChartFile[]; bytes: number }>();
let parsedBytes = 0;
// bounded by the inflated bytes the kept files hold on to: a corpus of charts passes through
const MAX_PARSED_BYTES = 64 * 1024 * 1024;

function keepParsed(key: string, archive: Buffer, files: ChartFile[]): void {
  const bytes = archive.byteLength + files.reduce((n, f) => n + f.data.byteLength, 0);
  if (bytes > MAX_PARSED_BYTES) return;
  for (const [k, v] of parsedArchives) {
    if (parsedBytes + bytes <= MAX_PARSED_BYTES) break;
    parsedArchives.delete(k);
    parsedBytes -= v.bytes;
  }
  const old = parsedArchives.get(key);
  if (old) {
    parsedArchives.delete(key);
    parsedBytes -= old.bytes;
  }
  parsedArchives.set(key, { archive, files, bytes });
  parsedBytes += bytes;
}

function parseArchive(bytes: Uint8Array, label: string, limits: ArchiveLimits): ChartFile[] {
  const fail = (message: string, cause?: unknown): ChartError =>
    new ChartError(`chart archive ${label}: ${message}`, { cause, hint: 'the archive is corrupt or unsafe; package the chart again with `helm package`' });
  let tar: Buffer;
  try {
    tar = inflateBounded(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  } catch (e) {
    throw fail(
      e instanceof RangeError
        ? `decompresses to more than ${limits.maxTotalBytes} bytes (a decompression bomb, or not a chart)`
        : `not a valid gzipped tar: ${(e as Error).message}`,
      e,
    );
  }
  const files: ChartFile[] = [];
  let total = 0;
  let count = 0;
  // an extended header is bounded only by the inflated size, as the rest of the archive is
  const walk = new TarHeaderWalk(Infinity);
  for (let pos = 0; pos + BLOCK <= tar.length;) {
    const block = tar.subarray(pos, pos + BLOCK);
    if (isZeroBlock(block)) break;
    let h: TarEntryHeader;
    try {
      h = walk.header(block, pos);
    } catch (e) {
      throw fail(`not a valid gzipped tar: ${(e as Error).message}`, e);
    }
    const { size } = h;
    const data = pos + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || data + size > tar.length) throw fail(`not a valid gzipped tar: the entry at byte ${pos} is cut short`);
    const body = tar.subarray(data, data + size);
    const at = pos;
    pos = data + size + padding(size);
    if (h.extended) {
      try {
        walk.payload(body, at);
      } catch (e) {
        throw fail(`not a valid gzipped tar: ${(e as Error).message}`, e);
      }
      continue;
    }
    const raw = h.name;
    if (++count > limits.maxEntries) throw fail(`more than ${limits.maxEntries} entries`);
    // a regular file of the oldest format whose name ends in / is a directory (Go's reader, node-tar)
    const type = block[156] === 0 && raw.endsWith('/') ? '5' : h.type;
    const name = entryName(raw, type, fail);
    if (name === undefined) continue;
    checkChartFileSize(label, raw, size);
    total += size;
    if (total > limits.maxTotalBytes) throw fail(`entry ${raw}: content larger than ${limits.maxTotalBytes} bytes in total`);
    files.push({ name, data: stripBom(body) });
  }
  if (files.length === 0) throw fail('no files in chart archive');
  return lastOfEachName(files);
}

/**
 * An archive may hold one name twice (`helm package` of a chart that vendors two versions of a
 * subchart writes both to charts/NAME/): Helm's loader reads every entry in order and the later
 * one wins wherever it is used (Chart.yaml, each template), so the later one is kept here.
 */
function lastOfEachName(files: ChartFile[]): ChartFile[] {
  const byName = new Map<string, ChartFile>();
  for (const f of files) {
    byName.delete(f.name);
    byName.set(f.name, f);
  }
  return byName.size === files.length ? files : [...byName.values()];
}

/**
 * Inflates with a ceiling: the limit is enforced while inflating (zlib's maxOutputLength), so a
 * 4 MB archive of one 4 GiB file costs at most the limit, never the 4 GiB. Tar headers and padding
 * get room on top of the content limit.
 */
function inflateBounded(bytes: Buffer, limits: ArchiveLimits): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const headers = (limits.maxEntries + 1) * 1536;
  const maxOutputLength = limits.maxTotalBytes + headers;
  return zlib.gunzipSync(bytes, { maxOutputLength, chunkSize: inflateChunk(bytes, maxOutputLength) });
}

// zlib's default 16 KiB output chunks, joined at the end, took half the inflating of
// kube-prometheus-stack (7 MB of tar: 430 chunks, then a copy of them all into one buffer). The
// gzip trailer says how long the output is (its last member's, mod 2^32): one chunk a byte longer
// holds it whole. The trailer is the archive's word, so the chunk stays within the output limit and
// 64 MiB; a trailer that lies costs more chunks, never more output.
const MIN_INFLATE_CHUNK = 16 * 1024;
const MAX_INFLATE_CHUNK = 64 * 1024 * 1024;

function inflateChunk(gzip: Buffer, maxOutputLength: number): number {
  if (gzip.length < 18) return MIN_INFLATE_CHUNK;
  const stated = gzip.readUInt32LE(gzip.length - 4);
  return Math.max(MIN_INFLATE_CHUNK, Math.min(stated + 1, maxOutputLength + 1, MAX_INFLATE_CHUNK));
}

/** The chart-relative name, undefined for entries to skip; throws for unsafe ones. */
function entryName(raw: string, type: string, fail: (m: string) => ChartError): string | undefined {
  if (SKIPPED_TYPES.has(type)) return undefined;
  if (!FILE_TYPES.has(type))
    throw fail(`entry ${raw}: ${TYPE_NAMES[type] ?? `type ${JSON.stringify(type)}`} entries are not allowed (links and devices could point outside the chart)`);
  const sep = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(sep);
  if (parts[0] === 'Chart.yaml') throw fail('Chart.yaml is not inside the chart folder (expected NAME/Chart.yaml)');
  const rest = parts.slice(1).join('/');
  if (raw.startsWith('/') || rest.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw fail(`entry ${raw}: absolute paths are not allowed`);
  const name = cleanPath(rest);
  if (name === '.' || name === '..' || name.startsWith('../') || parts[0] === '..') throw fail(`entry ${raw}: path escapes the chart folder`);
  return name;
}

/** path.Clean for relative slash paths. */
export function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.length === 0 ? '.' : out.join('/');
}

function stripBom(b: Buffer): Uint8Array {
  return b.length >= 3 && b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2] ? b.subarray(3) : b;
}
