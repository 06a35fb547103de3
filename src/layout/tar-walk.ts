// The state tar keeps between headers, for both archive readers (the chart reader over inflated
// bytes, the bundle reader over a file read by ranges): a PAX header ('x') or a GNU long name or
// link ('L', 'K') describes the entry after it, and a global PAX header ('g') describes none we
// use. Pure: each reader reads the bytes its own way and keeps its own rules for the entries.
import { ArchiveError } from '../util/errors.js';
import { cString, decodeHeader, parsePax, type TarHeader } from './tar-format.js';

export interface TarEntryHeader extends TarHeader {
  linkname: string;
  /**
   * An 'x', 'g', 'L' or 'K' header: it is no entry of its own, and its payload goes to payload()
   * (all but 'g'). Its size is its own (PAX records describe the entry, not the next extended
   * header: Go's archive/tar, which Helm reads charts with); its names are those pending so far,
   * for errors about it.
   */
  extended: boolean;
}

/** Extended headers whose payload changes the next entry; a global header's records apply to no entry here. */
const READ_PAYLOAD = new Set(['x', 'L', 'K']);

export class TarHeaderWalk {
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;
  private last = '';

  /** `maxExtendedSize` bounds the payload of one 'x', 'L' or 'K' header (archives are untrusted). */
  constructor(private readonly maxExtendedSize: number) {}

  /** The header block at byte `at`, as its entry reads it. Throws ArchiveError for a bad header or an oversize extended one. */
  header(block: Buffer, at: number): TarEntryHeader {
    const h = decodeHeader(block, at);
    this.last = h.type;
    const extended = READ_PAYLOAD.has(h.type) || h.type === 'g';
    if (READ_PAYLOAD.has(h.type) && h.size > this.maxExtendedSize)
      throw new ArchiveError(`tar header at byte ${at}: extended header of ${h.size} bytes, over the ${this.maxExtendedSize} byte limit`);
    const entry: TarEntryHeader = {
      ...h,
      name: this.pax.path ?? this.longName ?? h.name,
      linkname: this.pax.linkpath ?? this.longLink ?? cString(block.subarray(157, 257)),
      size: !extended && this.pax.size !== undefined ? Number(this.pax.size) : h.size,
      extended,
    };
    if (!extended) {
      this.pax = {};
      this.longName = undefined;
      this.longLink = undefined;
    }
    return entry;
  }

  /** The payload of the extended header header() last returned (`at` its header's offset, for errors). */
  payload(body: Buffer, at: number): void {
    if (this.last === 'x') this.pax = parsePax(body, at);
    else if (this.last === 'L') this.longName = gnuName(body);
    else if (this.last === 'K') this.longLink = gnuName(body);
  }
}

function gnuName(body: Buffer): string {
  return body.toString('utf8').replace(/\0+$/, '');
}
