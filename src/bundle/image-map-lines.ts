// The image map as formatImageMap writes it, read line by line (pure): a sync of tens of thousands
// of tags writes a map of tens of megabytes, which the YAML library holds as a document tree at
// about forty times its size (8.8 MB: 370 MB). Each entry here is a small object built in one pass,
// no recursion. A line this reader does not know (a hand-edited map, flow style, quotes) makes it
// give up, and the caller reads the text as YAML under a lower size bound.

/** One entry's fields as written, not yet checked (image-map.ts checks them as it checks YAML's). */
export interface RawEntry {
  source?: string;
  destination?: string;
  digest?: string;
  platforms?: { platform?: string; digest?: string }[];
}

const WORD = '([A-Za-z0-9][A-Za-z0-9._/:@+-]*)';
// a plain scalar with a "/" or ":" in it is a string to YAML too (no number, boolean or null has one)
const VALUE = '((?=[^\\s]*[/:])[A-Za-z0-9][A-Za-z0-9._/:@+-]*)';
const HEAD = new RegExp(`^(apiVersion|kind): ${WORD}$`);
const ENTRY = new RegExp(`^  - (source|destination|digest): ${VALUE}$`);
const FIELD = new RegExp(`^    (source|destination|digest): ${VALUE}$`);
const PLATFORM = new RegExp(`^      - (platform|digest): ${VALUE}$`);
const PLATFORM_FIELD = new RegExp(`^        (platform|digest): ${VALUE}$`);

/** The raw entries and the header's fields, or undefined when the text is not in the written shape. */
export function readMapLines(text: string): { head: Record<string, string>; entries: RawEntry[]; registriesAt?: number } | undefined {
  const head: Record<string, string> = {};
  const entries: RawEntry[] = [];
  let inImages = false;
  let empty = false;
  let entry: RawEntry | undefined;
  let platform: { platform?: string; digest?: string } | undefined;
  let start = 0;
  while (start <= text.length) {
    const lineStart = start;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    // the writer's last block, how each destination is reached: a few lines, read as YAML by the caller
    if (line === 'registries:' && (inImages || empty)) return { head, entries, registriesAt: lineStart };
    let m: RegExpExecArray | null;
    if (!inImages) {
      if (line === 'images:' && !empty) inImages = true;
      else if (line === 'images: []' && !empty) empty = true;
      else if ((m = HEAD.exec(line)) && head[m[1]!] === undefined) head[m[1]!] = m[2]!;
      else return undefined;
      continue;
    }
    if ((m = ENTRY.exec(line))) {
      entry = { [m[1]!]: m[2]! };
      platform = undefined;
      entries.push(entry);
    } else if (entry && !platform && (m = FIELD.exec(line))) {
      if ((entry as Record<string, unknown>)[m[1]!] !== undefined) return undefined;
      (entry as Record<string, unknown>)[m[1]!] = m[2]!;
    } else if (entry && !platform && line === '    platforms:' && entry.platforms === undefined) {
      entry.platforms = [];
    } else if (entry?.platforms && (m = PLATFORM.exec(line))) {
      platform = { [m[1]!]: m[2]! };
      entry.platforms.push(platform);
    } else if (platform && (m = PLATFORM_FIELD.exec(line))) {
      if ((platform as Record<string, unknown>)[m[1]!] !== undefined) return undefined;
      (platform as Record<string, unknown>)[m[1]!] = m[2]!;
    } else if (entry && platform && FIELD.test(line)) {
      // a field of the entry after its platforms
      platform = undefined;
      const f = FIELD.exec(line)!;
      if ((entry as Record<string, unknown>)[f[1]!] !== undefined) return undefined;
      (entry as Record<string, unknown>)[f[1]!] = f[2]!;
    } else return undefined;
  }
  return inImages || empty ? { head, entries } : undefined;
}
