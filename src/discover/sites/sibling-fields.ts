// A reference an operator joins from sibling fields of its own naming: a repository in one key
// (`image`, `imageName`, `image_v2`, `repository`, `defaultImage`) and its tag in another
// (`tag`, `version`, `imageTag`, `defaultImageVersion`), maybe under a `registry` (or Istio's
// `hub`, a registry with a path that the image name goes under). The keys are
// told by their shape, not a list of names: a repository key mentions image or repository, and a
// version key ends in tag or version with nothing before it but the image's own words, so an
// `appVersion` or `chartVersion` beside an image is never taken for its tag.

import { toImageRef } from '../image-ref.js';
import { stripMarkers } from '../values/value-markers.js';

/** Keys that hold a repository (no tag): image, imageName, image_v2, repository, sidecarImage... */
const REPOSITORY_KEY = /^(image|repository|repo)$|^images?[_-]?(name|repo|repository|uri|url|ref|path|v\d+)$|^[a-z0-9]+[_-]?image$/i;
/** Keys that hold a tag: tag, version, imageTag, image_version, defaultImageVersion. */
const VERSION_KEY = /^(.*?)[_-]?(tag|version)$/i;
const TAG = /^[\w][\w.+-]{0,127}$/;
/** Keys that hold the registry (maybe with a path) the repository goes under: registry, hub, imageRegistry. */
const REGISTRY_KEY = /^(registry|hub|images?[_-]?registry)$/i;

/** A key's words before its tag/version or name/repository suffix, lower case, separators dropped. */
function stem(key: string, suffix: RegExp): string {
  return key.replace(suffix, '').replace(/[_-]/g, '').toLowerCase();
}

