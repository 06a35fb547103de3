// The image references a program's binary holds, read from its own strings (go-strings.ts):
// whole references it names as constants, references inside files it embeds, repositories it
// completes with its own version, and the host-shaped text whose ends nothing in the binary
// settles (left to the registry to settle, or named as parts the program joins at run time).
import { readBuildInfo, type GoBuildInfo } from './buildinfo.js';
import { readElf } from './elf.js';
import { embeddedImages, looksLikeImageData } from './embedded-text.js';
import { MAX_CONSTANT, MAX_EMBEDDED, stringSpans, type StringSpan } from './go-strings.js';
import { hostedRef, strictImage } from './strict-image.js';

export type CandidateHow = 'constant' | 'embedded' | 'version-joined' | 'settled';

export interface BinaryCandidate {
  ref: string;
  how: CandidateHow;
  /** What in the binary says so: `string constant`, `embedded file images.yaml: images[0].repository+tag`, ... */
  detail: string;
}

export interface BinaryEvidence {
  /** A Go program (buildinfo read); absent for other binaries, whose strings are not read. */
  go?: GoBuildInfo;
  candidates: BinaryCandidate[];
  /**
   * Candidates whose tag the binary does not bound: each is tried against the registry, longest
   * first, among the ends listed.
   */
  unsettled: { text: string; ends: string[] }[];
  /** Hosted names with no tag that no version of the program's own completes: parts of references joined at run time. */
  parts: string[];
}

/** The versions a program stamps into itself: its module's, and `-X` values shaped as versions. */
export function ownVersions(go: GoBuildInfo | undefined): string[] {
  if (!go) return [];
  const all = [go.mainVersion, ...Object.values(go.linkValues)].filter(
    (v): v is string => typeof v === 'string' && /^v?\d+(\.\d+){1,2}([-+][\w.-]+)?$/.test(v),
  );
  return [...new Set(all)];
}

/** Hosted references in packed text no span bounds: the tag runs into the next constant. */
/**
 * Where a host ends and a path begins (`.io/a`, `.1:5000/a`, `localhost:5000/a`): found in one
 * linear pass, the host then read backwards and the path and tag forwards, so no pattern backtracks
 * over megabytes of packed text.
 */
const HOST_END = /(?:\.[a-z]{2,63}|\.\d{1,3}:\d{1,5}|localhost:\d{1,5})(?::\d{1,5})?\/(?=[a-z0-9])/g;
const PATH_TAG = /[a-z0-9]+(?:[._/-][a-z0-9]+)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/y;
const HOST_CHAR = /[a-z0-9.-]/;

/** The packed references of a text: a host, a path and a tag, with no bound on what ran into them. */
export function* packedMatches(text: string): Generator<{ index: number; text: string }> {
  for (const m of text.matchAll(HOST_END)) {
    const slash = m.index! + m[0].length;
    let start = m.index!;
    while (start > 0 && slash - start < 253 && HOST_CHAR.test(text[start - 1]!)) start--;
    PATH_TAG.lastIndex = slash;
    const rest = PATH_TAG.exec(text);
    if (rest && /^[a-z0-9]/.test(text.slice(start, start + 1))) yield { index: start, text: text.slice(start, slash) + rest[0] };
  }
}

const MAX_UNSETTLED = 64;
const MAX_ENDS = 8;

/** Registries whose names a packed reference is cut back to when text before it ran into its host. */
export const KNOWN_REGISTRIES: readonly string[] = [
  'docker.io',
  'ghcr.io',
  'quay.io',
  'gcr.io',
  'registry.k8s.io',
  'k8s.gcr.io',
  'public.ecr.aws',
  'mcr.microsoft.com',
  'nvcr.io',
  'registry.gitlab.com',
  'registry.redhat.io',
  'registry.access.redhat.com',
  'icr.io',
  'docker.elastic.co',
  'pkg.dev',
  'amazonaws.com',
  'azurecr.io',
  'cgr.dev',
];

