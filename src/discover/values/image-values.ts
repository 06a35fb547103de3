// Which values leaves can shape an image reference: registry/repository/tag/digest keys (and
// their camelCase forms), image-named keys, `name` under an image block, list entries under an
// image-named key, and any string that spells a full reference. Pure; paths are from the top chart.

import { formatPath, type PathSegment } from '../field-path.js';
import { toImageRef } from '../image-ref.js';
import { NOT_AN_IMAGE_WORD, isImageKey } from '../sites/site-rules.js';
import { isRepositoryImageBlock } from '../decoders/repository-blocks.js';
import { composeSiblingFields } from '../sites/sibling-fields.js';
import { STAND_IN_MARK } from './value-markers.js';

export type { ImagePart, ImageValueLeaf } from './types.js';
import type { ImagePart, ImageValueLeaf } from './types.js';

/**
 * A component's image name (MongoDB's operator.operatorImageName / operator_image_name, fluid's
 * fuse.ceimageName), or one spelled as the env var a chart writes into an env-file ConfigMap
 * (kangal's configMap.GHZ_IMAGE_NAME beside GHZ_IMAGE_TAG).
 */
const COMPONENT_IMAGE_NAME = /[a-z0-9]ImageName$|[a-z0-9]_image_name$|[a-z0-9]imageName$|[A-Z0-9]_IMAGE_NAME$/;
/** host[:port][/path] with a dotted host, localhost or a port: what a registry value spells. */
const REGISTRY_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+|localhost)(?::\d+)?(?:\/[a-z0-9._-]+)*\/?$/;

/** A registry host alone, with no path: a dotted name or localhost, maybe a port. */
const REGISTRY_ONLY_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+|localhost)(?::\d+)?$/;

export const NOT_IMAGE = /pull|policy|secret|pullsecret|credential|password|username/i;
/**
 * Of those, the words about how an image is pulled: such a key holds no image whatever its value.
 * The others name what a component is for as often as a secret (OpenStack-Helm's
 * `images.tags.keystone_credential_setup: quay.io/airshipit/keystone:2026.1-ubuntu_noble`, the
 * image of the Job that sets credentials up): a whole reference there is one, and under a key
 * named for an image a tagged short name whose image the word names (`secretlessImage`).
 */
const PULL_SETTING = /pull|policy/i;

/**
 * A registry key with a word after it (litmus's `image.imageRegistryName`, `registryUrl`, stash's
 * `registryFQDN`), or a domain of the image's (amazon-cloudwatch-observability's
 * `repositoryDomain: public.ecr.aws/aws-observability`): a registry when it holds one.
 */
const REGISTRY_NAMED_KEY = /registry[_-]?(name|url|host|prefix|address|fqdn)$|(registry|repository|repo|image)[_-]?domain$/i;

/**
 * Maps whose entries are registries: by component (MongoDB's `registry: {operator: quay.io/mongodb}`),
 * by the registry each one proxies (AppsCode's `proxies: {ghcr: ghcr.io}`), or by place
 * (amazon-cloudwatch-observability's `repositoryDomainMap: {public: ..., cn-north-1: ...}` that the
 * template indexes with the region): each entry holding a registry is one.
 */
const REGISTRY_MAP =
  /^(registry|registries|proxies|registry[_-]?proxies|mirrors)$|[a-z]Registr(y|ies)$|_registry$|(registry|repository|repo|image)[_-]?[dD]omain[_-]?[mM]ap$|[a-z](Registry|Repository|Repo|Image)[dD]omain[mM]ap$/;

const PART_BY_KEY: readonly [RegExp, ImagePart][] = [
  // Istio's `hub` is a registry with a path (docker.io/istio) that every image name goes under;
  // fluid's `imagePrefix` (a Docker Hub namespace, or a registry with a path) likewise
  [/registry$|^hub$|(^|[a-z0-9_])(image|repo|repository)[_-]?prefix$/i, 'registry'],
  [/(^|[a-z_])(tag|Tag|TAG)$|^version$|^tag[A-Z_]/, 'tag'],
  [/(digest|Digest|DIGEST)$|^sha$|^digest[A-Z_]/, 'digest'],
  // `baseRepo: mcr.microsoft.com` (a host alone: made a registry below) before a `/path` repository;
  // k8gb's `imageRepo`, `image_repo`: a repository under the chart's own naming
  [/(repository|Repository|REPOSITORY)$|^repo$|[a-z]Repo$|^name$|^[iI]mages?[_-][rR]epo$/, 'repository'],
];

/** What imagePartOf reads off a key alone, whatever its value. */
interface KeyFacts {
  notImage: boolean;
  /** notImage for a pull setting (PULL_SETTING), never an image */
  pullSetting: boolean;
  registryNamed: boolean;
  byKey: ImagePart | undefined;
  imageNamed: boolean;
}

