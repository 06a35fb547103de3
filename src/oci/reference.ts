// The distribution reference grammar (distribution/reference): [domain[:port]/]path[:tag][@digest],
// normalised the way docker does: no domain = docker.io, one-component Docker Hub names get library/.
import { InvalidReferenceError } from '../util/errors.js';
import { TextMemo } from '../util/text-memo.js';

export interface Reference {
  /** Normalised registry host[:port]: docker.io when the string named none. */
  registry: string;
  /** Repository path without the registry, e.g. library/nginx. */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME = 255;
const LOGIN_HINT = "remove it, and log in to the registry with docker login HOST or helm registry login HOST (or the command's login flags)";
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

// Discovery parses the same strings over and over (each values leaf that may name an image, in
// every render): what a string parses to, or why it does not, is kept for the next time. Strings
// longer than a reference can be (a name of 255, a tag of 128, a digest) are not kept.
const PARSED = new TextMemo<Readonly<Reference> | { invalid: string; hint?: string }>(1024 * 1024);
const MAX_KEPT_LENGTH = 1024;

/** Parses and normalises a reference; throws InvalidReferenceError naming what is wrong. */
export function parseReference(raw: string): Reference {
  let known = PARSED.get(raw);
  if (known === undefined) {
    try {
      known = Object.freeze(parseAnew(raw));
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      known = { invalid: e.reason, ...(e.hint === LOGIN_HINT ? { hint: e.hint } : {}) };
    }
    if (raw.length <= MAX_KEPT_LENGTH) PARSED.set(raw, known);
  }
  if ('invalid' in known) throw new InvalidReferenceError(raw, known.invalid, known.hint ? { hint: known.hint } : {});
  return { ...known };
}

function parseAnew(raw: string): Reference {
  const s = raw.trim();
  if (s === '') throw new InvalidReferenceError(raw, 'empty');
  // user[:password]@host/...: a login written into the name (a digest never has a '/' after it)
  const at = s.indexOf('@');
  if (at >= 0 && !s.slice(0, at).includes('/') && s.indexOf('/', at) > at)
    throw new InvalidReferenceError(raw, 'a login (user:password@) does not belong in a reference', { hint: LOGIN_HINT });
  const [nameTag, digest, extra] = s.split('@');
  if (extra !== undefined) throw new InvalidReferenceError(raw, 'more than one "@"');
  if (digest !== undefined) checkDigest(raw, digest);
  const { name, tag } = splitTag(nameTag);
  if (tag !== undefined && !TAG_RE.test(tag)) throw new InvalidReferenceError(raw, `tag ${JSON.stringify(tag)} must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
  const { registry, repository } = splitDomain(raw, name);
  // docker limits the normalised name (ParseNormalizedNamed parses docker.io/library/NAME again):
  // a limit on the name as written would let "n"×250 through, and its own formatting back out
  if (registry.length + 1 + repository.length > MAX_NAME) {
    throw new InvalidReferenceError(raw, `name ${registry}/${repository.slice(0, 40)}… is longer than ${MAX_NAME} characters once normalised`);
  }
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Whether the string parses as a reference (never throws). */
export function isReference(raw: string): boolean {
  return referenceProblem(raw) === undefined;
}

/**
 * Why the string is no reference a container runtime can pull (the grammar's complaint: an empty
 * tag before `@`, a placeholder where the registry goes), or undefined when it is one. The kubelet
 * parses by the same grammar and refuses the pod's image (InvalidImageName).
 */
export function referenceProblem(raw: string): string | undefined {
  try {
    parseReference(raw);
    return undefined;
  } catch (e) {
    return e instanceof InvalidReferenceError ? e.reason : (e as Error).message;
  }
}

/** registry/repository[:tag][@digest]; `defaultTag` adds :latest when neither tag nor digest is set. */
export function formatReference(r: Reference, o: { defaultTag?: boolean } = {}): string {
  let s = `${r.registry}/${r.repository}`;
  const tag = r.tag ?? (o.defaultTag && !r.digest ? 'latest' : undefined);
  if (tag !== undefined) s += `:${tag}`;
  if (r.digest !== undefined) s += `@${r.digest}`;
  return s;
}

/** registry/repository, the name without tag or digest. */
export function formatName(r: Reference): string {
  return `${r.registry}/${r.repository}`;
}

/** What to ask a registry for: the digest when pinned, else the tag (latest by default). */
export function referenceSelector(r: Reference): string {
  return r.digest ?? r.tag ?? 'latest';
}

function splitTag(nameTag: string): { name: string; tag?: string } {
  const colon = nameTag.lastIndexOf(':');
  if (colon < 0 || nameTag.indexOf('/', colon) >= 0) return { name: nameTag };
  return { name: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1) };
}

function checkDigest(raw: string, digest: string): void {
  if (!DIGEST_RE.test(digest)) throw new InvalidReferenceError(raw, `digest ${JSON.stringify(digest)} is not algorithm:hex`);
  if (digest.startsWith('sha256:') && !SHA256_RE.test(digest)) {
    throw new InvalidReferenceError(raw, 'a sha256 digest has exactly 64 lower-case hex characters');
  }
}

// A first component is a domain only if it has a '.' or ':', is 'localhost', or has upper case.
function splitDomain(raw: string, name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isDomain = first !== '' && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let registry = DOCKER_HUB;
  let path = name;
  if (isDomain) {
    if (!DOMAIN_RE.test(first)) throw new InvalidReferenceError(raw, `registry ${JSON.stringify(first)} is not a host[:port]`);
    const port = /:(\d+)$/.exec(first)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new InvalidReferenceError(raw, `port ${port} is not between 1 and 65535`);
    registry = DOCKER_HUB_ALIASES.has(first.toLowerCase()) ? DOCKER_HUB : first;
    path = name.slice(slash + 1);
  }
  if (path !== path.toLowerCase()) throw new InvalidReferenceError(raw, 'repository name must be lowercase');
  if (!PATH_RE.test(path)) {
    throw new InvalidReferenceError(
      raw,
      `repository ${JSON.stringify(path)} must be lower-case components [a-z0-9] joined by ".", "_", "__" or "-", separated by "/"`,
    );
  }
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { registry, repository: path };
}
