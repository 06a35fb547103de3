// The two ends of `helm airgap copy`, named the way skopeo names them:
//   docker://REF            a registry repository
//   oci:DIR[:REF]           an OCI image layout directory (REF = its index.json ref.name)
//   oci-archive:FILE[:REF]  an uncompressed tar of such a layout
// A bare reference (no transport) means docker://, which is what --from-file lines usually hold.
import { UsageError } from '../../util/errors.js';
import { parseReference, type Reference } from '../../oci/reference.js';
import { splitListLines } from '../../oci/image-list.js';
import { DEFAULT_NAMING, type NamingMode } from '../../ecr/naming.js';

export type Endpoint =
  | { kind: 'docker'; ref: Reference; text: string }
  | { kind: 'oci'; dir: string; ref?: string; text: string }
  | { kind: 'oci-archive'; file: string; ref?: string; text: string };

const TRANSPORTS: Record<string, (rest: string, text: string) => Endpoint> = {
  'docker://': (rest, text) => ({ kind: 'docker', ref: parseReference(rest), text }),
  'oci:': (rest, text) => ({ kind: 'oci', ...splitPathRef(rest, text, 'DIR'), text }) as Endpoint,
  'oci-archive:': (rest, text) => ({ kind: 'oci-archive', ...splitFileRef(rest, text), text }),
};

export function parseEndpoint(text: string): Endpoint {
  const s = text.trim();
  for (const [prefix, make] of Object.entries(TRANSPORTS)) {
    if (s.startsWith(prefix)) return make(s.slice(prefix.length), s);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(docker|docker-daemon|docker-archive|dir|containers-storage|ostree|sif):/.test(s)) {
    throw new UsageError(`unsupported location ${JSON.stringify(s)}`, { hint: 'use docker://REF, oci:DIR[:REF] or oci-archive:FILE[:REF]' });
  }
  return { kind: 'docker', ref: parseReference(s), text: `docker://${s}` };
}

// skopeo splits at the first ':' (a path holds none), so the ref may itself contain ':'.
function splitPathRef(rest: string, text: string, what: string): { dir: string; ref?: string } {
  const { path, ref } = splitOnce(rest, text, what);
  return { dir: path, ...(ref !== undefined ? { ref } : {}) };
}

function splitFileRef(rest: string, text: string): { file: string; ref?: string } {
  const { path, ref } = splitOnce(rest, text, 'FILE');
  return { file: path, ...(ref !== undefined ? { ref } : {}) };
}

function splitOnce(rest: string, text: string, what: string): { path: string; ref?: string } {
  const i = rest.indexOf(':');
  const path = i < 0 ? rest : rest.slice(0, i);
  const ref = i < 0 ? undefined : rest.slice(i + 1);
  if (path === '') throw new UsageError(`${JSON.stringify(text)}: ${what} is empty`, { hint: `write oci:${what}[:REF]` });
  if (ref === '') throw new UsageError(`${JSON.stringify(text)}: REF after ":" is empty`);
  return { path, ...(ref !== undefined ? { ref } : {}) };
}

/** Where one item goes: its own DST, else the run's destination, which with many items (or a list)
 * is a prefix each source is named below by `naming` (copy and its repository planning agree). */
export function itemDestination(
  item: { dst?: string },
  o: { destination?: string; naming?: NamingMode },
  multi: boolean,
): { text: string; end: Endpoint; prefixNaming?: NamingMode } | undefined {
  const text = item.dst ?? o.destination;
  if (!text) return undefined;
  const asPrefix = multi && !item.dst;
  return { text, end: parseDestination(text, asPrefix), ...(asPrefix ? { prefixNaming: o.naming ?? DEFAULT_NAMING.list } : {}) };
}

/** With many sources, docker://HOST[/PREFIX] is where they go, each under its own path. */
function parseDestination(text: string, asPrefix: boolean): Endpoint {
  const host = /^docker:\/\/([^/]+)\/?$/.exec(text.trim());
  if (asPrefix && host) return { kind: 'docker', ref: { registry: host[1], repository: '' }, text };
  return parseEndpoint(text);
}

/** A --from-file list: "SRC [DST]" lines (oci/image-list.ts reads them; SRC may name any transport). */
export function parseCopyList(text: string, file: string): { line: number; src: string; dst?: string }[] {
  return splitListLines(text, file).map((l) => ({ line: l.line, src: l.source, ...(l.destination !== undefined ? { dst: l.destination } : {}) }));
}