/** What imagePartOf reads off a parent key alone. */
interface ParentFacts {
  underImage: boolean;
  registryMap: boolean;
  imagesMap: boolean;
}

// A values tree repeats few keys (enabled, repository, tag, name, resources...) thousands of times,
// and the optional search reads each tree again: the key's tests are made once per key. Bounded
// (a tree with a key per entry, say a map of hosts, starts it over).
const KEY_FACTS = new Map<string, KeyFacts>();
const PARENT_FACTS = new Map<string, ParentFacts>();
const MAX_KEYS = 1 << 16;

function keyFacts(key: string): KeyFacts {
  let f = KEY_FACTS.get(key);
  if (f) return f;
  f = {
    notImage: NOT_IMAGE.test(key),
    pullSetting: PULL_SETTING.test(key),
    registryNamed: REGISTRY_NAMED_KEY.test(key),
    byKey: PART_BY_KEY.find(([re]) => re.test(key))?.[1],
    imageNamed: isImageKey(key) || COMPONENT_IMAGE_NAME.test(key),
  };
  if (KEY_FACTS.size >= MAX_KEYS) KEY_FACTS.clear();
  KEY_FACTS.set(key, f);
  return f;
}

function parentFacts(parentKey: string): ParentFacts {
  let f = PARENT_FACTS.get(parentKey);
  if (f) return f;
  f = {
    underImage: isImageKey(parentKey) || /image/i.test(parentKey),
    registryMap: REGISTRY_MAP.test(parentKey),
    imagesMap: /images$/i.test(parentKey),
  };
  if (PARENT_FACTS.size >= MAX_KEYS) PARENT_FACTS.clear();
  PARENT_FACTS.set(parentKey, f);
  return f;
}

/**
 * The part a key names, or undefined when the key is not image-shaped at its place. `grandparentKey`:
 * a `name` or `version` one level deeper counts too, in a map of images by component under an
 * image-named key (yugaware's `image: {postgres: {registry, name: postgres, tag}}`, looked up with
 * `get .Values.image "postgres"`), unless its own block is a pull secret or policy.
 */
export function imagePartOf(key: string, parentKey: string | undefined, value: unknown, grandparentKey?: string): ImagePart | undefined {
  const k = keyFacts(key);
  if (k.notImage && (k.pullSetting || !(wholeReference(value) || (k.imageNamed && namesItsImage(key, value))))) return undefined;
  const parent = parentKey === undefined ? undefined : parentFacts(parentKey);
  const underImage =
    (parent !== undefined && parent.underImage) ||
    (grandparentKey !== undefined && parentKey !== undefined && !keyFacts(parentKey).notImage && parentFacts(grandparentKey).underImage);
  // `name` outside an image block is a name (of a resource, a host), unless it spells a whole tagged
  // reference with a path, which no other name does (Theia Cloud's `demoApplication.name:
  // theiacloud/theia-cloud-demo:1.3.0-next`, rendered whole as an AppDefinition's image)
  if (key === 'name' && !underImage && taggedPath(value)) return 'image';
  if ((key === 'name' || key === 'version') && !underImage) return undefined;
  if (k.registryNamed && typeof value === 'string' && REGISTRY_HOST.test(value)) return 'registry';
  const byKey = k.byKey;
  // a `repository` that is only a registry host (fission's root `repository: ghcr.io`, shared by
  // every component's image): it is that registry, and a target written there must not repeat a path
  if (byKey === 'repository' && typeof value === 'string' && REGISTRY_ONLY_HOST.test(value)) return 'registry';
  if (byKey) return byKey;
  if (k.imageNamed) return 'image';
  if (parent !== undefined && parent.registryMap && typeof value === 'string' && REGISTRY_HOST.test(value)) return 'registry';
  // a map of images by variant (`images: {default: vllm/vllm-openai:v0.8.3, nvidia-gpu: ...}`) or
  // by component (`defaultImages: {postgreSQL: postgres:10.14}`): the map's key names the place,
  // so a tagged entry is a whole reference, host or not
  if (parent !== undefined && parent.imagesMap && typeof value === 'string' && !/\s/.test(value)) {
    const r = toImageRef(value);
    if (r && (r.tag || r.digest)) return 'image';
    // a bare name there too (mageai's `initContainerImages: {alpine: alpine}`): the entry's key
    // names the image it holds, which is what tells it from a setting of the map
    if (r && !NOT_AN_IMAGE_WORD.test(value) && r.path.split('/').pop() === key) return 'image';
  }
  // an entry named after the image it holds, under a block named for images in the singular
  // (DolphinScheduler's `initImage: {busybox: "busybox:1.30.1"}`): the key and the image's name
  // agree, which no setting of the block (`pullPolicy: IfNotPresent`) does
  if (parent !== undefined && parent.underImage && typeof value === 'string' && !/\s/.test(value)) {
    const r = toImageRef(value);
    if (r && (r.tag || r.digest) && !NOT_AN_IMAGE_WORD.test(value) && r.path.split('/').pop() === key) return 'image';
  }
  // an explicit domain needs a slash after it: most strings of a values tree have none and are not parsed
  if (typeof value === 'string' && value.indexOf('/') > 0) {
    const r = toImageRef(value);
    if (r && r.explicitDomain && (r.tag || r.digest)) return 'image';
    // a map of images by component (`images: {operator: ghcr.io/kedacore/http-add-on-operator}`
    // beside a shared `images.tag`): each entry names a repository the template tags
    if (r && underImage && r.explicitDomain && !/\s/.test(value)) return 'image';
  }
  return undefined;
}

