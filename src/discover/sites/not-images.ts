// Strings shaped like an image that are not one, as data: each rule names what the string is and
// why nothing pulls it. Discovery drops a candidate a rule matches (outside pod specs, where
// whatever is written is pulled) and records the rule in the audit when one is asked for
// (verdicts/audit.ts), so `images --explain` prints the reason for every string it did not list.

import { isImageKey, type Candidate, type DocInfo } from './site-rules.js';
import { toImageRef, type ImageRef } from '../image-ref.js';
import type { Rejection } from '../verdicts/audit.js';
import { getIn } from '../values/value-markers.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { UNSELECTED_ALTERNATIVE } from '../decoders/selected-alternatives.js';

export interface NotAnImageRule {
  id: string;
  /** What the string is instead, said to a user. */
  reason: string;
  test: (c: Candidate, ref: ImageRef | undefined, doc: Pick<DocInfo, 'kind'> & Partial<Pick<DocInfo, 'doc'>>) => boolean;
}

/**
 * Label key prefixes (app.kubernetes.io/name, node.kubernetes.io/...) that a selector spells as
 * `prefix/name:value`; the Kubernetes project's registries under the same domains stay images.
 */
const LABEL_PREFIX = /(^|\.)(kubernetes\.io|k8s\.io|helm\.sh|openshift\.io)$/;
const KUBERNETES_REGISTRIES = new Set(['registry.k8s.io']);

/**
 * Data keys that a convention keeps for documentation beside the configuration: Knative's
 * `_example` (copied by projects built on it, KServe's inferenceservice-config) holds a commented
 * copy of every setting for `kubectl edit` readers; its controllers skip the key.
 */
const DOCUMENTATION_KEYS: readonly { kinds: ReadonlySet<string>; key: RegExp }[] = [
  { kinds: new Set(['ConfigMap']), key: /^_example$/ },
  // a message's body (Devtron's EXTERNAL_CI_PAYLOAD: the sample a CI webhook is shown to send): an
  // instance of data a program receives or prints, never a setting naming what it runs
  { kinds: new Set(['ConfigMap']), key: /(^|[_.-])payload$/i },
];

/**
 * Registries that keep every image under a namespace (quay.io/ORG/NAME, ghcr.io/OWNER/NAME,
 * gcr.io/PROJECT/NAME): there a host and one name is the namespace an operator puts its component
 * images under (Submariner's `repository: quay.io/submariner` beside its `version`), never an image.
 * Not registry.k8s.io, k8s.gcr.io, mcr.microsoft.com or an ECR account, where a single name is an image.
 */
const NAMESPACED_REGISTRIES = /^(quay\.io|ghcr\.io|((us|eu|asia)\.)?gcr\.io|public\.ecr\.aws|nvcr\.io)$/;

const host = (ref: ImageRef) => ref.domain.replace(/:\d+$/, '').toLowerCase();

/** Keys that hold where images go, not an image: imagePrefix, registry, defaultRegistry, image_registry. */
const PREFIX_KEY = /(^|[a-z0-9_-])(prefix|Prefix|PREFIX|registry|Registry|REGISTRY)$/;

/**
 * A registry host and its port alone (target.example:5000, localhost:5000): under a registry key it
 * is where images go, not a repository tagged with a number (Airbyte's JOB_KUBE_CONNECTOR_IMAGE_REGISTRY).
 */
const HOST_PORT = /^(localhost|([a-z0-9-]+\.)+[a-z0-9-]+):\d+$/i;

/**
 * Keys named for the repository of a database or data bundle a program downloads itself (Trivy's
 * `dbRepository`, `javaDbRepository`, TRIVY_DB_REPOSITORY): an OCI artifact of layers of data,
 * which no kubelet pulls as a container. One key, not a path: under a `db:` block of values a
 * `repository` is the database server's image.
 */
const DATA_REPOSITORY_KEY =
  /(^|[._-])(db|database)[_-]?(repo|repository)$|(^|[._-])(db|database)(Repo|Repository)$|[a-z0-9](Db|DB|Database)(Repo|Repository)$|(^|_)(DB|DATABASE)_(REPO|REPOSITORY)$/;

/**
 * Keys (values keys, env var names) of a list of images, repositories or registries a program
 * checks others against (mogenius' Renovate operator's POLICY_ALLOWED_IMAGES / allowedImages, an
 * admission policy's trustedRegistries, a cleaner's excludedImages): what it admits, refuses or
 * skips, never what it runs. A plural noun, so a single `trustedImage` is still read as an image.
 */
