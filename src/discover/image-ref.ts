// The one seam between discovery and the reference grammar (src/oci/reference.ts): what
// discovery needs to know besides the parse is how much of the reference the string spelled out.

import { formatReference, parseReference, type Reference } from '../oci/reference.js';
import { TextMemo } from '../util/text-memo.js';

/** A string that parsed as an image reference, with how much of it was spelled out. */
export interface ImageRef {
  /** Fully qualified: registry/repository[:tag][@digest]; docker.io/library added, :latest when neither. */
  normalized: string;
  /** Registry host as normalised (docker.io when the string named none). */
  domain: string;
  /** Repository path without the registry. */
  path: string;
  tag?: string;
  digest?: string;
  /** The string named a registry host itself (quay.io/..., localhost:5000/...). */
  explicitDomain: boolean;
}

// Discovery asks about the same strings in every render (each candidate of each document, each
// values leaf, the optional search's dozens of renders): what a string reads as is kept, frozen, as
// the grammar keeps its parses (oci/reference.ts). null: not a reference.
const READ = new TextMemo<Readonly<ImageRef> | null>(4 * 1024 * 1024);

/** Parses a reference with the project grammar (src/oci/reference.ts); undefined when it is not one. */
export function toImageRef(raw: string): ImageRef | undefined {
  const s = raw.trim();
  // Most strings a walk meets are not references; a character test spares the parser's throw.
  if (s === '' || s.length > 512 || !/^[A-Za-z0-9][\w.:/@+\-[\]]*$/.test(s)) return undefined;
  return READ.of(s, readImageRef) ?? undefined;
}

function readImageRef(s: string): Readonly<ImageRef> | null {
  let r: Reference;
  // A walk asks about thousands of strings and most are refused: the refusal's stack trace (not
  // kept) was 2% of an optional-image search.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    r = parseReference(s);
  } catch {
    return null;
  } finally {
    Error.stackTraceLimit = limit;
  }
  return Object.freeze({
    normalized: formatReference(r, { defaultTag: true }),
    domain: r.registry,
    path: r.repository,
    tag: r.tag,
    digest: r.digest,
    explicitDomain: namesDomain(s),
  });
}

/** Whether the string itself spelled a registry (the grammar's rule for a first component). */
function namesDomain(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const first = s.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
}

/** How much of a reference was spelled out: the evidence a site weighs against its doubts. */
export type RefStrength = 'bare' | 'tagged' | 'hosted' | 'hosted-tagged';

export function refStrength(r: ImageRef): RefStrength {
  const tagged = Boolean(r.tag || r.digest);
  if (r.explicitDomain) return tagged ? 'hosted-tagged' : 'hosted';
  return tagged ? 'tagged' : 'bare';
}