/**
 * A reference with a tag or digest, Docker Hub's short names too, whose image is named with the
 * key's secret word: CyberArk's injector `secretlessImage: cyberark/secretless-broker:latest`,
 * where the word names the component the image is, not a secret the key holds.
 */
function namesItsImage(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  const r = toImageRef(value);
  if (r === undefined || (r.tag === undefined && r.digest === undefined)) return false;
  const word = NOT_IMAGE.exec(key)?.[0].toLowerCase();
  return word !== undefined && (r.path.split('/').pop() ?? '').toLowerCase().includes(word);
}

/** A reference with a path and a tag or digest (`owner/name:tag`, host or not), no spaces or port-like tail. */
function taggedPath(value: unknown): boolean {
  if (typeof value !== 'string' || value.indexOf('/') <= 0 || /\s/.test(value)) return false;
  const r = toImageRef(value);
  return r !== undefined && (r.tag !== undefined || r.digest !== undefined) && !/^\d+$/.test(r.tag ?? '');
}

/** A string that spells a reference on its own: an explicit registry and a tag or digest. */
function wholeReference(value: unknown): boolean {
  if (typeof value !== 'string' || value.indexOf('/') <= 0 || /\s/.test(value)) return false;
  const r = toImageRef(value);
  return r !== undefined && r.explicitDomain && (r.tag !== undefined || r.digest !== undefined);
}

/**
 * String values of keys that name no image part but spell a registry host, dotted with a letter in
 * its last label (no version number) or with a port: koordinator's root `imageRepositoryHost:
 * registry.cn-beijing.aliyuncs.com`, joined before every repository. Only candidates: the marker
 * render keeps those it shows at the host position of every image they reach (discover/values/host-position.ts).
 */
export function hostShapedLeaves(values: Record<string, unknown>, known: readonly ImageValueLeaf[]): ImageValueLeaf[] {
  const taken = new Set(known.map((l) => l.path));
  const out: ImageValueLeaf[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (!isMap(v) || segs.length > 8) return;
    for (const [k, x] of Object.entries(v)) {
      if (out.length >= MAX_HOST_CANDIDATES) return;
      segs.push(k);
      if (typeof x === 'string' && isHostValue(x) && !NOT_IMAGE.test(k) && !taken.has(formatPath(segs))) {
        out.push({ path: formatPath(segs), segments: [...segs], part: 'registry', value: x });
      } else visit(x);
      segs.pop();
    }
  };
  visit(values);
  return out;
}

/** Candidates marked at most: a values tree full of host names (a map of ingress hosts) is cut short. */
const MAX_HOST_CANDIDATES = 64;

function isHostValue(v: string): boolean {
  if (!REGISTRY_HOST.test(v)) return false;
  const host = v.split('/')[0]!;
  return /:\d+$/.test(host) || /[a-z]/.test(host.split('.').pop()!);
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

function leafString(v: unknown, part: ImagePart): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (part === 'tag' && (typeof v === 'number' || typeof v === 'bigint')) return String(v);
  return undefined;
}

