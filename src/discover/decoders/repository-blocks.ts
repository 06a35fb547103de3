// Image blocks that split one reference into fields ({registry, repository, tag, digest},
// {repository, image, version}, {repository, name, tag}), in values and in data an operator reads:
// joined the way their consumers join them.

import { stripMarkers } from '../values/value-markers.js';

const REPOSITORY_KEYS = ['repository', 'baseImage'] as const;

/**
 * `image: {name: acme/restapi, tag: 1.0}`: under a key that names an image, `name` is the
 * repository (stackgres's SGConfig, linkerd's `{name, version}`), read as `{repository, tag}`.
 * Elsewhere `name` is as often a container's or a plugin's, and the object is left alone, unless
 * a `prefix` and a `tag` beside it make it an image anyway: `{prefix: openwhisk, name:
 * dockerskeleton, tag: 1.14.0}`, which the consumer joins prefix/name:tag (OpenWhisk's runtimes
 * manifest, under `image` and bare in its `blackboxes` list).
 */
export function nameAsRepository(o: Record<string, unknown>, parentKey: string | undefined): Record<string, unknown> {
  if (REPOSITORY_KEYS.some((k) => k in o) || 'image' in o) return o;
  const prefix = prefixOf(o);
  if (!(parentKey !== undefined && /image/i.test(parentKey)) && !(prefix && typeof o.tag === 'string' && o.tag !== '')) return o;
  const { name } = o;
  const version = ['tag', 'version'].find((k) => ['string', 'number'].includes(typeof o[k]) && String(o[k]) !== '');
  if (typeof name !== 'string' || name === '' || /[:@\s]/.test(name.slice(name.lastIndexOf('/') + 1)) || (!version && !o.digest)) return o;
  return { ...o, repository: prefix ? `${prefix}/${name}` : name, ...(version === 'version' ? { tag: String(o.version) } : {}) };
}

/** A block's `prefix`: the registry and path the consumer puts before its `name`, no slash at its end. */
export function prefixOf(o: Record<string, unknown>): string | undefined {
  const p = typeof o.prefix === 'string' ? o.prefix.replace(/\/+$/, '') : '';
  return /^[a-z0-9][\w.:/-]*$/i.test(p) && !/[:@]/.test(p.slice(p.lastIndexOf('/') + 1)) ? p : undefined;
}

/**
 * `image: {name: binder, repository: ghcr.io/acme/sched, tag: 1.4}` under a key that names an
 * image: `repository` is the registry and path the operator puts `name`, the last component,
 * under (KAI Scheduler's Image.Url(): repository/name:tag). Read as `{repository:
 * ghcr.io/acme/sched/binder, tag}`. A repository already ending in the name is the whole
 * repository (the name repeats it); elsewhere `name` is as often a container's, and is left alone.
 */
export function nameUnderRepository(o: Record<string, unknown>, parentKey: string | undefined): Record<string, unknown> {
  const { name, repository } = o;
  if (parentKey === undefined || !/image/i.test(parentKey) || 'image' in o || typeof name !== 'string' || typeof repository !== 'string') return o;
  const n = stripMarkers(name);
  const repo = stripMarkers(repository).replace(/\/+$/, '');
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(n) || !repo.includes('/') || /[:@\s]/.test(repo.slice(repo.lastIndexOf('/') + 1))) return o;
  if (repo.slice(repo.lastIndexOf('/') + 1) === n || !['tag', 'digest'].some((k) => typeof o[k] === 'string' && o[k] !== '')) return o;
  return { ...o, repository: `${repository.replace(/\/+$/, '')}/${name}` };
}

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
 * A {registry, repository, tag, digest|sha} block (Prometheus-style CR fields and values-like
 * data) spelled as one reference, or undefined when the object is not such a block.
 */
export function composeRepositoryTag(o: Record<string, unknown>): string | undefined {
  const str = (k: string): string => (['string', 'number', 'bigint'].includes(typeof o[k]) ? String(o[k]) : '');
  const joined = composeRepositoryImage(o, str);
  if (joined !== null) return joined;
  const repoKey = REPOSITORY_KEYS.find((k) => typeof o[k] === 'string' && o[k] !== '');
  if (!repoKey) return undefined;
  // FoundationDB's ImageConfig joins baseImage:VERSION+tagSuffix (api/v1beta2/image_config.go Image())
  const tag = str('tag') || (repoKey === 'baseImage' && str('version') ? str('version') + str('tagSuffix') : '');
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

/**
 * A `baseImage` block naming neither tag, version nor digest, in a resource whose `spec.version`
 * says what it runs: the operator tags the base with that version (FoundationDB's imageConfigs,
 * SelectImageConfig filling the entry's version from the cluster's spec.version). The block with
 * that version, else the block as it is.
 */
export function taggedByResourceVersion(o: Record<string, unknown>, doc: unknown): Record<string, unknown> {
  if (typeof o.baseImage !== 'string' || o.baseImage === '' || ['tag', 'version', 'digest'].some((k) => k in o)) return o;
  const spec = typeof doc === 'object' && doc !== null ? (doc as { spec?: unknown }).spec : undefined;
  const version = typeof spec === 'object' && spec !== null ? (spec as { version?: unknown }).version : undefined;
  if ((typeof version !== 'string' || version === '') && typeof version !== 'number') return o;
  return { ...o, version: String(version) };
}
