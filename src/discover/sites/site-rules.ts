// The vocabulary the site table is written in: walk nodes, candidates, and the policies that
// turn "how much of the reference was spelled out" into certain / doubtful / not an image.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { DataComposition, SiteKind } from '../image-site.js';
import type { PathSegment } from '../field-path.js';
import type { RefStrength } from '../image-ref.js';
import { isRecord } from '../../util/is-record.js';
import { OFF_FLAGS, offFlag } from '../toggles/off-flag.js';

export interface DocInfo {
  doc: RenderedDoc;
  apiVersion: string;
  kind: string;
  name: string;
  /** Not a built-in Kubernetes kind (its group is not core, apps, batch, *.k8s.io...). */
  custom: boolean;
  /** Place among the documents of the same template (0-based). */
  position?: number;
  /** helm.sh/hook annotation, if any. */
  hook?: string;
}

/** One value met while walking a document: the rules look at it and its path. */
export interface WalkNode {
  info: DocInfo;
  path: readonly PathSegment[];
  value: unknown;
  /** The object or array holding this value (undefined at the document root). */
  parent?: unknown;
}

/**
 * Why a string is a candidate: `field` when the field exists to hold an image (a custom
 * resource's `image`), `named` when its field/env/flag name says image, `base` when the name says
 * it is an image's base/repository/registry (--prometheus-default-base-image: the operator adds
 * the tag), `plain` when only the place suggests it, `loose` when nothing does.
 */
export type Hint = 'field' | 'named' | 'base' | 'plain' | 'loose';

export interface Candidate {
  raw: string;
  path: readonly PathSegment[];
  /** Text after the path for references inside embedded documents, e.g. ' > executor.image'. */
  suffix?: string;
  hint: Hint;
  /** A custom resource's `enabled: false` beside the image: the operator runs it only when switched on. */
  off?: readonly PathSegment[];
  /**
   * `raw` is a name whose version was left empty (`{name: x, version: ""}`): the chart's library
   * helper fills in the chart's appVersion, so that is the tag (never `latest`).
   */
  versionSlot?: boolean;
  /**
   * `raw` is the tag of an image object that names no repository (sibling-fields
   * tagWithoutRepository): no image of itself, a candidate the audit gives its verdict.
   */
  tagOnly?: boolean;
  /** Met inside a CustomResourceDefinition a ConfigMap carries (its schema's descriptions and examples). */
  inSchema?: boolean;
  /**
   * Inside an alternative of a configuration that another field of it does not pick (decoders/
   * selected-alternatives.ts): that field and its value (`driver: containerd`).
   */
  unselected?: string;
  /** What brings an image no setting of the chart's brings (a resource the user makes), for the optional list. */
  setting?: string;
  /** Inside data: the decodings on the way to it, outermost first (base64, json, yaml, lines). */
  encodings?: readonly string[];
  /** Inside structured data: the fields it was read from (image-site.ts). */
  composition?: DataComposition;
}

export type Verdict = 'certain' | 'doubtful' | 'skip';
export type Policy = Readonly<Record<RefStrength | 'invalid', Verdict>>;

export interface SiteRule {
  id: string;
  site: SiteKind | ((info: DocInfo) => SiteKind);
  docs: (info: DocInfo) => boolean;
  find: (node: WalkNode) => Candidate[];
  accept: Readonly<Record<Hint, Policy>>;
  /**
   * The rule finds only at a string leaf whose key, or its parent's key, is this (a CRD schema's
   * `default`): a document that no other rule reads is walked to those leaves alone, with no
   * node built for the rest (a CRD's schema is thousands of nodes deep in properties).
   */
  leafUnder?: string;
}

/** A pod spec's image field: even a bare word like `nginx` is an image there. */
export const ANY: Policy = { bare: 'certain', tagged: 'certain', hosted: 'certain', 'hosted-tagged': 'certain', invalid: 'doubtful' };
/** A custom resource's `image` field: like a pod spec, but a string that does not parse is no image. */
export const FIELD: Policy = { ...ANY, invalid: 'skip' };
/** The name says image: it still needs a registry host or a tag/digest to be certain. */
export const NAMED: Policy = { bare: 'doubtful', tagged: 'certain', hosted: 'doubtful', 'hosted-tagged': 'certain', invalid: 'skip' };
/** A base image or repository setting: without a tag it is a prefix the operator completes. */
export const BASE: Policy = { bare: 'skip', tagged: 'certain', hosted: 'doubtful', 'hosted-tagged': 'certain', invalid: 'skip' };
/** Nothing names it: only a fully spelled-out reference (host/path:tag) counts. */
export const PLAIN: Policy = { bare: 'skip', tagged: 'skip', hosted: 'skip', 'hosted-tagged': 'certain', invalid: 'skip' };
/** Anywhere else: a fully spelled-out reference is worth a look, never more. */
export const LOOSE: Policy = { bare: 'skip', tagged: 'skip', hosted: 'skip', 'hosted-tagged': 'doubtful', invalid: 'skip' };