/** Every non-empty image-shaped leaf of a values tree, in key order. */
export function imageValueLeaves(values: Record<string, unknown>): ImageValueLeaf[] {
  const out: ImageValueLeaf[] = [];
  // one path, grown and cut as the walk goes; a leaf found keeps a copy (values trees are large, leaves few)
  const segs: PathSegment[] = [];
  const visit = (v: unknown, parentKey: string | undefined): void => {
    if (isMap(v)) {
      // {repository, image, version} (device-operator cluster policies): the operator joins
      // repository/image:version, so version is the tag wherever the block sits
      const joined = isRepositoryImageBlock(v);
      // {image: repo, defaultImageVersion: "1.2"}, {image_v2, imageTag}: keys of the chart's own
      // naming that a template or its operator joins as repository:tag
      const [repoKey, versionKey] = joined ? [] : (composeSiblingFields(v)?.keys ?? []);
      for (const k of Object.keys(v)) {
        segs.push(k);
        if ((joined && k === 'version') || k === versionKey) pushLeaf(v[k], 'tag');
        else if (k === repoKey) pushLeaf(v[k], 'repository');
        else visit(v[k], k);
        segs.pop();
      }
      return;
    }
    if (Array.isArray(v)) {
      const listIsImages = parentKey !== undefined && isImageKey(parentKey);
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        segs.push(i);
        if (isMap(x) || Array.isArray(x)) visit(x, parentKey);
        else if (listIsImages) pushLeaf(x, 'image');
        segs.pop();
      }
      return;
    }
    const key = segs[segs.length - 1];
    if (typeof key !== 'string') return;
    const parent = segs.length >= 2 && typeof segs[segs.length - 2] === 'string' ? (segs[segs.length - 2] as string) : undefined;
    const grandparent = parent !== undefined && segs.length >= 3 && typeof segs[segs.length - 3] === 'string' ? (segs[segs.length - 3] as string) : undefined;
    const part = imagePartOf(key, parent, v, grandparent);
    if (part) pushLeaf(v, part);
  };
  const pushLeaf = (v: unknown, part: ImagePart): void => {
    const value = leafString(v, part);
    if (value !== undefined) out.push({ path: formatPath(segs), segments: [...segs], part, value });
  };
  visit(values, undefined);
  // the leaves of each block, found once: a values tree has hundreds of leaves
  const blocks = new Map<string, ImageValueLeaf[]>();
  for (const l of out) {
    const dir = blockOf(l);
    blocks.set(dir, [...(blocks.get(dir) ?? []), l]);
  }
  return out.map((l) => (l.part === 'image' && namesRepository(l, blocks.get(blockOf(l))!) ? { ...l, part: 'repository' } : l));
}

const blockOf = (l: ImageValueLeaf): string => l.segments.slice(0, -1).join('\0');

/** `image: ingress-nginx/controller` beside registry/tag/digest is the repository, not a reference. `block`: the leaves of its block. */
function namesRepository(l: ImageValueLeaf, block: readonly ImageValueLeaf[]): boolean {
  const r = toImageRef(l.value);
  if (!r || r.tag || r.digest || typeof l.segments[l.segments.length - 1] === 'number') return false;
  const beside = block.filter((o) => o !== l);
  // beside a repository of its own it is the name the repository prefixes (isRepositoryImageBlock)
  return !beside.some((o) => o.part === 'repository') && beside.some((o) => o.part !== 'image');
}

/**
 * A subchart's own `global` defaults (tempo-distributed's global.image.registry: docker.io, seen
 * from an umbrella as tempo.global.image.registry) are that subchart's alone: Helm copies each
 * parent's globals into its subcharts, over theirs, never one subchart's up or across. They are
 * marked and set where they are: at the top-level global the marker reached every chart, and a
 * sibling that reads the same global behind a switch (GitLab's spamcheck, `coalesce local global
 * "none"`, beside its nginx-ingress's registry.k8s.io) showed a registry real Helm never gives it.
 * Where an enclosing chart (the top one included) has the same global, its leaf wins and the
 * subchart's copy is dropped.
 */
export function ownSubchartGlobals(leaves: readonly ImageValueLeaf[]): ImageValueLeaf[] {
  const paths = new Set(leaves.map((l) => l.path));
  return leaves.filter((l) => {
    const g = l.segments.indexOf('global');
    if (g <= 0 || !l.segments.slice(0, g).every((s) => typeof s === 'string')) return true;
    const own = l.segments.slice(g);
    for (let k = 0; k < g; k++) if (paths.has(formatPath([...l.segments.slice(0, k), ...own]))) return false;
    return true;
  });
}

/**
 * Keys that name an image's repository or the whole image when set (AWS's image.override and
 * image.overrideRepository beside account/region/domain): probed when left empty or absent.
 */
export const NAME_KEY = /^(repository|image|override)$|[a-z]Repository$|^override(Image|Repository)$|^imageOverride$|[a-z]ImageOverride$/;

/** The stand-in repository for probe n (a valid path component), and where one sits in a reference. */
export const repositoryProbe = (n: number): string => `zq${n}r`;
export const repositoryProbeIn = (raw: string): { n: number; at: number; length: number } | undefined => {
  const m = /(?<=^|\/)zq(\d+)r(?=$|[/:@])/.exec(raw);
  return m ? { n: Number(m[1]), at: m.index, length: m[0].length } : undefined;
};

/** The stand-in registry host for probe n, and the probe number a host stands for. */
export const probeHost = (n: number): string => `${STAND_IN_MARK}${n}p.invalid`;
export const probeOf = (host: string): number | undefined => {
  const m = /^zq(\d+)p\.invalid$/.exec(host);
  return m ? Number(m[1]) : undefined;
};