function versionKeyFor(o: Record<string, unknown>, repoKey: string): string | undefined {
  const repoStem = stem(repoKey, /[_-]?(name|repo|repository|uri|url|ref|path|v\d+)$/i);
  const keys = Object.keys(o).filter((k) => {
    const m = VERSION_KEY.exec(k);
    if (!m || k === repoKey) return false;
    const s = m[1]!.replace(/[_-]/g, '').toLowerCase();
    // the image's own words, or none: imageTag and defaultImageVersion, never appVersion
    return s === '' || s === repoStem || s.endsWith('image');
  });
  if (keys.length <= 1) return keys[0];
  // several: the one that repeats the repository key's words, else a lone `tag` over `version`
  const own = keys.filter((k) => stem(k, /[_-]?(tag|version)$/i) === repoStem && repoStem !== '');
  if (own.length === 1) return own[0];
  const bare = keys.filter((k) => /^tag$/i.test(k));
  return bare.length === 1 ? bare[0] : undefined;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Env names of a repository (an image word required: GIT_REPOSITORY is no image) and of a version. */
const ENV_REPOSITORY = /^(.+?)_IMAGE(_REPOSITORY|_REPO|_NAME|_URL)?$/;
const ENV_VERSION = /^(.+?)_(IMAGE_VERSION|IMAGE_TAG|VERSION|TAG)$/;

/** The env vars of a container that may hold the version of the repository in STEM_IMAGE. */
function envVersions(env: readonly unknown[], stemOf: string): { name: string; value: string; exact: boolean }[] {
  return env.flatMap((e) => {
    if (e === null || typeof e !== 'object') return [];
    const { name: n, value: v } = e as Record<string, unknown>;
    const stem = typeof n === 'string' && typeof v === 'string' ? ENV_VERSION.exec(n)?.[1] : undefined;
    return stem && (stem === stemOf || stemOf.endsWith(`_${stem}`)) ? [{ name: n as string, value: (v as string).trim(), exact: stem === stemOf }] : [];
  });
}

/**
 * The env vars named for an image-named repository var itself with TAG or VERSION glued on
 * (Octopus' agent: OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE beside ...SCRIPTPODIMAGETAG): its version
 * whatever the stem rules say.
 */
function gluedVersions(env: readonly unknown[], name: string): { name: string; value: string; exact: boolean }[] {
  if (!/IMAGE$/i.test(name)) return [];
  const names = new Set(['TAG', '_TAG', 'VERSION', '_VERSION'].map((t) => `${name}${t}`));
  return env.flatMap((e) => {
    const { name: n, value: v } = (e !== null && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return typeof n === 'string' && typeof v === 'string' && names.has(n) ? [{ name: n, value: v.trim(), exact: true }] : [];
  });
}

/** Whether some env var beside STEM_IMAGE may be its version: then the consumer joins one, and which is not ours to guess. */
export function hasEnvVersion(env: readonly unknown[], name: string): boolean {
  const stemOf = ENV_REPOSITORY.exec(name)?.[1];
  return (stemOf !== undefined && envVersions(env, stemOf).length > 0) || gluedVersions(env, name).length > 0;
}

/**
 * The reference an operator joins from two env vars of its container: STEM_IMAGE[_REPOSITORY]
 * holding a tagless repository, and STEM_VERSION (or _TAG) beside it, or, when there is none, the
 * one version var whose stem is the repository stem's last words (MONGODB_ENTERPRISE_DATABASE_IMAGE
 * with DATABASE_VERSION). Undefined when the name or value does not fit, or two versions fit.
 */
export function composeEnvPair(env: readonly unknown[], name: string, value: string): { raw: string; versionName: string } | undefined {
  const glued = gluedVersions(env, name);
  const stemOf = ENV_REPOSITORY.exec(name)?.[1] ?? (glued.length > 0 ? name : undefined);
  const bare = stripMarkers(value.trim());
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  if (!stemOf || !bare.includes('/') || last.includes(':') || bare.includes('@') || !toImageRef(bare)) return undefined;
  const versions = glued.length > 0 ? glued : envVersions(env, stemOf);
  const exact = versions.filter((v) => v.exact);
  const pick = exact.length === 1 ? exact[0] : exact.length === 0 && versions.length === 1 ? versions[0] : undefined;
  if (!pick) return undefined;
  const digest = /^sha256:[a-f0-9]{64}$/.test(stripMarkers(pick.value));
  if (!digest && !TAG.test(stripMarkers(pick.value))) return undefined;
  const raw = `${value.trim()}${digest ? '@' : ':'}${pick.value}`;
  return toImageRef(stripMarkers(raw)) ? { raw, versionName: pick.name } : undefined;
}

/** Env names of the parts an operator joins REGISTRY/REPOSITORY[:TAG] (AGW_PROXY_IMAGE_REGISTRY, _REPOSITORY, _TAG). */
const ENV_PART = /^(.+?_IMAGE)_(REGISTRY|REPOSITORY|REPO|NAME|TAG|VERSION)$/;

/** The string value of env var `name` in the list, trimmed; undefined when absent or not a literal. */
function envText(env: readonly unknown[], name: string): string | undefined {
  const e = env.find((x) => x !== null && typeof x === 'object' && (x as Record<string, unknown>).name === name) as Record<string, unknown> | undefined;
  return typeof e?.value === 'string' ? e.value.trim() : undefined;
}

/**
 * The reference an operator joins from env vars sharing a prefix: STEM_IMAGE_REGISTRY (a host,
 * maybe with a path), STEM_IMAGE_REPOSITORY (a path with no host, tag or digest) and STEM_IMAGE_TAG
 * (or _VERSION); with no tag var, the operator's own build version, which is its own image's tag
 * (`ownTag`: agentgateway's AGW_PROXY_IMAGE_*). Asked of the repository var; for the registry var,
 * `registryOf` says whether it is a part of such a join (then it is no reference of its own).
 */
export function composeEnvRegistry(env: readonly unknown[], name: string, value: string, ownTag: string | undefined): string | undefined {
  const m = ENV_PART.exec(name);
  if (!m || !/^(REPOSITORY|REPO|NAME)$/.test(m[2]!)) return undefined;
  const registry = envText(env, `${m[1]}_REGISTRY`);
  const repo = stripMarkers(value.trim());
  if (!registry || repo === '' || /[:@]/.test(repo) || toImageRef(repo)?.explicitDomain) return undefined;
  const tag = envText(env, `${m[1]}_TAG`) ?? envText(env, `${m[1]}_VERSION`) ?? ownTag;
  if (!tag || !TAG.test(stripMarkers(tag))) return undefined;
  const raw = `${registry.replace(/\/+$/, '')}/${value.trim()}:${tag}`;
  return toImageRef(stripMarkers(raw))?.explicitDomain ? raw : undefined;
}

/** STEM_IMAGE_REGISTRY that composeEnvRegistry joins with a repository var beside it: half of a reference, none alone. */
export function isJoinedEnvRegistry(env: readonly unknown[], name: string, ownTag: string | undefined): boolean {
  const m = ENV_PART.exec(name);
  if (m?.[2] !== 'REGISTRY') return false;
  return ['REPOSITORY', 'REPO', 'NAME'].some((k) => {
    const repo = envText(env, `${m[1]}_${k}`);
    return repo !== undefined && composeEnvRegistry(env, `${m[1]}_${k}`, repo, ownTag) !== undefined;
  });
}

/** Flags of a repository (`--configurator-base-image`, `--sidecar-image-repository`) and of its tag. */
const FLAG_REPOSITORY = /^(.+?)[-_.](?:base[-_.]?)?image(?:[-_.](?:repository|repo|name))?$/i;
const FLAG_VERSION = /^(.+?)[-_.](?:image[-_.])?(?:tag|version)$/i;

/**
 * The reference an operator joins from two flags of its container: `--STEM-image` (or
 * `--STEM-base-image`, `--STEM-image-repository`) holding a tagless repository, and `--STEM-tag`
 * (or `--STEM-image-tag`, `--STEM-version`) beside it, of the same stem (redpanda's operator:
 * --configurator-base-image + --configurator-tag). Undefined when the flags do not fit.
 */
export function composeFlagPair(flags: readonly { flag?: string; value: string }[], flag: string, value: string): string | undefined {
  if (/^-*image$/i.test(flag)) return composeRegistryFlags(flags, value);
  const stemOf = FLAG_REPOSITORY.exec(flag)?.[1]?.toLowerCase();
  const bare = stripMarkers(value.trim());
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  if (!stemOf || !bare.includes('/') || last.includes(':') || bare.includes('@') || !toImageRef(bare)) return undefined;
  const versions = flags.filter((f) => f.flag !== undefined && FLAG_VERSION.exec(f.flag)?.[1]?.toLowerCase() === stemOf && !FLAG_REPOSITORY.test(f.flag));
  if (versions.length !== 1) return undefined;
  const version = versions[0]!.value.trim();
  const digest = /^sha256:[a-f0-9]{64}$/.test(stripMarkers(version));
  if (!digest && !TAG.test(stripMarkers(version))) return undefined;
  const raw = `${value.trim()}${digest ? '@' : ':'}${version}`;
  return toImageRef(stripMarkers(raw)) ? raw : undefined;
}

/** The one flag of the container whose name fits, or undefined (none, or two). */
function onlyFlag(flags: readonly { flag?: string; value: string }[], name: RegExp): string | undefined {
  const found = flags.filter((f) => f.flag !== undefined && name.test(f.flag));
  return found.length === 1 ? found[0]!.value.trim() : undefined;
}

/**
 * AppsCode's operators (stash, kubedb): `--docker-registry=HOST/NS`, `--image=NAME` and
 * `--image-tag=TAG`, joined REGISTRY/NAME:TAG for the sidecars and jobs they run. A bare
 * `--image` holding one name joins only when both others are there, once each.
 */
function composeRegistryFlags(flags: readonly { flag?: string; value: string }[], value: string): string | undefined {
  const name = stripMarkers(value.trim());
  const registry = onlyFlag(flags, /^-*([a-z]+[-_.])?registry$/i);
  const tag = onlyFlag(flags, /^-*image[-_.]tag$/i);
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) || !registry || !tag || !TAG.test(stripMarkers(tag))) return undefined;
  const raw = `${registry.replace(/\/+$/, '')}/${value.trim()}:${tag}`;
  return toImageRef(stripMarkers(raw))?.explicitDomain ? raw : undefined;
}