/** `hosts`: registries a packed reference's host is cut back to (the controller's own, KNOWN_REGISTRIES). */
export function binaryEvidence(bin: Buffer, hosts: readonly string[] = KNOWN_REGISTRIES): BinaryEvidence {
  const elf = readElf(bin);
  if (!elf) return { candidates: [], unsettled: [], parts: [] };
  const go = readBuildInfo(bin, elf);
  const versions = ownVersions(go);
  const candidates: BinaryCandidate[] = [];
  const parts = new Set<string>();
  // a name with no tag is read as a registry's only on a host that serves images: the controller's
  // own, a known registry, one a whole reference in the program names, or one with a port; label
  // and annotation keys (`app.kubernetes.io/name`) and API groups are host-shaped too
  const registries = new Set(hosts);
  const tagless: { text: string; at: number; length: number }[] = [];
  const spans = stringSpans(bin, elf);
  for (const span of spans) {
    const multiline = span.by === 'header' && bin.subarray(span.at, span.at + span.length).includes(0x0a);
    if (span.length > MAX_CONSTANT || multiline) {
      if (span.length > MAX_EMBEDDED || span.by !== 'header' || !isText(bin, span.at, span.length)) continue;
      const text = bin.toString('utf8', span.at, span.at + span.length);
      if (!looksLikeImageData(text)) continue;
      const name = span.name ? bin.toString('utf8', span.name.at, span.name.at + span.name.length) : undefined;
      const file = name && /^[\w./-]+$/.test(name) ? `embedded file ${name}` : 'embedded text';
      for (const e of embeddedImages(text)) candidates.push({ ref: e.ref, how: 'embedded', detail: `${file}: ${e.at}` });
      continue;
    }
    const text = bin.toString('latin1', span.at, span.at + span.length);
    if (!/^[a-z0-9]/i.test(text) || !text.includes('/') || /[^\x21-\x7e]/.test(text)) continue;
    const whole = strictImage(text);
    if (whole) {
      candidates.push({ ref: whole, how: 'constant', detail: `string constant (${span.by === 'code' ? 'loaded in code' : 'string header in data'})` });
      registries.add(whole.slice(0, whole.indexOf('/')));
      continue;
    }
    tagless.push({ text, at: span.at, length: span.length });
  }
  for (const { text } of tagless) {
    // `ghcr.io/acme/agent:` (a version joined after the colon) or a tagless repository
    const repo = hostedRef(text.endsWith(':') ? text.slice(0, -1) : text);
    if (!repo || repo.tag || repo.digest || !servesImages(repo.domain, registries)) continue;
    const name = `${repo.domain}/${repo.path}`;
    // a part until a version of the program's own completes it into an image its registry has
    parts.add(name);
    for (const v of versions)
      candidates.push({ ref: `${name}:${v}`, how: 'version-joined', detail: `repository ${text} joined to the program's own version ${v}` });
  }
  const unsettled = packedReferences(
    bin,
    elf.sections.find((s) => s.name === '.rodata'),
    coverage(spans),
    hosts,
  ).filter((u) => servesImages(u.text.slice(0, u.text.indexOf('/')), registries));
  return { ...(go ? { go } : {}), candidates: unique(candidates), unsettled, parts: [...parts] };
}

