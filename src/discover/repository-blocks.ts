// Image blocks that split one reference into fields ({registry, repository, tag, digest},
// {repository, image, version}), in values and in data an operator reads: joined the way their
// consumers join them.

const REPOSITORY_KEYS = ['repository', 'baseImage'] as const;

/**
 * Operator blocks that split a reference into repository (host and path) + image (the last name
 * component) + version, which the operator joins as repository/image:version (NVIDIA's
 * ClusterPolicy and its kin). null: not such a block; undefined: such a block whose version the
 * operator fills at run time (no reference to report yet).
 */
export function isRepositoryImageBlock(o: Record<string, unknown>): boolean {
  return 'repository' in o && 'version' in o && typeof o.image === 'string' && !/[/:@]/.test(o.image);
}

function composeRepositoryImage(o: Record<string, unknown>, str: (k: string) => string): string | undefined | null {
  if (!isRepositoryImageBlock(o)) return null;
  const repository = str('repository').replace(/\/+$/, '');
  const image = str('image');
  if (!repository || !image) return undefined;
  const version = str('version') || str('tag');
  const digest = str('digest') || (version.startsWith('sha256:') ? version : '');
  if (!version && !digest) return undefined;
  return digest ? `${repository}/${image}@${digest}` : `${repository}/${image}:${version}`;
}

/**
 * `image: {name: stackgres/restapi, tag: "1.19"}`: under an image key, `name` is the repository
 * (StackGres' SGConfig, joined under its `containerRegistry`). Elsewhere `name` is as often a
 * container's or a component's name, and a block with a repository of its own names it there.
 */
export function isNameTagImage(o: Record<string, unknown>, key: string | undefined): boolean {
  const name = o.name;
  return (
    key !== undefined &&
    /^image$/i.test(key) &&
    !('repository' in o) &&
    typeof name === 'string' &&
    /^[a-z0-9][a-z0-9._/-]*$/i.test(name) &&
    ['string', 'number'].includes(typeof (o.tag ?? o.digest))
  );
}

/** The name-and-tag block read as a repository-and-tag one (composeRepositoryTag's shape). */
export function nameAsRepository(o: Record<string, unknown>): Record<string, unknown> {
  const { name, ...rest } = o;
  return { ...rest, repository: name };
}

/**
 * A {registry, repository, tag, digest|sha} block (Prometheus-style CR fields and values-like
 * data) spelled as one reference, or undefined when the object is not such a block.
 */
export function composeRepositoryTag(o: Record<string, unknown>): string | undefined {
  const str = (k: string): string => (['string', 'number', 'bigint'].includes(typeof o[k]) ? String(o[k]) : '');
  const joined = composeRepositoryImage(o, str);
  if (joined !== null) return joined;
  const repoKey = REPOSITORY_KEYS.find((k) => typeof o[k] === 'string' && o[k] !== '');
  if (!repoKey) return undefined;
  const tag = str('tag') || (repoKey === 'baseImage' ? str('version') : '');
  const digest = str('digest') || (str('sha') ? `sha256:${str('sha').replace(/^sha256:/, '')}` : '');
  if (!tag && !digest && !str('registry')) return undefined;
  // An explicitly empty tag is a slot the template fills (from appVersion), not `latest`.
  if (!tag && !digest && o.tag === '') return undefined;
  const registry = str('registry').replace(/\/+$/, '');
  let ref = registry ? `${registry}/${o[repoKey] as string}` : (o[repoKey] as string);
  if (tag) ref += `:${tag}`;
  if (digest) ref += `@${digest}`;
  return ref;
}