/** A row that trusts each hint as far as the hint goes: the key's name decides the policy. */
export const BY_HINT: Readonly<Record<Hint, Policy>> = { field: FIELD, named: NAMED, base: BASE, plain: PLAIN, loose: LOOSE };

/** A row whose place decides alone, whatever the key is named. */
export function everyHint(p: Policy): Readonly<Record<Hint, Policy>> {
  return { field: p, named: p, base: p, plain: p, loose: p };
}

const IMAGE_NAME = [
  /^images?$/i,
  /[a-z0-9]Images?$/,
  /(^|[_.-])images?$/i,
  // imageUrl: Cluster API Operator's spec.deployment.containers[].imageUrl (a picture's URL has a scheme: no reference)
  /^images?[_-]?(name|ref|reference|uri|url)$/i,
  // an operator's own naming for a whole reference (open-cluster-management's registrationImagePullSpec)
  /^image[_-]?pull[_-]?spec$|[a-z0-9]ImagePullSpec$/i,
  // the image of a protocol's or API's other version beside the plain one (Seldon Core's
  // explainer `image_v2`, `imageV2`, `SIDECAR_IMAGE_V2`)
  /(^|[_.-])images?[_-]?v\d+$/i,
  /[a-z0-9]Images?[_-]?[vV]\d+$/,
  // the image of a component named after the word (Plane's `minio.image_mc` beside `image` and
  // `init_image`), not a part of one (`image_tag`, `image_pull_policy`: IMAGE_PART_WORD)
  /^images?_[a-z][a-z0-9]*$/,
];
/** Second words of `image_X` that name a part or setting of an image, not a component's whole one. */
const IMAGE_PART_WORD =
  /^images?_(tag|version|digest|sha|registry|repo|repository|pull|policy|type|arch|variant|flavou?r|prefix|suffix|base|host|path|org|owner|namespace|project|id|list|map|key|format|size|count|enabled?)$/;

/** Keys such as image, initImage, RELATED_IMAGE_X's suffix form SIDECAR_IMAGE, imageName. */
/** Words that fill image-named settings without being images (ENABLE_IMAGE_SCAN=true, policies). */
export const NOT_AN_IMAGE_WORD = /^(true|false|yes|no|on|off|always|never|ifnotpresent|none|null|nil|enabled?|disabled?|default|auto|latest|\d+)$/i;

export function isImageKey(key: string): boolean {
  // every name IMAGE_NAME takes mentions "image": one test turns away the other keys of a custom
  // resource's string leaves (nearly all), which the patterns each scanned
  return mentionsImage(key) && !IMAGE_PART_WORD.test(key) && IMAGE_NAME.some((re) => re.test(key));
}

/** Env var and flag names: anything that mentions image (RELATED_IMAGE_*, --executor-image). */
export function mentionsImage(name: string): boolean {
  return /image/i.test(name);
}

// MDB_IMAGE_TYPE=ubi8 (MongoDB's operators): the variant the operator appends to a tag, no name
const IMAGE_PART_NAME = /image[_.-]?(version|tag|digest|sha|type|arch|variant|flavou?r|pull[_.-]?policy|pull[_.-]?secrets?)$/i;

/** The hint an env var, flag or data key name gives its value. */
export function nameHint(name: string): 'named' | 'base' | 'plain' {
  if (!mentionsImage(name)) return 'plain';
  // OPERATOR_IMAGE_VERSION=1.2.3, --image-tag=v2: a part of an image, never a whole one.
  if (IMAGE_PART_NAME.test(name)) return 'plain';
  return /base|repo|prefix|registry/i.test(name) ? 'base' : 'named';
}

/** The settings an image map holds beside its images: parts and policies, never whole references. */
const IMAGE_MAP_SETTING = /^(registry|hub|repository|repo|tag|version|digest|sha|pull[_.-]?(policy|secrets?)|image[_.-]?pull[_.-]?(policy|secrets?))$/i;