/**
 * The reference a consumer joins from an object's sibling fields, with the keys it joined; or
 * undefined when the object has not exactly one untagged repository and one tag for it.
 */
export function composeSiblingFields(o: Record<string, unknown>): { raw: string; keys: string[] } | undefined {
  const repoKeys = Object.keys(o).filter((k) => REPOSITORY_KEY.test(k) && typeof o[k] === 'string' && o[k] !== '');
  if (repoKeys.length !== 1) return undefined;
  const repoKey = repoKeys[0]!;
  const repo = text(o[repoKey]);
  // the marker render's suffixes (values/value-markers.ts) are no part of what is judged
  const bare = stripMarkers(repo);
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  if (last.includes(':') || bare.includes('@') || !toImageRef(bare)) return undefined;
  const versionKey = versionKeyFor(o, repoKey);
  // a chart's {repository, version} (or one beside its `chart`) is no image: a bare `version`
  // joins only a repository with a path, as image repositories have
  if (!versionKey || 'chart' in o || (/^version$/i.test(versionKey) && !bare.includes('/'))) return undefined;
  const version = text(o[versionKey]);
  const digest = /^sha256:[a-f0-9]{64}$/.test(stripMarkers(version));
  if (!digest && !TAG.test(stripMarkers(version))) return undefined;
  const registryKeys = Object.keys(o).filter((k) => REGISTRY_KEY.test(k) && typeof o[k] === 'string' && o[k] !== '');
  // two registries beside one repository: which one the consumer joins is not for us to guess
  if (registryKeys.length > 1) return undefined;
  const registryKey = registryKeys[0];
  const registry = registryKey ? `${(o[registryKey] as string).replace(/\/+$/, '')}/` : '';
  const raw = `${registry}${repo}${digest ? '@' : ':'}${version}`;
  return toImageRef(stripMarkers(raw)) ? { raw, keys: registryKey ? [repoKey, versionKey, registryKey] : [repoKey, versionKey] } : undefined;
}

