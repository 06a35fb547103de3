// An image list: the input four of the five plans start from (pure). One reference a line, an
// optional second column naming where that image goes, `#` comments and blank lines ignored:
//
//   docker.io/milvusdb/milvus:v2.4.4
//   registry.internal/app/api:1.2  123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/api:1.2
//   quay.io/jetstack/cert-manager-controller@sha256:...   # pinned
//
// `docker://` in front of a reference is skopeo's spelling and accepted. Every command that acts on
// images reads lists through here, so a line that is not a reference fails the same way everywhere:
// a usage error naming the file and the line.
import { UsageError } from '../util/errors.js';
import { formatReference, parseReference, type Reference } from './reference.js';

/** One line's columns, before they are read as references (copy's lines may hold oci: paths). */
export interface ListLine {
  /** 1-based line number. */
  line: number;
  /** "FILE:LINE", for errors. */
  where: string;
  source: string;
  destination?: string;
}

export interface ImageListEntry extends ListLine {
  ref: Reference;
  /** The normalised source reference (docker.io/library/nginx:1.27). */
  image: string;
}

/** Splits a list into its lines' columns; more than two columns is a usage error. */
export function splitListLines(text: string, file: string): ListLine[] {
  const out: ListLine[] = [];
  // CRLF, LF and a lone CR (old Mac files, some editors) each end a line: read as one long line,
  // a CR-only list would take its second image for the first one's destination
  for (const [i, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const body = raw.replace(/(^|\s)#.*$/, '').trim();
    if (body === '') continue;
    const where = `${file}:${i + 1}`;
    const cols = body.split(/\s+/);
    if (cols.length > 2)
      throw new UsageError(`${where}: expected "IMAGE [DESTINATION]", got ${cols.length} columns: ${JSON.stringify(body)}`, {
        hint: 'one image reference a line, optionally followed by where it goes; # starts a comment',
      });
    out.push({ line: i + 1, where, source: cols[0]!, ...(cols[1] !== undefined ? { destination: cols[1] } : {}) });
  }
  return out;
}

/** Reads every line's first column as an image reference; the destination stays text. */
export function parseImageList(text: string, file: string): ImageListEntry[] {
  return splitListLines(text, file).map((l) => {
    const ref = listReference(l.source, l.where);
    if (l.destination !== undefined) listReference(l.destination, `${l.where} (destination)`);
    return { ...l, ref, image: formatReference(ref) };
  });
}

/** A list's reference ("docker://" allowed), or a usage error naming where it stood. */
export function listReference(text: string, where: string): Reference {
  try {
    return parseReference(text.replace(/^docker:\/\//, ''));
  } catch (e) {
    throw new UsageError(`${where}: not an image reference: ${(e as Error).message}`, {
      hint: 'write one reference a line, such as docker.io/library/nginx:1.27 or quay.io/org/app@sha256:<digest>',
    });
  }
}