/**
 * Maps whose entries are images keyed by variant or component (Submariner's spec.imageOverrides;
 * a singular `image` keyed by device, an ML platform's `image: {cpu: ..., gpu: ..., rocm: ...}`;
 * a serving engine's `runtimeImages: {vllm: ..., sglang: ...}`, keyed by runtime).
 */
const IMAGE_MAP = /^(images?|image[_-]?overrides|[a-z][a-z0-9]*Images|[a-z][a-z0-9]*_images)$/i;
/** Plural image maps that list images to match, not to run (an allow list of a policy, a scan's exclusions). */
const MATCH_LIST_MAP = /^(allow(ed)?|den(y|ied)|exclude[ds]?|ignored?|skip(ped)?|trusted|blocked|block|white|black)/i;

/** Beside the settings, what a singular `image` block holds that is a part, never a variant: its name (the repository). */
const IMAGE_BLOCK_PART = /^name$/i;

/**
 * An entry of a map of images keyed by variant (`images: {default: vllm/vllm-openai:v0.8.3,
 * nvidia-gpu: ...}`) or component (`imageOverrides: {nettest: ...}`): the map's key names the
 * place, the entry's key only picks one. A name:tag there counts as a base setting's does (a bare
 * word stays no image); undefined elsewhere.
 */
export function imageMapEntryHint(path: readonly PathSegment[]): 'base' | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string' || IMAGE_MAP_SETTING.test(key)) return undefined;
  // entries grouped by role or engine below the map (`images: {store: {galaxy: {engine: ...}}}`)
  for (let up = 2; up <= 1 + MAX_IMAGE_MAP_GROUPS && up <= path.length; up++) {
    const map = path[path.length - up];
    if (typeof map !== 'string') return undefined;
    if (IMAGE_MAP.test(map) && !MATCH_LIST_MAP.test(map)) {
      // a singular `image` holds its variants directly, and its `name` is a part, not a variant
      if (/^image$/i.test(map) && (up > 2 || IMAGE_BLOCK_PART.test(key))) return undefined;
      return nameHint(key) === 'plain' ? 'base' : undefined;
    }
    if (IMAGE_MAP_SETTING.test(map) || nameHint(map) !== 'plain') return undefined;
  }
  return undefined;
}

/** Levels of grouping between an image map and its entries that still make them its entries. */
const MAX_IMAGE_MAP_GROUPS = 3;

/** A component's own settings blocks: what they name runs only when the component does. */
const SETTINGS_BLOCKS = /^(args|arguments|config|configuration|settings|options|params|parameters)$/i;
/** Blocks that are a component's workload itself (not a feature of it, as `metrics` is). */
const WORKLOAD_BLOCKS = /^(service|deployment|daemonset|statefulset|workload|controller|server|pod)$/i;

/**
 * The flag that leaves off the component a settings block belongs to: `o` holds the settings
 * block `child` and beside it the component's workload, a block with its own image and
 * `enabled: false` (KAI Scheduler's `nodeScaleAdjuster: {service: {enabled: false, image},
 * args: {scalingPodImage}}`: its operator deploys nothing of the component). Only when that is
 * the one on/off block beside it, and a workload (`service`, `deployment`...), not a feature of
 * the component (`metrics: {enabled: false, image}` leaves the rest running); the path from `o`.
 */
export function offBeside(o: Record<string, unknown>, child: PathSegment | undefined): string[] | undefined {
  if (typeof child !== 'string' || !SETTINGS_BLOCKS.test(child)) return undefined;
  const flagged = Object.entries(o).filter(([k, v]) => k !== child && isRecord(v) && OFF_FLAGS.some((f) => typeof v[f] === 'boolean'));
  if (flagged.length !== 1) return undefined;
  const [key, block] = flagged[0] as [string, Record<string, unknown>];
  const flag = offFlag(block);
  return flag && WORKLOAD_BLOCKS.test(key) && Object.keys(block).some(isImageKey) ? [key, flag] : undefined;
}

export const CONTAINER_LISTS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);

export function isBuiltinApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return BUILTIN_GROUPS.has(group) || group.endsWith('.k8s.io');
}

/** The path segment `fromEnd` places from its end (1: the last). */
export const at = (path: readonly PathSegment[], fromEnd: number): PathSegment | undefined => path[path.length - fromEnd];

/** containers[i].image (also initContainers, ephemeralContainers), in any document. */
export function isContainerImage(path: readonly PathSegment[]): boolean {
  const list = at(path, 3);
  return at(path, 1) === 'image' && typeof at(path, 2) === 'number' && typeof list === 'string' && CONTAINER_LISTS.has(list);
}
