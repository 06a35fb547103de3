// The sections of an ELF executable, read from its header table alone: where each section's
// bytes are in the file and at which address the program sees them, which is all the string
// reading needs. Only 64-bit little-endian files are read (Linux amd64 and arm64 images); any
// other shape, or a table that points outside the file, is no ELF to this reader.

export interface ElfSection {
  name: string;
  /** The address the loaded program sees the section at. */
  addr: number;
  /** Where its bytes start in the file (absent: SHT_NOBITS, no bytes in the file). */
  offset?: number;
  size: number;
}

export interface ElfFile {
  machine: 'amd64' | 'arm64' | 'other';
  sections: ElfSection[];
}

const SHT_NOBITS = 8;
/** More sections than any real program has: a table past it is refused, never walked. */
const MAX_SECTIONS = 4096;

export function readElf(b: Buffer): ElfFile | undefined {
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return undefined;
  const machineCode = b.readUInt16LE(0x12);
  const shoff = u64(b, 0x28);
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const shstrndx = b.readUInt16LE(0x3e);
  if (shentsize < 64 || shnum === 0 || shnum > MAX_SECTIONS || shstrndx >= shnum || shoff + shnum * shentsize > b.length) return undefined;
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return { nameAt: b.readUInt32LE(at), type: b.readUInt32LE(at + 4), addr: u64(b, at + 16), offset: u64(b, at + 24), size: u64(b, at + 32) };
  });
  const names = raw[shstrndx]!;
  if (names.offset + names.size > b.length) return undefined;
  const sections: ElfSection[] = [];
  for (const s of raw) {
    const inFile = s.type !== SHT_NOBITS;
    if (inFile && s.offset + s.size > b.length) return undefined;
    const start = names.offset + s.nameAt;
    const end = b.indexOf(0, start);
    const name = start < names.offset + names.size && end > 0 ? b.toString('latin1', start, end) : '';
    sections.push({ name, addr: s.addr, size: s.size, ...(inFile ? { offset: s.offset } : {}) });
  }
  const machine = machineCode === 0x3e ? 'amd64' : machineCode === 0xb7 ? 'arm64' : 'other';
  return { machine, sections };
}

/** A 64-bit field as a number: addresses and sizes of real programs stay far below 2^53. */
export function u64(b: Buffer, at: number): number {
  return b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 0x1_0000_0000;
}

/** The file bytes of a section, or undefined when it has none. */
export function sectionBytes(b: Buffer, s: ElfSection | undefined): Buffer | undefined {
  return s?.offset === undefined ? undefined : b.subarray(s.offset, s.offset + s.size);
}
