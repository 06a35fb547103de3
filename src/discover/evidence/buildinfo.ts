// What a Go program says of its own build (the `.go.buildinfo` section `go version -m` reads):
// the main module's version and the `-X name=value` settings of its link, where a release
// stamps its version into a variable. An image repository the program joins to that version at
// run time is completed with it (`ghcr.io/acme/agent:` + version).
import type { ElfFile } from './elf.js';
import { sectionBytes } from './elf.js';

export interface GoBuildInfo {
  /** The Go release it was built with (go1.22.1). */
  goVersion: string;
  /** The main module's path and version ((devel) when built outside a tagged module). */
  mainPath?: string;
  mainVersion?: string;
  /** `-ldflags -X name=value` settings, by variable name. */
  linkValues: Record<string, string>;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** Go 1.18 and later write the strings inline after the header (flag bit 2). */
const INLINE = 2;

export function readBuildInfo(bin: Buffer, elf: ElfFile): GoBuildInfo | undefined {
  const b = sectionBytes(
    bin,
    elf.sections.find((s) => s.name === '.go.buildinfo'),
  );
  if (!b || b.length < 32 || !b.subarray(0, 14).equals(MAGIC) || (b[15]! & INLINE) === 0) return undefined;
  const version = varString(b, 32);
  if (!version) return undefined;
  const mod = varString(b, version.next);
  const info: GoBuildInfo = { goVersion: version.text, linkValues: {} };
  // the module text sits between two 16-byte sentinels
  const text = mod && mod.text.length > 32 ? mod.text.slice(16, -16) : '';
  for (const line of text.split('\n')) {
    const [kind, a, b2] = line.split('\t');
    if (kind === 'path') info.mainPath = a;
    else if (kind === 'mod') {
      info.mainPath = a;
      info.mainVersion = b2;
    } else if (kind === 'build' && a?.startsWith('-ldflags=')) Object.assign(info.linkValues, linkSettings(unquote(a.slice('-ldflags='.length))));
  }
  return info;
}

function varString(b: Buffer, at: number): { text: string; next: number } | undefined {
  let n = 0;
  let shift = 0;
  let i = at;
  for (; i < b.length && shift < 35; i++, shift += 7) {
    n += (b[i]! & 0x7f) * 2 ** shift;
    if ((b[i]! & 0x80) === 0) break;
  }
  i++;
  if (i + n > b.length) return undefined;
  return { text: b.toString('utf8', i, i + n), next: i + n };
}

/** Go quotes a build setting holding spaces with strconv.Quote. */
function unquote(s: string): string {
  if (!s.startsWith('"')) return s;
  try {
    return JSON.parse(s) as string;
  } catch {
    return s.slice(1, -1);
  }
}

/** The `-X name=value` pairs of an -ldflags text (`-X=name=value` too; values may be quoted). */
export function linkSettings(flags: string): Record<string, string> {
  const words = flags.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const pair = w === '-X' || w === '--X' ? words[++i] : /^--?X=(.*)$/.exec(w)?.[1];
    const m = pair && /^([^=]+)=(.*)$/.exec(pair.replace(/^['"]|['"]$/g, ''));
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