/** References in .rodata that no string of the program holds: their ends are the places the text changes kind. */
function packedReferences(
  bin: Buffer,
  rodata: { offset?: number; size: number } | undefined,
  covered: (start: number, end: number) => boolean,
  hosts: readonly string[],
): BinaryEvidence['unsettled'] {
  if (rodata?.offset === undefined) return [];
  const text = bin.toString('latin1', rodata.offset, rodata.offset + rodata.size);
  const out: BinaryEvidence['unsettled'] = [];
  for (const m of packedMatches(text)) {
    if (out.length >= MAX_UNSETTLED) break;
    const text = cutToHost(m.text, hosts);
    const start = rodata.offset + m.index + (m.text.length - text.length);
    // inside a longer string the program bounds (a help text's example): that string's, not a constant
    if (covered(start, start + text.lastIndexOf(':') + 1)) continue;
    const colon = text.lastIndexOf(':');
    const head = text.slice(0, colon + 1);
    if (!hostedRef(head.slice(0, -1))) continue;
    const ends = tagEnds(text.slice(colon + 1))
      .map((t) => head + t)
      .filter((r) => strictImage(r) !== undefined);
    if (ends.length) out.push({ text, ends });
  }
  return out;
}

/**
 * Whether bytes are text a file could hold (no NUL or control bytes but tab and line ends): a
 * pair of words in data that only looks like a string header points at binary, given up at its
 * first such byte, before any of it is decoded.
 */
function isText(bin: Buffer, at: number, length: number): boolean {
  for (let i = at, end = at + length; i < end; i++) {
    const c = bin[i]!;
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0x7f) return false;
  }
  return true;
}

/** A host of the set, or a subdomain of one (`europe-docker.pkg.dev`), or one with a port (a private registry). */
export function servesImages(host: string, registries: ReadonlySet<string>): boolean {
  if (/:\d+$/.test(host)) return true;
  for (const r of registries) if (host === r || host.endsWith(`.${r}`)) return true;
  return false;
}

/** Whether one span holds the whole of [start, end): the starts sorted, the furthest end so far beside each. */
function coverage(spans: readonly StringSpan[]): (start: number, end: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.at - b.at);
  const starts = sorted.map((s) => s.at);
  const reach: number[] = [];
  let far = -1;
  for (const s of sorted) reach.push((far = Math.max(far, s.at + s.length)));
  return (start, end) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= start) ((found = mid), (lo = mid + 1));
      else hi = mid - 1;
    }
    return found >= 0 && reach[found]! >= end;
  };
}

/** A host that text before it ran into (`lockghcr.io/...`): cut back to the known registry it ends with. */
function cutToHost(text: string, hosts: readonly string[]): string {
  const host = text.slice(0, text.indexOf('/')).replace(/:\d+$/, '');
  const known = hosts.filter((h) => host !== h && host.endsWith(h)).sort((a, b) => b.length - a.length)[0];
  return known ? text.slice(host.length - known.length) : text;
}

/**
 * Where a tag packed against the next constant may end, longest first: before each change of
 * kind (digit to letter, lower to upper case) and after each version number's digits.
 */
export function tagEnds(tag: string): string[] {
  const ends = new Set<number>();
  for (let i = 1; i < tag.length; i++) {
    const a = tag[i - 1]!;
    const b = tag[i]!;
    if ((/\d/.test(a) && /[A-Za-z]/.test(b)) || (/[a-z]/.test(a) && /[A-Z]/.test(b)) || (/[A-Za-z]/.test(a) && /\d/.test(b) && i > 1)) ends.add(i);
  }
  const semver = /^v?\d+\.\d+\.\d+/.exec(tag);
  // a version's last number runs into digits that follow it: each of its first few lengths
  if (semver) {
    const last = semver[0].lastIndexOf('.') + 1;
    for (let i = last + 1; i <= Math.min(semver[0].length, last + 3); i++) ends.add(i);
  }
  ends.add(tag.length);
  return [...ends]
    .sort((x, y) => y - x)
    .slice(0, MAX_ENDS)
    .map((i) => tag.slice(0, i));
}

function unique(c: BinaryCandidate[]): BinaryCandidate[] {
  const seen = new Map<string, BinaryCandidate>();
  for (const x of c) if (!seen.has(x.ref) || x.how === 'constant' || x.how === 'embedded') seen.set(x.ref, seen.get(x.ref) ?? x);
  return [...seen.values()];
}
