// THE SITE TABLE: every place a rendered manifest can name an image, as data. Each rule says
// which documents it reads, what candidates it sees at a node of the walk, and how sure the
// grammar must be there (a pod spec's `image` is an image even when bare; an env var needs more).

import { splitArgs, splitImageList } from '../decoders/image-lists.js';
import { embeddedCandidates, nestedBase64 } from '../decoders/embedded-data.js';
import { envText, resolvedEnv } from './env-field-refs.js';
import { isDocumentText, parseStructured } from '../decoders/structured-text.js';
import { base64Text, gzipText } from '../decoders/data-decoding.js';
import type { PathSegment } from '../field-path.js';
import { composeEnvPair, composeEnvRegistry, composeFlagPair, composeSiblingFields, hasEnvVersion, isJoinedEnvRegistry } from './sibling-fields.js';
import { customImageField, customPackageField, customRepositoryTag, customSchemeUrl } from './custom-resource-sites.js';
import { toImageRef } from '../image-ref.js';
import { getIn, stripMarkers } from '../values/value-markers.js';
import type { SiteKind } from '../image-site.js';
import {
  ANY,
  at,
  BY_HINT,
  CONTAINER_LISTS,
  everyHint,
  isContainerImage,
  LOOSE,
  PLAIN,
  isImageKey,
  nameHint,
  type Candidate,
  type DocInfo,
  type Policy,
  type SiteRule,
  type WalkNode,
} from './site-rules.js';
import { isRecord } from '../../util/is-record.js';
import { COMPONENT_IMAGE, objectDefaultTag, siblingTag } from './crd-sibling-tag.js';

const notCrd = (i: DocInfo): boolean => i.kind !== 'CustomResourceDefinition';

function containerImage(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string' || n.value.trim() === '' || !isContainerImage(n.path)) return [];
  return [{ raw: n.value.trim(), path: n.path, hint: 'named' }];
}