/** A flat config key naming an image's repository (`STEM-image-name`, `STEM_image_repository`, `STEM.image`): group 1 its stem up to the image word. */
const FLAT_REPOSITORY_KEY = /^(.*?images?)(?:[-_.]?(?:name|repository|repo))?$/i;

/**
 * The references a consumer joins from sibling keys of a flat `key=value` config file, keys of its
 * own naming: `STEM-image-name` (or `-repository`, or `STEM-image` alone) holding a tagless
 * repository and `STEM-image-tag` (or `-version`) beside it (Posit Workbench's rserver.conf:
 * `launcher-sessions-init-container-image-name` + `...-image-tag`, joined NAME:TAG by its
 * launcher). Each join names the repository key it is found at and both keys it took.
 */
export function composeFlatKeyPairs(kv: ReadonlyMap<string, string>): { raw: string; key: string; keys: [string, string] }[] {
  const norm = (s: string) => s.replace(/[-_.]/g, '').toLowerCase();
  return [...kv.keys()].flatMap((repoKey) => {
    const stemOf = FLAT_REPOSITORY_KEY.exec(repoKey)?.[1];
    if (!stemOf) return [];
    const tagKeys = [...kv.keys()].filter((k) => k !== repoKey && norm(VERSION_KEY.exec(k)?.[1] ?? '') === norm(stemOf));
    if (tagKeys.length !== 1) return [];
    const joined = composeSiblingFields({ image: kv.get(repoKey), tag: kv.get(tagKeys[0]!) });
    return joined ? [{ raw: joined.raw, key: repoKey, keys: [repoKey, tagKeys[0]!] as [string, string] }] : [];
  });
}

/**
 * An image object that gives only its tag (`image: {tag: v1.5.0}` under an image-named key): no
 * repository, name, registry or digest beside it, one tag. Whatever reads it supplies the
 * repository from defaults of its own, which the render does not name. The tag's key, or undefined.
 */
export function tagWithoutRepository(o: Record<string, unknown>, parentKey: string | undefined): string | undefined {
  if (parentKey === undefined || !/image$/i.test(parentKey)) return undefined;
  const keys = Object.keys(o);
  if (keys.some((k) => REPOSITORY_KEY.test(k) || REGISTRY_KEY.test(k) || /^(name|digest|sha)$/i.test(k))) return undefined;
  const tags = keys.filter((k) => /^tag$/i.test(k) && TAG.test(stripMarkers(text(o[k]))));
  return tags.length === 1 ? tags[0] : undefined;
}

/** A repository key with a component's prefix: agentRepository, sidecar_repo. */
const PREFIXED_REPOSITORY = /^([a-z0-9]+?)[_-]?(repository|repo)$/i;
/** Prefixes of repositories that hold no images: charts and sources. */
const NOT_IMAGE_REPOSITORY = /^(helm|charts?|git|source|src|maven|npm|pypi)$/i;
/** A version that is a tag with the digest it must match after it (3.12.0@sha256:...). */
const TAG_AT_DIGEST = /^[\w][\w.+-]{0,127}@sha256:[a-f0-9]{64}$/;