const LIST_KEY =
  /(allow|allowed|permit|permitted|trust|trusted|deny|denied|block|blocked|exclude|excluded|ignore|ignored|white|black)[_-]?(list[_-]?)?(images|registries|repositories|repos)$|(image|images|registry|registries|repository|repositories)[_-]?(allow|white|deny|block|exclude)[_-]?list$/i;

/**
 * The name a list of references is kept under: the last named field over list indexes
 * (`policy.allowedImages[1]`), or the env var's name for an env entry's value.
 */
function listKey(c: Candidate, doc: Partial<Pick<DocInfo, 'doc'>>): string | undefined {
  const p = c.path;
  if (p.length >= 3 && p[p.length - 1] === 'value' && p[p.length - 3] === 'env' && doc.doc) {
    const name = (getIn(sharedDocumentObject(doc.doc), p.slice(0, -1)) as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? name : undefined;
  }
  const named = [...p].reverse().find((s) => typeof s === 'string');
  return typeof named === 'string' ? named : undefined;
}

/** A number with a unit suffix Kubernetes quantities take (milli, k, and the decimal and binary multiples): no repository is spelled so. */
const QUANTITY = /^\d+(\.\d+)?(m|k|[KMGTPE]i?)$/;

/** A release number alone (1.23.0, v2.8, 7.0.16-rc1): what a version setting holds, no repository is spelled so. */
const VERSION_NUMBER = /^v?\d+(\.\d+){1,3}([-+][0-9A-Za-z.-]+)?$/;

/** The key a candidate was read under: the last field of an embedded document's path, else of its own. */
function keyOf(c: Candidate): string | undefined {
  const inner = c.suffix?.split('>').pop()?.trim().split('.').pop();
  const last = c.path[c.path.length - 1];
  return inner || (typeof last === 'string' ? last : undefined);
}
export const NOT_AN_IMAGE: readonly NotAnImageRule[] = [
  {
    id: 'crd-schema',
    reason: "text of a CustomResourceDefinition's schema (a description or an example): documentation, nothing pulls it",
    test: (c) => c.inSchema === true,
  },
  { ...UNSELECTED_ALTERNATIVE, test: (c) => c.unselected !== undefined },
  {
    id: 'label-selector',
    reason: 'a label as a selector spells it (prefix/name:value): the prefix is a label domain, not a registry',
    // a key named for an image (Datadog's chaos-controller config: injector.image k8s.io/chaos-injector:latest)
    // holds an image whatever its host: no selector is written under one
    test: (c, ref) =>
      ref !== undefined &&
      ref.explicitDomain &&
      !ref.path.includes('/') &&
      LABEL_PREFIX.test(host(ref)) &&
      !KUBERNETES_REGISTRIES.has(host(ref)) &&
      !isImageKey(keyOf(c) ?? ''),
  },
  {
    id: 'registry-namespace',
    reason:
      'a registry and one namespace (quay.io/acme): this registry keeps every image under a namespace, so it is where an operator puts its images, not one',
    test: (_c, ref) => ref !== undefined && ref.explicitDomain && !ref.path.includes('/') && NAMESPACED_REGISTRIES.test(host(ref)),
  },
  {
    id: 'registry-prefix',
    reason:
      'a registry (and path) under a key that names where images go (imagePrefix, registry): the prefix an operator puts image names under, with no tag of its own',
    test: (c, ref) => {
      const key = keyOf(c);
      const raw = c.raw.trim();
      if (ref === undefined || key === undefined || !PREFIX_KEY.test(key) || raw.includes('@')) return false;
      return !raw.slice(raw.lastIndexOf('/') + 1).includes(':') || HOST_PORT.test(raw);
    },
  },
  {
    id: 'data-repository',
    reason: 'the repository of a database a program downloads itself (a key named dbRepository): an artifact of data, not an image any node pulls',
    test: (c) => {
      const key = keyOf(c);
      return key !== undefined && DATA_REPOSITORY_KEY.test(key);
    },
  },
  {
    id: 'image-list',
    reason:
      'an entry of a list a program checks images against (allowedImages, trustedRegistries, excludedImages): what it admits or skips, not an image it pulls',
    test: (c, _ref, doc) => {
      const key = c.suffix ? keyOf(c) : listKey(c, doc);
      return key !== undefined && LIST_KEY.test(key);
    },
  },
  {
    id: 'quantity',
    reason:
      "a Kubernetes resource quantity (250m of CPU, 100Mi of memory), as a setting of an image's container spells it (HiveMQ's ..._INIT_IMAGE_RESOURCES_CPU): a size, not an image",
    test: (c) => QUANTITY.test(c.raw.trim()),
  },
  {
    id: 'version-number',
    reason:
      "a release number alone (1.23.0), as a version setting of an image's program spells it (Label Studio's LABEL_STUDIO_DOCKER_IMAGE holds its appVersion): a version, not an image",
    test: (c) => VERSION_NUMBER.test(c.raw.trim()),
  },
  {
    id: 'documentation-key',
    reason: "inside a data key kept for documentation (a ConfigMap's `_example`, an example configuration for readers): no controller reads it",
    test: (c, _ref, doc) => {
      const key = c.path[1];
      return c.path[0] === 'data' && typeof key === 'string' && DOCUMENTATION_KEYS.some((d) => d.kinds.has(doc.kind) && d.key.test(key));
    },
  },
];

/** The first rule that says a candidate is not an image, or undefined. */
export function notAnImage(c: Candidate, ref: ImageRef | undefined, doc: Pick<DocInfo, 'kind'> & Partial<Pick<DocInfo, 'doc'>>): NotAnImageRule | undefined {
  return NOT_AN_IMAGE.find((r) => r.test(c, ref, doc));
}

/**
 * The audit's words for an image-shaped string discovery drops for where it is, not for what it
 * is: no rule of the site table accepts that shape there, or its version slot has nothing to fill.
 */
export const UNNAMED_PLACE: Rejection = {
  id: 'unnamed-place',
  reason: 'no registry host, in a place nothing names as an image (name:tag there is as often a port, a time or a key:value): only HOST/PATH:TAG counts',
};
/**
 * Go's fmt marks a verb it could not fill in its output (`%!s(<nil>)` for a missing value,
 * `%!d(MISSING)`, `%!(EXTRA ...)`): a string holding one is a format error the template rendered
 * (`printf "%s/%s:%s"` of values the chart was not given), never a reference a runtime pulls.
 */
const GO_FORMAT_ERROR = /%!\w?\(/;
export const FORMAT_ERROR: Rejection = {
  id: 'format-error',
  reason: 'a Go format error the template rendered (printf given values that are unset: %!s(<nil>)): no image until the chart is given the values it formats',
};

/** The string holds a format error Go's fmt wrote in place of a value. */
export function isFormatError(raw: string): boolean {
  return GO_FORMAT_ERROR.test(raw);
}
export const EMPTY_TAG: Rejection = {
  id: 'empty-tag',
  reason:
    "a name and ':' with an empty tag after it (the value the chart joins as the tag is unset): no runtime pulls it, the name is invalid until that value is set",
};

/** `name:` with nothing after the colon, whose name is a reference: a tag value the chart left unset. */
export function emptyTagName(raw: string, hint: string): boolean {
  if (hint === 'plain' || hint === 'loose' || !/^[^\s:@]+(?::\d+)?\/[^\s:@]+:$/.test(raw)) return false;
  return toImageRef(raw.slice(0, -1)) !== undefined;
}
/**
 * An image object with a tag and no repository (sibling-fields tagWithoutRepository): an image
 * whose name its consumer's own defaults supply. The operator defaults table names it where it
 * knows the consumer (that site covers this place); elsewhere it stays doubtful, with this reason.
 */
export const TAG_ONLY: Rejection = {
  id: 'tag-without-repository',
  reason:
    'a tag with no repository beside it: whatever reads it pulls its own built-in repository at this tag, which the render does not name and the operator defaults table does not know here; find the program that reads it and carry its image by hand (bundle --image REF)',
};
export const NO_APP_VERSION: Rejection = {
  id: 'no-app-version',
  reason: 'a name whose version the chart fills from its appVersion, and the chart has none: nothing to pull until one is set',
};
/**
 * A values block whose repository is one bare name, the namespace the chart's own images sit under
 * (Octopus' `octopusdeploy` beside octopusdeploy/kubernetes-agent-tentacle), with no tag of its own:
 * the prefix a program appends each image's path to (the chart's own comment says so), never pulled
 * as itself.
 */
export const IMAGE_NAMESPACE: Rejection = {
  id: 'image-namespace',
  reason:
    "a bare repository that is the namespace of the chart's own images, with no tag of its own: a prefix its reader appends image paths to, not an image (Docker Hub's library/NAME)",
};
