// Fuzz target: image lists (src/oci/image-list.ts) and image maps (src/bundle/image-map.ts with its
// line reader, image-map-lines.ts). Lists are lines of references, destination columns, comments
// and blank lines ended by LF, CRLF or a lone CR; maps are what --write-map writes, in block or flow
// style, with repeats, conflicting entries and damage. Properties: each parser returns or throws
// its usage error; a list never yields more entries than it has lines; a map the line reader
// accepts reads as the YAML reader reads the same text, and formats and reads back to itself.
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { formatImageMap, parseImageMap, type MapEntry } from '../src/bundle/image-map.js';
import { readMapLines } from '../src/bundle/image-map-lines.js';
import { parseImageList } from '../src/oci/image-list.js';
import { mutateText } from './mutate.js';
import { chance, int, pick, some, type Rng } from './rng.js';
import { isCleanAirgapError, PropertyViolation, type FuzzTarget } from './runner.js';

type Input = { kind: 'list' | 'map'; text: string };

const HOSTS = ['docker.io', 'quay.io', 'r.example', '127.0.0.1:5000', 'Bad_Host'];
const NAMES = ['a/x', 'b/x', 'library/nginx', 'x-y', 'a-x/y', 'UPPER/case'];
const digest = (r: Rng) => `sha256:${some(r, 64, 64, () => pick(r, [...'0123456789abcdef'])).join('')}`;

function ref(r: Rng): string {
  const base = `${pick(r, HOSTS)}/${pick(r, NAMES)}`;
  switch (int(r, 0, 3)) {
    case 0:
      return `${base}:${pick(r, ['1', '1.27', 'latest'])}`;
    case 1:
      return `${base}@${digest(r)}`;
    case 2:
      return `${base}:1@${digest(r)}`;
    default:
      return base;
  }
}

function list(r: Rng): string {
  const eol = pick(r, ['\n', '\r\n', '\r']);
  const lines = some(r, 0, 12, () =>
    pick(r, [ref(r), `docker://${ref(r)}`, `${ref(r)}  ${ref(r)}`, `${ref(r)} # pinned`, '# comment', '', `${ref(r)} ${ref(r)} ${ref(r)}`]),
  );
  return lines.join(eol) + (chance(r, 0.5) ? eol : '');
}

function map(r: Rng): string {
  // a few sources and destinations, so repeats and conflicts come up
  const entries: MapEntry[] = some(r, 0, 6, () => ({
    source: ref(r),
    destination: `r.example/m/${pick(r, NAMES)}:${pick(r, ['1', '2'])}`,
    ...(chance(r, 0.8) ? { digest: digest(r) } : {}),
    ...(chance(r, 0.4) ? { platforms: some(r, 1, 2, () => ({ platform: pick(r, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']), digest: digest(r) })) } : {}),
  }));
  if (chance(r, 0.3)) return `images:\n${entries.map((e) => `  - ${JSON.stringify(e)}`).join('\n')}\n`;
  const text = formatImageMap([], { writer: 'fuzz', at: new Date(0) }).replace(/images: \[\]\n$/, '');
  // written by hand in the written shape, so repeats survive (formatImageMap merges them)
  const body = entries.map((e) =>
    [
      `  - source: ${e.source}`,
      `    destination: ${e.destination}`,
      ...(e.digest ? [`    digest: ${e.digest}`] : []),
      ...(e.platforms ? ['    platforms:', ...e.platforms.flatMap((p) => [`      - platform: ${p.platform}`, `        digest: ${p.digest}`])] : []),
    ].join('\n'),
  );
  return `${text}${entries.length ? `images:\n${body.join('\n')}\n` : 'images: []\n'}`;
}

export const imageListMapTarget: FuzzTarget<Input> = {
  name: 'image-list-map',
  fullCount: 50_000,
  timeoutMs: 2000,
  generate: (r) => {
    const kind = chance(r, 0.5) ? 'list' : 'map';
    const text = kind === 'list' ? list(r) : map(r);
    return { kind, text: chance(r, 0.5) ? mutateText(r, text, [':', '/', '@', '#', '\r', '\n', '  - ', 'sha256:', '{', '}']) : text };
  },
  run({ kind, text }) {
    if (kind === 'list') {
      const entries = parseImageList(text, 'fuzz.txt');
      const lines = text.split(/\r\n|\r|\n/).length;
      if (entries.length > lines) throw new PropertyViolation(`${entries.length} entries from ${lines} lines`);
      return;
    }
    const lines = readMapLines(text);
    const entries = parseImageMap(text, 'fuzz.yaml');
    if (lines) {
      const yaml = parseDocument(text);
      if (yaml.errors.length === 0) {
        const images = (yaml.toJS() as { images?: unknown } | null)?.images ?? [];
        if (!isDeepStrictEqual(lines.entries, images))
          throw new PropertyViolation(`the line reader read ${JSON.stringify(lines.entries)}, YAML ${JSON.stringify(images)}`);
      }
    }
    const again = parseImageMap(formatImageMap(entries, { writer: 'fuzz', at: new Date(0) }), 'again.yaml');
    if (
      !isDeepStrictEqual(
        again,
        [...entries].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
      )
    )
      throw new PropertyViolation(`does not read back: ${JSON.stringify(entries)} -> ${JSON.stringify(again)}`);
  },
  isDomain: isCleanAirgapError,
  describe: (i) => JSON.stringify(i),
};
