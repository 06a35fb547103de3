// The one seam between discovery and the reference grammar. Until src/oci/reference.ts lands
// this holds a thin stand-in of the distribution grammar; when it lands, only this file changes.

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

// distribution/reference: path components are lower-case alnum with . _ __ - separators; a
// first component is a domain only if it has a '.', a ':' or is 'localhost' (or upper case).
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const MAX_NAME = 255;

/** Parses a reference; undefined when the string is not one (never throws). */
export function toImageRef(raw: string): ImageRef | undefined {
  const s = raw.trim();
  const m = REFERENCE.exec(s);
  if (!m || m[1].length > MAX_NAME) return undefined;
  const [, name, tag, digest] = m;
  const { domain, path, explicitDomain } = splitDomain(name);
  let normalized = `${domain}/${path}`;
  if (tag) normalized += `:${tag}`;
  if (digest) normalized += `@${digest}`;
  if (!tag && !digest) normalized += ':latest';
  return { normalized, domain, path, tag: tag || undefined, digest: digest || undefined, explicitDomain };
}

function splitDomain(name: string): { domain: string; path: string; explicitDomain: boolean } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isDomain = first !== '' && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  if (!isDomain) return { domain: 'docker.io', path: dockerHubPath(name), explicitDomain: false };
  const domain = first === 'index.docker.io' ? 'docker.io' : first;
  const rest = name.slice(slash + 1);
  return { domain, path: domain === 'docker.io' ? dockerHubPath(rest) : rest, explicitDomain: true };
}

function dockerHubPath(path: string): string {
  return path.includes('/') ? path : `library/${path}`;
}

/** How much of a reference was spelled out: the evidence a site weighs against its doubts. */
export type RefStrength = 'bare' | 'tagged' | 'hosted' | 'hosted-tagged';

export function refStrength(r: ImageRef): RefStrength {
  const tagged = Boolean(r.tag || r.digest);
  if (r.explicitDomain) return tagged ? 'hosted-tagged' : 'hosted';
  return tagged ? 'tagged' : 'bare';
}
