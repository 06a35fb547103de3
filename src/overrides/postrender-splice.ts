// Text surgery for the post-renderer: an image string is replaced inside the source of the one
// scalar that holds it, so everything around it (quoting, comments, line ends) stays as written.

/** Characters that continue a reference: an occurrence touching one is part of something longer. */
const REF_CHAR = /[A-Za-z0-9._/:@+-]/;

export interface Replacement {
  /** The string as it appears in the value (a whole scalar, or part of `--flag=IMAGE`, a list...). */
  from: string;
  to: string;
}

/** Replaces every whole-token occurrence of each `from` (longest first, so a prefix never wins). */
export function replaceTokens(text: string, edits: readonly Replacement[]): string {
  const sorted = [...edits].sort((a, b) => b.from.length - a.from.length);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const hit = sorted.find((e) => e.from !== '' && text.startsWith(e.from, i) && isBoundary(text, i, e.from.length));
    if (hit) {
      out += hit.to;
      i += hit.from.length;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

function isBoundary(text: string, at: number, length: number): boolean {
  // a reference right after a URL's scheme (`oci://`, `registry://`) begins there
  const before = at === 0 || text.endsWith('://', at) ? '' : text[at - 1];
  const after = text[at + length] ?? '';
  return !REF_CHAR.test(before) && !REF_CHAR.test(after);
}

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping splices (any order) to the text. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * The scalar's new source. `literal` edits the source in place (keeps quoting and layout);
 * `quoted` writes the new value as one double-quoted scalar, for sources where the image was
 * split over lines or escaped. Trailing whitespace of the old source (a block scalar's final
 * line break) is kept so the next line stays where it was.
 */
export function scalarSource(source: string, value: string, edits: readonly Replacement[], mode: 'literal' | 'quoted'): string {
  if (mode === 'literal') return replaceTokens(source, edits);
  const tail = /\s*$/.exec(source)?.[0] ?? '';
  return JSON.stringify(replaceTokens(value, edits)) + tail;
}
