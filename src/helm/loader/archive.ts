// Reads a chart archive (.tgz) in memory. Archives are untrusted: every entry must stay inside
// the chart folder, links and device files are refused, and the total size and entry count are
// bounded so a crafted archive cannot exhaust memory. Helm's own rules apply on top: the first
// path component (the chart's folder) is dropped, and a UTF-8 BOM is stripped from each file.

import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
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
export function setChartLoaderRules(helmVersion: 3 | 4): void {
  maxFileBytes = helmVersion === 4 ? HELM4_MAX_FILE_BYTES : undefined;
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

const SKIPPED_TYPES = new Set([
  'Directory',
  'GNUDumpDir',
  'ExtendedHeader',
  'GlobalExtendedHeader',
  'OldExtendedHeader',
  'NextFileHasLongPath',
  'NextFileHasLongLinkpath',
]);
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const BOM = [0xef, 0xbb, 0xbf];

/** The files of a chart archive, names relative to the chart root. `label` names the chart in errors. */
export function parseChartArchive(bytes: Uint8Array, label: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<ChartFile[]> {
  return new Promise((resolve, reject) => {
    const files: ChartFile[] = [];
    let total = 0;
    let count = 0;
    let failed = false;
    const fail = (message: string, cause?: unknown): void => {
      if (failed) return;
      failed = true;
      reject(
        new ChartError(`chart archive ${label}: ${message}`, { cause, hint: 'the archive is corrupt or unsafe; package the chart again with `helm package`' }),
      );
      parser.abort(new Error(message));
    };
    const parser = new Parser({ strict: true });
    parser.on('entry', (entry: ReadEntry) => {
      if (failed) return entry.resume();
      if (++count > limits.maxEntries) return fail(`more than ${limits.maxEntries} entries`);
      const name = checkEntry(entry, fail);
      if (name === undefined) return entry.resume();
      try {
        checkChartFileSize(label, entry.path, entry.size ?? 0);
      } catch (e) {
        if (failed) return;
        failed = true;
        reject(e);
        parser.abort(e as Error);
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => {
        total += c.length;
        if (total > limits.maxTotalBytes) return fail(`entry ${entry.path}: content larger than ${limits.maxTotalBytes} bytes in total`);
        chunks.push(c);
      });
      entry.on('end', () => {
        if (!failed) files.push({ name, data: stripBom(Buffer.concat(chunks)) });
      });
    });
    parser.on('error', (e: Error) => fail(`not a valid gzipped tar: ${e.message}`, e));
    parser.on('end', () => {
      if (failed) return;
      if (files.length === 0) return fail('no files in chart archive');
      resolve(lastOfEachName(files));
    });
    let tarBytes: Buffer;
    try {
      tarBytes = inflateBounded(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
    } catch (e) {
      return fail(
        e instanceof RangeError
          ? `decompresses to more than ${limits.maxTotalBytes} bytes (a decompression bomb, or not a chart)`
          : `not a valid gzipped tar: ${(e as Error).message}`,
        e,
      );
    }
    parser.end(tarBytes);
  });
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
  return gunzipSync(bytes, { maxOutputLength: limits.maxTotalBytes + headers });
}

/** Returns the chart-relative name, undefined for entries to skip; calls fail for unsafe ones. */
function checkEntry(entry: ReadEntry, fail: (m: string) => void): string | undefined {
  const raw = entry.path;
  if (SKIPPED_TYPES.has(entry.type)) return undefined;
  if (!FILE_TYPES.has(entry.type)) {
    fail(`entry ${raw}: ${entry.type} entries are not allowed (links and devices could point outside the chart)`);
    return undefined;
  }
  const sep = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(sep);
  if (parts[0] === 'Chart.yaml') {
    fail('Chart.yaml is not inside the chart folder (expected NAME/Chart.yaml)');
    return undefined;
  }
  const rest = parts.slice(1).join('/');
  if (raw.startsWith('/') || rest.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    fail(`entry ${raw}: absolute paths are not allowed`);
    return undefined;
  }
  const name = cleanPath(rest);
  if (name === '.' || name === '..' || name.startsWith('../') || parts[0] === '..') {
    fail(`entry ${raw}: path escapes the chart folder`);
    return undefined;
  }
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
