// Where a Go program's strings start and end. The linker packs string constants end to end with
// no separator (`...!= 0failed to acquire lockghcr.io/org/agent:v2.3.1markWorker...`), so the
// bytes alone cannot say where a reference ends; the program's own uses of a string can: a
// string header (pointer, length) in its data sections (package variables, composite literals,
// the files of an `embed.FS`), and on amd64 the code that loads a string's address with LEAQ and
// its length with a MOV beside it (the register ABI passes a string as AX, BX), on arm64 with
// ADRP+ADD and a MOVZ.
import { u64, type ElfFile, type ElfSection } from './elf.js';

export interface StringSpan {
  /** File offset of the first byte. */
  at: number;
  length: number;
  /** How the span was learned: a header in data, or a load in code. */
  by: 'header' | 'code';
  /**
   * The string header just before this one, where it is a short name: an `embed.FS` file is
   * {name, data, hash}, so a file's data header follows its name's.
   */
  name?: { at: number; length: number };
}

/** Longer strings than this are read only as embedded files (a header in data). */
export const MAX_CONSTANT = 512;
/** An embedded file larger than this is not read as text. */
export const MAX_EMBEDDED = 4 * 1024 * 1024;

const DATA_SECTIONS = new Set(['.data', '.noptrdata', '.rodata', '.data.rel.ro', '.go.buildinfo']);

/** The spans of read-only strings the program's data and code name, unique by offset and length. */
export function stringSpans(bin: Buffer, elf: ElfFile): StringSpan[] {
  const rodata = elf.sections.find((s) => s.name === '.rodata');
  if (rodata?.offset === undefined) return [];
  const out = new Map<string, StringSpan>();
  const inRodata = (addr: number, length: number) => length >= 1 && addr >= rodata.addr && addr + length <= rodata.addr + rodata.size;
  const fileAt = (addr: number) => rodata.offset! + (addr - rodata.addr);
  const add = (addr: number, length: number, by: StringSpan['by'], headerAt?: number) => {
    if (length < 4 || !inRodata(addr, length)) return;
    const at = fileAt(addr);
    const key = `${at}:${length}`;
    if (out.has(key)) return;
    const span: StringSpan = { at, length, by };
    if (headerAt !== undefined && length > MAX_CONSTANT && headerAt >= 16) {
      const nameAddr = u64(bin, headerAt - 16);
      const nameLen = u64(bin, headerAt - 8);
      if (nameLen <= 256 && inRodata(nameAddr, nameLen)) span.name = { at: fileAt(nameAddr), length: nameLen };
    }
    out.set(key, span);
  };
  for (const s of elf.sections) if (DATA_SECTIONS.has(s.name) && s.offset !== undefined) dataHeaders(bin, s, rodata, add);
  const text = elf.sections.find((s) => s.name === '.text');
  if (elf.machine === 'amd64' && text?.offset !== undefined) amd64Loads(bin, text, add);
  if (elf.machine === 'arm64' && text?.offset !== undefined) arm64Loads(bin, text, add);
  return [...out.values()];
}

function dataHeaders(bin: Buffer, s: ElfSection, rodata: ElfSection, add: (addr: number, len: number, by: 'header', headerAt: number) => void): void {
  const lo = rodata.addr;
  const hi = rodata.addr + rodata.size;
  const start = s.offset! + ((8 - (s.addr % 8)) % 8);
  const end = s.offset! + s.size - 16;
  for (let i = start; i <= end; i += 8) {
    // high words first: most words are no address, and a string's length fits 32 bits
    if (bin.readUInt32LE(i + 12) !== 0) continue;
    const len = bin.readUInt32LE(i + 8);
    if (len < 4 || len > MAX_EMBEDDED) continue;
    const ptr = u64(bin, i);
    if (ptr >= lo && ptr + len <= hi) add(ptr, len, 'header', i);
  }
}

/**
 * LEAQ disp32(RIP), reg (REX.W 8D, ModRM mod=00 rm=101) followed within a few instructions by a
 * MOV of a 32-bit immediate: into a register (B8+r, REX B8+r, REX.W C7 C0+r) or into memory
 * beside the pointer (REX.W C7 40+r disp8 imm32). The first such immediate that fits is the length.
 */
function amd64Loads(bin: Buffer, text: ElfSection, add: (addr: number, len: number, by: 'code') => void): void {
  const base = text.offset!;
  const end = base + text.size - 7;
  for (let i = base; i < end; i++) {
    if (bin[i + 1] !== 0x8d || (bin[i]! & 0xfb) !== 0x48 || (bin[i + 2]! & 0xc7) !== 0x05) continue;
    const next = i + 7;
    const addr = text.addr + (next - base) + bin.readInt32LE(i + 3);
    const len = immediateBefore(bin, i, base) ?? immediateAfter(bin, next, Math.min(end, next + 24));
    if (len !== undefined && len <= MAX_CONSTANT) add(addr, len, 'code');
  }
}

