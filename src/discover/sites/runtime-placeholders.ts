// References a program completes before it pulls: `${DB_VERSION}` or `$(VERSION)` inside the
// string (KubeStash's Function `image: ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}`,
// filled with each database's version). The string is no reference as written, so the grammar
// refuses it; read with each placeholder standing for a word, it is one: discovery lists it as
// doubtful (no registry has that tag) with the names the program fills, rather than dropping it.
// A token the program replaces as text (Retool's agent-sandbox Job template in a ConfigMap,
// `"image": "tryretool/agent-sandbox-service:__IMAGE_TAG__"`, the controller's DEPLOYED_IMAGE_TAG
// put in its place) is one too, though the grammar takes it as a tag: no registry has it either.

import { toImageRef, type ImageRef } from '../image-ref.js';

/** `${NAME}` and `$(NAME)`: shell, Kubernetes and most operators' substitution forms; `__NAME__` (upper case), a token replaced as text. */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_.]*)\}|\$\(([A-Za-z_][A-Za-z0-9_.]*)\)|(?<![A-Za-z0-9_])__[A-Z][A-Z0-9_]*[A-Z0-9]__(?![A-Za-z0-9_])/g;

/** A word the grammar takes anywhere a placeholder stands (path component or tag) and no reference holds. */
const stand = (i: number) => `zzfilled${i}zz`;

export interface FilledReference {
  /** The reference as the grammar reads it, the placeholders back in place (normalised around them). */
  ref: ImageRef;
  /** The placeholders the program fills, as written (`${DB_VERSION}`). */
  names: string[];
}

/** The reference a string with placeholders spells, or undefined (no placeholder, or not a reference with words in their place). */
export function filledReference(raw: string): FilledReference | undefined {
  const s = raw.trim();
  if ((!s.includes('$') && !s.includes('__')) || s.length > 512) return undefined;
  const found: string[] = [];
  const stood = s.replace(PLACEHOLDER, (whole) => stand(found.push(whole) - 1));
  if (found.length === 0) return undefined;
  const read = toImageRef(stood);
  if (!read) return undefined;
  const back = (t: string) => t.replace(/zzfilled(\d+)zz/g, (_, i: string) => found[Number(i)]!);
  // the host and each name stay written: a placeholder for a whole one (`$(IMAGE):latest`) names no image
  if (back(read.domain) !== read.domain || read.path.split('/').some((c) => /^zzfilled\d+zz$/.test(c))) return undefined;
  const ref: ImageRef = {
    ...read,
    normalized: back(read.normalized),
    path: back(read.path),
    ...(read.tag !== undefined ? { tag: back(read.tag) } : {}),
  };
  return { ref, names: found };
}