/** env: [{name, value}] anywhere (pod specs and CRs that pass env to operands). */
function envValue(n: WalkNode): Candidate[] {
  if (!isRecord(n.value) || typeof at(n.path, 1) !== 'number' || at(n.path, 2) !== 'env') return [];
  const { name } = n.value;
  // a value written in the entry, or read from the pod's own annotations or labels (fieldRef)
  const text = envText(n.info.doc.object, n.path, n.value);
  if (typeof name !== 'string' || text === undefined) return [];
  const { value, path } = text;
  const env = Array.isArray(n.parent) ? resolvedEnv(n.info.doc.object, n.path.slice(0, -1), n.parent) : undefined;
  // a repository whose version is another env var of the container: the operator joins them
  const joined = env ? composeEnvPair(env, name, value) : undefined;
  if (joined) return [{ raw: joined.raw, path, hint: 'named' }];
  // a registry, a repository and maybe a tag in env vars sharing a prefix: joined at the repository
  const ownTag = name.includes('_IMAGE_') ? containerTag(n) : undefined;
  const parts = env ? composeEnvRegistry(env, name, value, ownTag) : undefined;
  if (parts) return [{ raw: parts, path, hint: 'named' }];
  if (env && isJoinedEnvRegistry(env, name, ownTag)) return [];
  // a JSON document the program reads from its env (OpenWhisk's RUNTIMES_MANIFEST): walked as a
  // ConfigMap's JSON is, each image with the fields it is joined from, which postrender sets
  if (/^\s*[[{]/.test(value) && parseStructured(value) !== undefined) return embeddedCandidates(value, name, path);
  // a config document it reads base64-encoded (Feast's FEATURE_STORE_YAML_BASE64): read as a
  // Secret's data is; a short, dotted or spaced value is never decoded, a token decodes to no document
  const decoded = nestedBase64(value);
  if (decoded !== undefined) return embeddedCandidates(decoded, name, path, ['base64']);
  // `LABEL:docker://IMAGE` (a runner's labels): the transport says the reference is an image
  return splitImageList(value).map((raw) => ({
    raw,
    path,
    hint: wholeImageEnv(name, raw, env) || value.includes(`docker://${raw}`) ? 'field' : nameHint(name),
  }));
}

/** The tag of the image of the container whose env list holds this node (`...containers[i].env[j]`). */
function containerTag(n: WalkNode): string | undefined {
  const container = getIn(n.info.doc.object, n.path.slice(0, -2));
  const image = isRecord(container) && typeof container.image === 'string' ? stripMarkers(container.image.trim()) : '';
  const ref = toImageRef(image);
  return ref?.tag && image.split('@')[0]!.endsWith(`:${ref.tag}`) ? ref.tag : undefined;
}

/** Env names that hold one whole image (SRIOV_CNI_IMAGE, IMAGE), not a part of one (IMAGE_TAG, IMAGE_REGISTRY). */
const WHOLE_IMAGE_ENV = /(^|_)IMAGE$/i;

/**
 * STEM_IMAGE=ghcr.io/acme/cni: the name says it is an image and the value names its registry,
 * so the consumer pulls it as it is (at `latest` when it has no tag), as a pod spec's image.
 * A bare word there (WORKER_IMAGE=busybox) may still be a placeholder, and one with
 * versions beside it that composeEnvPair could not choose between is no whole reference.
 */
function wholeImageEnv(name: string, raw: string, env: unknown): boolean {
  const ref = WHOLE_IMAGE_ENV.test(name) && !(Array.isArray(env) && hasEnvVersion(env, name)) ? toImageRef(stripMarkers(raw)) : undefined;
  return ref !== undefined && ref.explicitDomain && ref.path.includes('/');
}

/** args/command vectors: --flag=image, --flag image, and bare tokens. */
function argValue(n: WalkNode): Candidate[] {
  const key = at(n.path, 1);
  if ((key !== 'args' && key !== 'command') || !Array.isArray(n.value)) return [];
  const args = splitArgs(n.value);
  return args.map((a) => {
    // a repository whose tag is another flag of the container: the operator joins them
    const joined = a.flag === undefined ? undefined : composeFlagPair(args, a.flag, a.value);
    if (joined) return { raw: joined, path: [...n.path, a.index], hint: 'named' as const };
    return { raw: a.value, path: [...n.path, a.index], hint: a.flag === undefined ? ('loose' as const) : nameHint(a.flag) };
  });
}

/**
 * Data keys no consumer loads: samples and leftovers an operator skips by their suffix
 * (clickhouse-operator's `001-templates.json.example`), and read-me text. Images named there are
 * never pulled, so they are not the chart's images (issue 30's class 3).
 */
const UNLOADED_KEY = /\.(example|sample|bak|orig|dist|disabled|md)$|(^|[._-])readme(\.txt)?$/i;

/** Which data of a ConfigMap or Secret holds base64 (Secret `data`, ConfigMap `binaryData`) or text. */
const DATA_FIELDS: Readonly<Record<string, Readonly<Record<string, 'text' | 'base64'>>>> = {
  ConfigMap: { data: 'text', binaryData: 'base64' },
  Secret: { data: 'base64', stringData: 'text' },
};

/**
 * A ConfigMap's or Secret's entry: a config file, a values tree, an env file a controller reads.
 * Base64 is decoded first (a controller reads the bytes), when they are text or gzip of text (then
 * inflated); the decodings are named in the site's path (` > base64...`, ` > base64.gzip...`).
 */
function dataEntry(n: WalkNode): Candidate[] {
  const key = at(n.path, 1);
  const encoding = DATA_FIELDS[n.info.kind]?.[n.path[0] as string];
  if (n.path.length !== 2 || !encoding || typeof key !== 'string' || typeof n.value !== 'string') return [];
  if (UNLOADED_KEY.test(key)) return [];
  // half of a pair dottedSiblings joins: the repository alone is no reference
  if (encoding === 'text' && isRecord(n.parent) && dottedSiblings(n.parent).joinedKeys.has(key)) return [];
  // an env-file ConfigMap (loaded whole through envFrom): STEM_IMAGE_NAME beside STEM_IMAGE_TAG is
  // joined as the same two env vars of a container are; the key's shape gates it, so other data pays nothing
  const joined = encoding === 'text' && ENV_IMAGE_KEY.test(key) && isRecord(n.parent) ? composeEnvPair(dataEnv(n.parent), key, n.value) : undefined;
  if (joined) return [{ raw: joined.raw, path: n.path, hint: 'named' }];
  if (encoding === 'text') return embeddedCandidates(n.value, key, n.path);
  const text = base64Text(n.value);
  if (text !== undefined) return embeddedCandidates(text, key, n.path, ['base64']);
  const inflated = gzipText(n.value);
  return inflated === undefined ? [] : embeddedCandidates(inflated, key, n.path, ['base64', 'gzip']);
}

/** A data key named as an env var holding a repository (STEM_IMAGE, STEM_IMAGE_NAME, _REPOSITORY...). */
const ENV_IMAGE_KEY = /^[A-Z0-9_]+_IMAGE(_REPOSITORY|_REPO|_NAME|_URL)?$/;

/** A ConfigMap's data as the env list a container loading it through envFrom sees (one per data map). */
const dataEnvs = new WeakMap<object, { name: string; value: unknown }[]>();
function dataEnv(data: Record<string, unknown>): { name: string; value: unknown }[] {
  let env = dataEnvs.get(data);
  if (env === undefined) dataEnvs.set(data, (env = Object.entries(data).map(([name, value]) => ({ name, value }))));
  return env;
}

/**
 * Settings as flat dotted keys of a ConfigMap (`scanner.repository`, `scanner.tag`: Java-properties
 * style): the repository and its tag are siblings by their prefix, not by nesting, and the
 * controller joins them (trivy-operator's `trivy.repository` + `trivy.tag`).
 */
function dottedDataSiblings(n: WalkNode): Candidate[] {
  if (n.path.length !== 1 || DATA_FIELDS[n.info.kind]?.[n.path[0] as string] !== 'text' || !isRecord(n.value)) return [];
  return dottedSiblings(n.value).joins.map(({ raw, key }) => ({ raw, path: [...n.path, key], hint: 'named' as const }));
}

const dottedJoins = new WeakMap<object, { joins: { raw: string; key: string }[]; joinedKeys: Set<string> }>();
function dottedSiblings(data: Record<string, unknown>): { joins: { raw: string; key: string }[]; joinedKeys: Set<string> } {
  let known = dottedJoins.get(data);
  if (known === undefined) {
    known = { joins: [], joinedKeys: new Set() };
    const byPrefix = new Map<string, Record<string, unknown>>();
    for (const [k, v] of Object.entries(data)) {
      const dot = k.lastIndexOf('.');
      if (dot <= 0 || dot === k.length - 1) continue;
      const group = byPrefix.get(k.slice(0, dot)) ?? {};
      group[k.slice(dot + 1)] = v;
      byPrefix.set(k.slice(0, dot), group);
    }
    for (const [prefix, group] of byPrefix) {
      const joined = Object.keys(group).length > 1 ? composeSiblingFields(group) : undefined;
      if (!joined) continue;
      known.joins.push({ raw: joined.raw, key: `${prefix}.${joined.keys[0]}` });
      for (const k of joined.keys) known.joinedKeys.add(`${prefix}.${k}`);
    }
    dottedJoins.set(data, known);
  }
  return known;
}

/** Any other string that spells a full reference: worth showing, never certain. */
function anyString(n: WalkNode): Candidate[] {
  return typeof n.value === 'string' && !/\s/.test(n.value.trim()) ? [{ raw: n.value.trim(), path: n.path, hint: 'loose' }] : [];
}

const PLACE_SITE = (i: DocInfo): SiteKind => (i.kind === 'ConfigMap' ? 'configmap' : i.custom ? 'custom-resource' : 'other');

/**
 * A CustomResourceDefinition's schema `default` for an image-named property (emqx-operator's
 * spec.reloaderImage: emqx/emqx-operator-reloader:0.0.2): the API server writes it into each
 * resource of the kind that leaves the field out, and the operator pulls it. The render holds no
 * such resource, so it is optional (`off`), brought by one the user makes (`setting`). A default
 * without a tag is a repository the operator completes (BASE_DEFAULT skips it); descriptions and
 * examples are prose, which the audit rejects. An object default that names an image (aibrix's
 * KVCache `cache: {default: {image: ...}}`) is written whole, the same way.
 */
function crdImageDefault(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string') return [];
  // the property's own default, or (kubebuilder's `default:={image: ...}`) the image key of its object default
  const own = at(n.path, 1) === 'default' && at(n.path, 3) === 'properties' ? at(n.path, 2) : undefined;
  const inObject = own === undefined && at(n.path, 2) === 'default' && at(n.path, 4) === 'properties' ? at(n.path, 1) : undefined;
  const key = own ?? inObject;
  if (typeof key !== 'string') return [];
  // a repository whose tag the schema defaults in a sibling (Pulp's image + image_version), or whose
  // object default holds it beside (Hazelcast's spec.agent `{repository, version}`): the two joined
  const props = own === undefined ? undefined : getIn(n.info.doc.object, n.path.slice(0, -2));
  // (not where the object also takes a `name`: its repository is then the path before it, k8ssandra's Stargate `{repository: stargateio, tag}`)
  const named = isRecord(getIn(n.info.doc.object, [...n.path.slice(0, -2), 'properties', 'name']));
  const object = inObject === undefined || named ? undefined : getIn(n.info.doc.object, n.path.slice(0, -1));
  const tagless = !toImageRef(n.value.trim())?.tag;
  const tag = !tagless ? undefined : isRecord(props) ? siblingTag(key, props) : isRecord(object) ? objectDefaultTag(key, object) : undefined;
  if (!isImageKey(key) && !(tag && (COMPONENT_IMAGE.test(key) || /^(repository|repo)$/i.test(key)))) return [];
  const schema = n.path.indexOf('openAPIV3Schema');
  if (schema < 0) return [];
  const field: string[] = [];
  for (let i = schema + 1; i < n.path.length - (inObject === undefined ? 1 : 2); i++) {
    if (n.path[i - 1] === 'properties' && typeof n.path[i] === 'string') field.push(String(n.path[i]));
    else if (n.path[i] === 'items' && field.length > 0) field[field.length - 1] += '[]';
  }
  if (typeof inObject === 'string') field.push(inObject);
  const spec = isRecord(n.info.doc.object) && isRecord(n.info.doc.object.spec) ? n.info.doc.object.spec : {};
  const kind = isRecord(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : 'custom';
  const group = typeof spec.group === 'string' ? ` (${spec.group})` : '';
  const unset = tag ? `${field.join('.')} and ${[...field.slice(0, -1), tag.field].join('.')}` : field.join('.');
  // an object's own boolean switch beside the image, off unless set (`monitoring: {enabled,
  // exporterImage}`): the operator runs the image only for a resource that turns it on too
  const sw = field.length > 1 && isRecord(props) ? ['enabled', 'enable'].find((k) => offSwitch(props[k])) : undefined;
  const turnsOn = sw ? `sets ${[...field.slice(0, -1), sw].join('.')}: true and ` : '';
  return [
    {
      raw: tag ? `${n.value.trim()}:${tag.value}` : n.value.trim(),
      path: n.path,
      hint: 'named',
      off: field,
      setting: `a ${kind}${group} resource that ${turnsOn}leaves ${unset} unset`,
    },
  ];
}

/** A schema property that is a boolean switch the API server leaves off (no `default: true`). */
const offSwitch = (p: unknown): boolean => isRecord(p) && p.type === 'boolean' && p.default !== true;

/**
 * A line of template text that gives a key a literal: `image: "acme/cli:1.0"`, a CUE parameter's
 * default `image: *"acme/cli:1.0" | string`, unquoted `image: acme/cli:1.0`.
 */
const TEMPLATE_LITERAL = /^\s*"?([A-Za-z_][\w-]*)"?\s*:\s*\*?\s*("?)([^\s"|,]+)\2\s*(?:\|\s*\w+)?\s*,?\s*$/;

/**
 * A template a custom resource carries as text in its controller's own language (KubeVela's CUE
 * in spec.schematic.cue.template): the controller renders it into workloads only for a resource
 * of the user's that uses it, so the literal references it writes are optional, brought by such
 * a resource. Under an image-named key any tagged reference counts; under another key (a
 * parameter `kanikoExecutor: *"acme/kaniko-executor:v1.9"`) only a path with a tag. Text that
 * reads as YAML or JSON is a config, not a template, and comments are prose.
 */
function crTemplateText(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string' || !n.value.includes('\n')) return [];
  const out: Candidate[] = [];
  for (const line of n.value.split('\n')) {
    if (/^\s*(\/\/|#)/.test(line)) continue;
    const m = TEMPLATE_LITERAL.exec(line);
    if (!m) continue;
    const [, key, , value] = m as unknown as [string, string, string, string];
    if (value.includes('://') || (!isImageKey(key) && !/\/.+:/.test(value))) continue;
    out.push({ raw: value, path: n.path, suffix: ` > ${key}`, hint: 'named', off: n.path, setting: `a resource that uses ${n.info.kind} ${n.info.name}` });
  }
  // a YAML or JSON text is data the other rules read, not template text; parsed only when a line
  // looks like a literal (a PrometheusRule's many multi-line expressions never are)
  return out.length === 0 || isDocumentText(n.value) ? [] : out;
}

/** A schema default: only a tagged (or digested) reference is a whole image. */
const TAGGED_ONLY: Policy = { bare: 'skip', tagged: 'certain', hosted: 'skip', 'hosted-tagged': 'certain', invalid: 'skip' };

export const SITE_TABLE: readonly SiteRule[] = [
  { id: 'container-image', site: 'pod-spec', docs: notCrd, find: containerImage, accept: everyHint(ANY) },
  { id: 'env-value', site: 'env', docs: notCrd, find: envValue, accept: BY_HINT },
  { id: 'container-arg', site: 'arg', docs: notCrd, find: argValue, accept: BY_HINT },
  {
    id: 'data-entry',
    site: (i) => (i.kind === 'Secret' ? 'secret' : 'configmap'),
    docs: (i) => i.kind === 'ConfigMap' || i.kind === 'Secret',
    find: dataEntry,
    accept: BY_HINT,
  },
  {
    id: 'data-dotted-siblings',
    site: 'configmap',
    docs: (i) => i.kind === 'ConfigMap',
    find: dottedDataSiblings,
    accept: BY_HINT,
  },
  {
    id: 'cr-image-field',
    site: 'custom-resource',
    docs: (i) => i.custom,
    find: customImageField,
    accept: BY_HINT,
  },
  {
    id: 'cr-package-field',
    site: 'custom-resource',
    docs: (i) => i.custom,
    find: customPackageField,
    accept: everyHint(PLAIN),
  },
  {
    id: 'cr-scheme-url',
    site: 'custom-resource',
    docs: (i) => i.custom,
    find: customSchemeUrl,
    accept: everyHint(PLAIN),
  },
  {
    id: 'cr-repository-tag',
    site: 'custom-resource',
    docs: (i) => i.custom,
    find: customRepositoryTag,
    accept: BY_HINT,
  },
  {
    id: 'crd-image-default',
    site: 'custom-resource',
    docs: (i) => i.kind === 'CustomResourceDefinition',
    find: crdImageDefault,
    accept: everyHint(TAGGED_ONLY),
    leafUnder: 'default',
  },
  {
    id: 'cr-template-text',
    site: 'custom-resource',
    docs: (i) => i.custom,
    find: crTemplateText,
    accept: everyHint(TAGGED_ONLY),
  },
  { id: 'any-string', site: PLACE_SITE, docs: notCrd, find: anyString, accept: everyHint(LOOSE) },
];