/**
 * Second images an object names in prefixed pairs beside its own repository and version
 * (`agentRepository` + `agentVersion` beside `repository` + `version`), each joined REPO:VERSION
 * as the operator joins its main one. Only beside a main pair composeSiblingFields joins, and
 * only a repository with a path: elsewhere a prefixed repository is as often a chart source.
 */
export function composePrefixedPairs(o: Record<string, unknown>): { raw: string; keys: string[] }[] {
  if ('chart' in o || composeSiblingFields(o) === undefined) return [];
  return Object.keys(o).flatMap((repoKey) => {
    const prefix = PREFIXED_REPOSITORY.exec(repoKey)?.[1];
    const bare = stripMarkers(text(o[repoKey]));
    if (!prefix || NOT_IMAGE_REPOSITORY.test(prefix) || /^repo(sitory)?$/i.test(repoKey) || !bare.includes('/')) return [];
    if (bare.slice(bare.lastIndexOf('/') + 1).includes(':') || bare.includes('@') || !toImageRef(bare)) return [];
    const own = prefix.replace(/[_-]/g, '').toLowerCase();
    const versionKeys = Object.keys(o).filter((k) => k !== repoKey && VERSION_KEY.test(k) && stem(k, /[_-]?(tag|version)$/i) === own);
    const version = versionKeys.length === 1 ? text(o[versionKeys[0]!]) : '';
    const v = stripMarkers(version);
    const digest = /^sha256:[a-f0-9]{64}$/.test(v);
    if (!digest && !TAG.test(v) && !TAG_AT_DIGEST.test(v)) return [];
    const raw = `${text(o[repoKey])}${digest ? '@' : ':'}${version}`;
    return toImageRef(stripMarkers(raw)) ? [{ raw, keys: [repoKey, versionKeys[0]!] }] : [];
  });
}

/** A component's own image key (`reloaderImage`, `metrics_image`): its words before `image`. */
const COMPONENT_IMAGE_KEY = /^([a-z0-9]+?)[_-]?image$/i;
/** A boolean that runs a component: `enableMetrics`, `metricsEnabled`, `enable_config_reload`. */
const ENABLE_KEY = /^enable[_-]?(.+)$|^(.+?)[_-]?enabled?$/i;

/** A key's words, lower case: camelCase and snake_case split (`enableConfigReload` -> enable, config, reload). */
const words = (key: string): string[] =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '');

/** Two words of one component: the same, or one the other's stem (`reload`, `reloader`), four letters at least. */
const sameWord = (a: string, b: string): boolean => a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a));

/**
 * The references an operator joins per component from an object that holds several: each
 * `NAMEImage` with its own `NAMEImageTag` (or `_version`) beside it (nats-operator's pod spec:
 * `reloaderImage` + `reloaderImageTag`, `metricsImage` + `metricsImageTag`), where
 * composeSiblingFields, which takes one repository per object, joins none. `flag`: the one
 * boolean beside them that runs that component (`enableConfigReload`, `enableMetrics`), found by
 * a word the two keys share.
 */
export function composeComponentPairs(o: Record<string, unknown>): { raw: string; keys: [string, string]; flag?: string }[] {
  const repoKeys = Object.keys(o).filter((k) => COMPONENT_IMAGE_KEY.test(k) && typeof o[k] === 'string' && o[k] !== '');
  if (repoKeys.length < 2 || 'chart' in o) return [];
  const flags = Object.keys(o).filter((k) => typeof o[k] === 'boolean' && ENABLE_KEY.test(k));
  return repoKeys.flatMap((repoKey) => {
    const own = repoKey.replace(/[_-]/g, '').toLowerCase();
    const tagKeys = Object.keys(o).filter((k) => k !== repoKey && VERSION_KEY.exec(k)?.[1]?.replace(/[_-]/g, '').toLowerCase() === own);
    if (tagKeys.length !== 1) return [];
    const joined = composeSiblingFields({ image: o[repoKey], tag: o[tagKeys[0]!] });
    if (!joined) return [];
    const component = words(COMPONENT_IMAGE_KEY.exec(repoKey)![1]!);
    const runs = flags.filter((f) => words(f).some((w) => w !== 'enable' && w !== 'enabled' && component.some((c) => sameWord(c, w))));
    return [{ raw: joined.raw, keys: [repoKey, tagKeys[0]!] as [string, string], ...(runs.length === 1 ? { flag: runs[0] } : {}) }];
  });
}