/**
 * ADRP Xd, page then ADD Xd, Xd, #lo12 (the string's address), with a MOVZ of the length into a
 * register within two instructions either side (Go's register ABI: R0 the pointer, R1 the length).
 */
function arm64Loads(bin: Buffer, text: ElfSection, add: (addr: number, len: number, by: 'code') => void): void {
  const base = text.offset!;
  const end = base + text.size - 8;
  for (let i = base; i <= end; i += 4) {
    const adrp = bin.readUInt32LE(i);
    if ((adrp & 0x9f000000) >>> 0 !== 0x90000000) continue;
    const addi = bin.readUInt32LE(i + 4);
    const rd = adrp & 0x1f;
    if ((addi & 0xffc00000) >>> 0 !== 0x91000000 || ((addi >> 5) & 0x1f) !== rd) continue;
    const immlo = (adrp >>> 29) & 3;
    const immhi = (adrp >>> 5) & 0x7ffff;
    let pages = (immhi << 2) | immlo;
    if (pages & 0x100000) pages -= 0x200000;
    const pc = text.addr + (i - base);
    const addr = Math.floor(pc / 4096) * 4096 + pages * 4096 + ((addi >>> 10) & 0xfff);
    for (const j of [i + 8, i + 12, i + 16, i - 4, i - 8, i - 12, i - 16]) {
      if (j < base || j > end + 4) continue;
      const len = arm64Immediate(bin.readUInt32LE(j));
      if (len === undefined) continue;
      if (len > 0 && len <= MAX_CONSTANT) add(addr, len, 'code');
      break;
    }
  }
}

/** The value a MOVZ, or an ORR of a bitmask immediate into ZR (Go's MOVD $32), puts in a register; undefined for any other instruction. */
export function arm64Immediate(insn: number): number | undefined {
  // MOVZ (64- or 32-bit), shift 0
  if ((insn & 0x7fe00000) >>> 0 === 0x52800000) return (insn >>> 5) & 0xffff;
  // ORR Rd, ZR, #bitmask: 64-bit with N=1, or 32-bit
  const wide = (insn & 0xff800000) >>> 0 === 0xb2000000;
  if ((wide || (insn & 0xffc00000) >>> 0 === 0x32000000) && ((insn >>> 5) & 0x1f) === 31) {
    if (wide && ((insn >>> 22) & 1) !== 1) return undefined;
    const size = wide ? 64 : 32;
    const immr = (insn >>> 16) & 0x3f;
    const imms = (insn >>> 10) & 0x3f;
    if (imms + 1 >= size) return undefined;
    // imms+1 ones rotated right by immr: small only when they do not wrap
    const shift = (size - immr) % size;
    if (shift + imms + 1 > size) return undefined;
    return (2 ** (imms + 1) - 1) * 2 ** shift;
  }
  return undefined;
}

/** A MOV of a 32-bit immediate into a register that ends right where the LEAQ starts (the compiler may set the length first). */
function immediateBefore(bin: Buffer, i: number, base: number): number | undefined {
  if (i - 5 >= base && bin[i - 5]! >= 0xb8 && bin[i - 5]! <= 0xbf && !(i - 6 >= base && (bin[i - 6]! & 0xf0) === 0x40)) return bin.readUInt32LE(i - 4);
  if (i - 6 >= base && bin[i - 6] === 0x41 && bin[i - 5]! >= 0xb8 && bin[i - 5]! <= 0xbf) return bin.readUInt32LE(i - 4);
  if (i - 7 >= base && (bin[i - 7]! & 0xf8) === 0x48 && bin[i - 6] === 0xc7 && (bin[i - 5]! & 0xf8) === 0xc0) return bin.readUInt32LE(i - 4);
  return undefined;
}

function immediateAfter(bin: Buffer, from: number, to: number): number | undefined {
  for (let j = from; j < to; j++) {
    const op = bin[j]!;
    if (op >= 0xb8 && op <= 0xbf && j + 5 <= to + 7) return bin.readUInt32LE(j + 1);
    if ((op === 0x41 || op === 0x48) && bin[j + 1]! >= 0xb8 && bin[j + 1]! <= 0xbf) return bin.readUInt32LE(j + 2);
    if ((op & 0xf8) === 0x48 && bin[j + 1] === 0xc7) {
      const modrm = bin[j + 2]!;
      if ((modrm & 0xf8) === 0xc0) return bin.readUInt32LE(j + 3);
      if ((modrm & 0xc0) === 0x40 && (modrm & 7) !== 4) return bin.readUInt32LE(j + 4);
    }
  }
  return undefined;
}
